/** Decodes a JWT without verifying it: header, payload, readable times and which kind of Cognito token it is. */
import { UserFacingError } from '../errors';

export interface TokenTime {
  /** Seconds since the epoch, as in the claim. */
  epoch: number;
  iso: string;
}

export interface TokenTimes {
  issuedAt?: TokenTime;
  expiresAt?: TokenTime;
  authTime?: TokenTime;
  notBefore?: TokenTime;
}

export interface DecodedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  times: TokenTimes;
  kind: 'id' | 'access' | 'unknown';
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Cognito tokens are a few KB (an ID token with many groups and attributes stays well under this); anything larger is
 * refused before any base64 or JSON work, so pasting a huge blob cannot stall the panel or the CLI.
 */
export const MAX_TOKEN_CHARS = 64 * 1024;

function malformed(sentence: string): UserFacingError {
  return new UserFacingError(sentence, 'MalformedToken');
}

/** Strips whitespace, surrounding quotes and a "Bearer " prefix, as pasted from a header or a log. */
export function normalizeToken(input: string): string {
  let t = (input ?? '').trim();
  if (/^bearer(\s|$)/i.test(t)) t = t.replace(/^bearer/i, '').trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) t = t.slice(1, -1).trim();
  return t;
}

function tooLarge(chars: number): UserFacingError {
  return malformed(`This is too long for a Cognito token (${Math.ceil(chars / 1024)} KB; tokens are at most ${MAX_TOKEN_CHARS / 1024} KB); check what was pasted.`);
}

/** Cognito claims nest three levels at most (identities); deeper JSON is refused before anything recurses into it. */
export const MAX_CLAIM_DEPTH = 16;

/** How deep objects and arrays nest in JSON text, counted without parsing (stops counting past `limit`). */
export function jsonDepth(text: string, limit = MAX_CLAIM_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function decodePart(part: string, which: 'header' | 'payload'): Record<string, unknown> {
  if (!part) throw malformed(`This is not a JWT: the ${which} part is empty.`);
  if (!BASE64URL.test(part)) throw malformed(`This is not a JWT: the ${which} contains characters that are not base64url.`);
  const text = Buffer.from(part, 'base64url').toString('utf8');
  if (jsonDepth(text) > MAX_CLAIM_DEPTH) {
    throw malformed(`This is not a Cognito token: its ${which} nests objects or arrays more than ${MAX_CLAIM_DEPTH} levels deep, which no Cognito token does.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(`This is not a JWT: the ${which} is not valid JSON once base64url-decoded.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed(`This is not a JWT: the ${which} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

function timeOf(value: unknown): TokenTime | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  return { epoch: value, iso: date.toISOString() };
}

/** Reads `iat`, `exp`, `auth_time` and `nbf` as dates; claims that are not numbers are left out. */
export function tokenTimes(payload: Record<string, unknown>): TokenTimes {
  const times: TokenTimes = {};
  const issuedAt = timeOf(payload.iat);
  const expiresAt = timeOf(payload.exp);
  const authTime = timeOf(payload.auth_time);
  const notBefore = timeOf(payload.nbf);
  if (issuedAt) times.issuedAt = issuedAt;
  if (expiresAt) times.expiresAt = expiresAt;
  if (authTime) times.authTime = authTime;
  if (notBefore) times.notBefore = notBefore;
  return times;
}

/**
 * Decodes a JWT (optionally prefixed by "Bearer ") without checking its signature.
 * Throws a UserFacingError whose message says what is wrong with malformed input.
 */
export function decodeToken(token: string): DecodedToken {
  if ((token ?? '').length > MAX_TOKEN_CHARS * 2) throw tooLarge(token.length);
  const t = normalizeToken(token);
  if (!t) throw malformed('This is not a JWT: the token is empty.');
  if (t.length > MAX_TOKEN_CHARS) throw tooLarge(t.length);
  const parts = t.split('.');
  if (parts.length !== 3) {
    const hint = parts.length === 5 ? ' It looks like an encrypted token (JWE), which cannot be decoded without its key.' : '';
    throw malformed(`This is not a JWT: expected three parts separated by dots, found ${parts.length}.${hint}`);
  }
  const header = decodePart(parts[0], 'header');
  const payload = decodePart(parts[1], 'payload');
  // An empty signature (alg "none") still decodes, so it can be shown; verification rejects it.
  if (!BASE64URL.test(parts[2])) throw malformed('This is not a JWT: the signature contains characters that are not base64url.');
  const use = payload.token_use;
  const kind = use === 'id' ? 'id' : use === 'access' ? 'access' : 'unknown';
  return { header, payload, times: tokenTimes(payload), kind };
}
