/**
 * What the token panel shows, computed from the pushed state: pure functions with no DOM, so mocha tests them
 * directly and the renderer only places text.
 */
import { formatSpan } from '../src/shared/duration';
import type { CheckName, ClaimExplanation, TokenTimesView, TokenView, VerificationCheck } from '../src/shared/protocol';

/** "in 54 min", "3 min ago", "in 40 s", "in 2 h 5 min", "3 d 4 h ago", "now". */
export function formatRelative(targetMs: number, nowMs: number): string {
  const diff = targetMs - nowMs;
  const s = Math.floor(Math.abs(diff) / 1000);
  if (s < 1) return 'now';
  const text = formatSpan(s);
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

export interface DateFormat {
  /** BCP 47 locale; undefined means the webview's (the editor's display language). */
  locale?: string;
  /** IANA zone; undefined means the machine's local zone. */
  timeZone?: string;
}

/** The local date and time with its zone name, e.g. "1 May 2024, 14:43:09 CEST". */
export function formatLocal(epochSeconds: number, format: DateFormat = {}): string {
  return new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeStyle: 'long', timeZone: format.timeZone }).format(
    new Date(epochSeconds * 1000),
  );
}

/** "2024-05-01 12:43:09 UTC": sortable, and the same on every machine. */
export function formatUtc(epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export interface TimeRow {
  claim: 'iat' | 'auth_time' | 'nbf' | 'exp';
  label: string;
  epoch: number;
  local: string;
  utc: string;
  relative: string;
  /** exp in the past, or nbf in the future: the token is not usable now. */
  warning: boolean;
}

const TIME_ORDER: Array<{ key: keyof TokenTimesView; claim: TimeRow['claim']; label: string }> = [
  { key: 'issuedAt', claim: 'iat', label: 'Issued at' },
  { key: 'authTime', claim: 'auth_time', label: 'Authenticated at' },
  { key: 'notBefore', claim: 'nbf', label: 'Not before' },
  { key: 'expiresAt', claim: 'exp', label: 'Expires at' },
];

/** True when this time makes the token unusable now: exp passed, or nbf still ahead. */
export function isTimeWarning(claim: string, ms: number, nowMs: number): boolean {
  return (claim === 'exp' && ms <= nowMs) || (claim === 'nbf' && ms > nowMs);
}

/** One row per time claim present, in the order a token lives through them. */
export function timeRows(times: TokenTimesView, nowMs: number, format: DateFormat = {}): TimeRow[] {
  const rows: TimeRow[] = [];
  for (const { key, claim, label } of TIME_ORDER) {
    const t = times[key];
    if (!t) continue;
    const ms = t.epoch * 1000;
    rows.push({
      claim,
      label,
      epoch: t.epoch,
      local: formatLocal(t.epoch, format),
      utc: formatUtc(t.epoch),
      relative: formatRelative(ms, nowMs),
      warning: isTimeWarning(claim, ms, nowMs),
    });
  }
  return rows;
}

/** "Expires in 54 min" / "Expired 3 min ago" / "No expiry claim": the line under each tab's headline. */
export function expirySummary(times: TokenTimesView, nowMs: number): string {
  if (!times.expiresAt) return 'No expiry claim';
  const ms = times.expiresAt.epoch * 1000;
  const relative = formatRelative(ms, nowMs);
  return ms > nowMs ? `Expires ${relative}` : `Expired ${relative === 'now' ? 'just now' : relative}`;
}

/** Claim values as text: strings as they are, arrays as a list, objects as compact JSON. */
export function formatClaimValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

export interface ClaimRow {
  claim: string;
  value: string;
  meaning: string;
}

export function claimRows(claims: readonly ClaimExplanation[]): ClaimRow[] {
  return claims.map((c) => ({ claim: c.claim, value: formatClaimValue(c.value), meaning: c.meaning }));
}

const CHECK_LABELS: Record<CheckName, string> = {
  format: 'Format',
  algorithm: 'Algorithm',
  signature: 'Signature (pool JWKS)',
  issuer: 'Issuer',
  token_use: 'token_use',
  audience: 'Audience / client_id',
  expiry: 'Expiry',
};

export interface CheckRow {
  name: CheckName;
  label: string;
  mark: '✓' | '✗';
  ok: boolean;
  detail: string;
}

export function checkRows(checks: readonly VerificationCheck[]): CheckRow[] {
  return checks.map((c) => ({ name: c.name, label: CHECK_LABELS[c.name] ?? c.name, mark: c.ok ? '✓' : '✗', ok: c.ok, detail: c.detail }));
}

export interface Headline {
  tone: 'ok' | 'bad' | 'pending';
  /** "Signature valid", "Signature invalid: <reason>", "Verifying signature…", "Could not verify: <error>". */
  text: string;
  /** Overall verdict over every check, shown under the headline once known. */
  verdict?: string;
  verdictOk?: boolean;
}

/** The headline is about the signature alone; whether the token as a whole passes is the verdict beneath it. */
export function headline(token: Pick<TokenView, 'verification' | 'decodeError'>): Headline {
  if (token.decodeError) return { tone: 'bad', text: `Signature invalid: ${token.decodeError}` };
  const v = token.verification;
  if (v.status === 'pending') return { tone: 'pending', text: 'Verifying signature…' };
  if (v.status === 'error') return { tone: 'bad', text: `Could not verify: ${v.error}` };
  const { result } = v;
  const signature = result.checks.find((c) => c.name === 'signature');
  const verdict = result.verified ? 'All checks passed.' : `Token not accepted: ${result.reason ?? failedSummary(result.checks)}`;
  if (signature?.ok) return { tone: 'ok', text: 'Signature valid', verdict, verdictOk: result.verified };
  const reason = signature ? signature.detail : (result.reason ?? failedSummary(result.checks));
  return { tone: 'bad', text: `Signature invalid: ${reason}`, verdict, verdictOk: result.verified };
}

function failedSummary(checks: readonly VerificationCheck[]): string {
  const failed = checks.filter((c) => !c.ok);
  return failed.length ? failed.map((c) => c.detail).join(' ') : 'no reason given.';
}

/** The tab title: "ID token ✓" once verified, "✗" when any check failed. */
export function tabLabel(token: Pick<TokenView, 'which' | 'verification' | 'decodeError'>): string {
  const name = token.which === 'id' ? 'ID token' : 'Access token';
  if (token.decodeError) return `${name} ✗`;
  const v = token.verification;
  if (v.status === 'done') return `${name} ${v.result.verified ? '✓' : '✗'}`;
  if (v.status === 'error') return `${name} ✗`;
  return name;
}

/** Pretty JSON for the header and payload blocks. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
