/**
 * Finds JWT-looking strings in editor text and sums a token up in one line, cheaply: the only full pass over the
 * text is a native `indexOf` for the `J` of `eyJ` (every JWT's JSON header starts with `{"`, base64url `eyJ`), so
 * text without tokens costs almost nothing, and only candidates are looked at character by character.
 */
import type { Connection } from '../connection';
import { connectionOfIssuer, issuerPool } from './issuers';
import { formatRemaining } from '../session';
import { displayValue } from '../text';
import { decodeToken, MAX_TOKEN_CHARS, type DecodedToken } from './decode';

export interface JwtMatch {
  /** Offsets into the scanned text: `text.slice(start, end)` is the token. */
  start: number;
  end: number;
  token: string;
}

export interface ScanOptions {
  /** Stop after this many matches (a generated file full of tokens must not produce thousands of lenses). */
  maxMatches?: number;
}

/** A file with more tokens than this gets lenses for the first ones only. */
export const MAX_MATCHES = 500;

// 1 for base64url characters, 2 for the dot; a table beats a regex per character on long candidates.
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_-]/.test(ch)) CLASS[c] = 1;
}
CLASS['.'.charCodeAt(0)] = 2;

function classOf(code: number): number {
  return code < 128 ? CLASS[code] : 0;
}

/** Three dot-separated base64url parts whose first two start like JSON objects, decoding as a JWT. */
function candidateAt(text: string, start: number): JwtMatch | undefined {
  let end = start;
  let dots = 0;
  const limit = Math.min(text.length, start + MAX_TOKEN_CHARS + 1);
  while (end < limit) {
    const k = classOf(text.charCodeAt(end));
    if (k === 0) break;
    if (k === 2) dots++;
    end++;
  }
  if (end - start > MAX_TOKEN_CHARS) return undefined;
  // A sentence may end right after a token ("the token eyJ….sig."); that dot is not part of it.
  while (dots > 2 && text.charCodeAt(end - 1) === 46) {
    end--;
    dots--;
  }
  if (dots !== 2) return undefined;
  const token = text.slice(start, end);
  const [, payload, signature] = token.split('.');
  if (!payload.startsWith('eyJ') || !signature) return undefined;
  try {
    decodeToken(token);
  } catch {
    return undefined;
  }
  return { start, end, token };
}

/**
 * Every JWT in `text`, in order. A match must not continue a longer base64url word on its left, so a token inside
 * a bigger blob is not cut out of it.
 */
export function findJwts(text: string, opts: ScanOptions = {}): JwtMatch[] {
  const max = opts.maxMatches ?? MAX_MATCHES;
  const found: JwtMatch[] = [];
  let from = 0;
  while (found.length < max) {
    // A one-character search runs as memchr, several times faster than searching "eyJ" in prose full of "e"s.
    const j = text.indexOf('J', from);
    if (j < 0) break;
    const at = j - 2;
    if (at < 0 || text.charCodeAt(at) !== 101 || text.charCodeAt(at + 1) !== 121 || (at > 0 && classOf(text.charCodeAt(at - 1)) === 1)) {
      from = j + 1;
      continue;
    }
    const match = candidateAt(text, at);
    if (match) {
      found.push(match);
      from = match.end;
    } else {
      from = at + 3;
    }
  }
  return found;
}

/** Documents beyond this are not scanned at all (VS Code itself turns features off for such files). */
export const MAX_SCAN_CHARS = 50 * 1024 * 1024;

/** What the CodeLens provider runs per document version; text without tokens costs about one memchr pass. */
export function scanDocument(text: string): JwtMatch[] {
  return text.length > MAX_SCAN_CHARS ? [] : findJwts(text);
}

/** The JWT that covers `offset` in `text`, looking only at a window around it (a hover must not scan a 5 MB line). */
export function jwtAt(text: string, offset: number): JwtMatch | undefined {
  // Any token covering `offset` starts after `from`, so a piece cut at the window's left edge can never be returned.
  const from = Math.max(0, offset - MAX_TOKEN_CHARS - 1);
  const window = text.slice(from, Math.min(text.length, offset + MAX_TOKEN_CHARS));
  for (const m of findJwts(window, { maxMatches: Number.MAX_SAFE_INTEGER })) {
    if (m.start + from <= offset && offset <= m.end + from) return { start: m.start + from, end: m.end + from, token: m.token };
    if (m.start + from > offset) break;
  }
  return undefined;
}

export interface TokenSummary {
  /** cognito:username, username or email, else sub; undefined when the token names nobody. */
  who?: string;
  email?: string;
  /** "us-east-1_abc (us-east-1)" for a Cognito pool, "local_abc (emulator at http://…)" for an emulator's, else the raw issuer. */
  pool?: string;
  /** The name of the saved connection the token belongs to, when one matches. */
  connection?: string;
  tokenUse?: string;
  clientId?: string;
  /** ISO 8601 expiry. */
  expiresAt?: string;
  /** "in 54 min" / "expired 3 min ago"; undefined without exp. */
  expiry?: string;
  expired: boolean;
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : displayValue(value);
}

/**
 * Who, which pool, token_use and expiry of a decoded token, as display-safe text (control characters escaped), and
 * which of `connections` it belongs to (emulator issuers match only connections with an endpoint).
 */
export function summarizeToken(decoded: DecodedToken, nowMs: number, connections: readonly Connection[] = []): TokenSummary {
  const p = decoded.payload;
  const pool = issuerPool(p.iss);
  const exp = decoded.times.expiresAt;
  const left = exp ? exp.epoch * 1000 - nowMs : undefined;
  const summary: TokenSummary = { expired: left !== undefined && left <= 0 };
  const who = text(p['cognito:username']) ?? text(p.username) ?? text(p.email) ?? text(p.sub);
  if (who) summary.who = who;
  const email = text(p.email);
  if (email && email !== who) summary.email = email;
  const where = pool?.emulatorOrigin ? `emulator at ${pool.emulatorOrigin}` : pool?.region;
  const poolText = pool ? (where ? `${text(pool.userPoolId)} (${text(where)})` : text(pool.userPoolId)) : text(p.iss);
  if (poolText) summary.pool = poolText;
  const use = text(p.token_use);
  if (use) summary.tokenUse = use;
  const client = text(p.client_id) ?? text(Array.isArray(p.aud) ? p.aud[0] : p.aud);
  if (client) summary.clientId = client;
  const match = connectionOfIssuer(p.iss, clientOf(p), connections);
  if (match) summary.connection = displayValue(match.name);
  if (exp && left !== undefined) {
    summary.expiresAt = exp.iso;
    summary.expiry = left > 0 ? `expires in ${formatRemaining(left)}` : formatRemaining(left);
  }
  return summary;
}

/** The app client a token names: `client_id` (access tokens), else the first `aud` (ID tokens); '' when neither. */
export function clientOf(p: Record<string, unknown>): string {
  const aud = Array.isArray(p.aud) ? p.aud[0] : p.aud;
  return typeof p.client_id === 'string' ? p.client_id : typeof aud === 'string' ? aud : '';
}
