/** The claim checks of a verification (token_use, audience, times with leeway) and the clock-skew report. */
import { formatRemaining } from '../session';
import { displayValue } from '../text';
import type { DecodedToken } from './decode';
import type { KeySet } from './jwks';
import type { VerificationCheck } from './verify';

export const DEFAULT_LEEWAY_SEC = 60;
/** More leeway than this would accept tokens an hour past expiry, i.e. a whole extra Cognito token lifetime. */
export const MAX_LEEWAY_SEC = 3600;
// The Date header has whole seconds and the request takes time: smaller differences are noise.
const SKEW_WORTH_SAYING_SEC = 5;

/** A leeway in seconds from a setting or a flag; undefined when it is not a whole number from 0 to MAX_LEEWAY_SEC. */
export function parseLeeway(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_LEEWAY_SEC ? n : undefined;
}

/** This computer's clock minus the key set's server clock, in whole seconds; undefined without a Date header. */
export function skewSeconds(set: KeySet | undefined): number | undefined {
  if (!set || set.serverDate === undefined) return undefined;
  return Math.round((set.receivedAt - set.serverDate) / 1000);
}

function skewSentence(skewSec: number | undefined): string {
  if (skewSec === undefined || Math.abs(skewSec) < SKEW_WORTH_SAYING_SEC) return '';
  const way = skewSec > 0 ? 'ahead of' : 'behind';
  return ` This computer's clock is ${formatRemaining(Math.abs(skewSec) * 1000)} ${way} the key server's (its Date header).`;
}

const validDate = (epochSec: number) => !Number.isNaN(new Date(epochSec * 1000).getTime());

// A claim far outside what a Date holds (exp: 1e16) must become a failed check, never a RangeError.
function isoOf(epochSec: number): string {
  return validDate(epochSec) ? new Date(epochSec * 1000).toISOString() : `${epochSec} (not a valid date)`;
}

/** "2026-12-03T10:00:00.000Z (10 min from now)"; no relative part for a time no date can hold (no "Infinity d"). */
function when(epochSec: number, nowSec: number): string {
  return validDate(epochSec) ? `${isoOf(epochSec)} (${formatRemaining((epochSec - nowSec) * 1000)} from now)` : isoOf(epochSec);
}

function tokenUseCheck(use: unknown, expected: 'id' | 'access' | undefined): VerificationCheck {
  if (use !== 'id' && use !== 'access') return { name: 'token_use', ok: false, detail: `token_use is ${displayValue(JSON.stringify(use ?? null) ?? use)}; a Cognito token says "id" or "access".` };
  if (expected && use !== expected) return { name: 'token_use', ok: false, detail: `This is an ${use} token but an ${expected} token was expected.` };
  return { name: 'token_use', ok: true, detail: use === 'id' ? 'An ID token.' : 'An access token.' };
}

function audienceCheck(decoded: DecodedToken, clientId: string): VerificationCheck {
  const { payload, kind } = decoded;
  if (kind === 'access' || (kind === 'unknown' && payload.aud === undefined)) {
    const got = payload.client_id;
    if (got === clientId) return { name: 'audience', ok: true, detail: `client_id is the app client ${clientId}.` };
    return {
      name: 'audience',
      ok: false,
      detail: got === undefined ? `The token has no client_id claim; expected ${clientId}.` : `client_id is ${displayValue(got)}, not the app client ${clientId}.`,
    };
  }
  const aud = payload.aud;
  const list: unknown[] = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  if (list.includes(clientId)) return { name: 'audience', ok: true, detail: `aud is the app client ${clientId}.` };
  return {
    name: 'audience',
    ok: false,
    detail: aud === undefined ? `The token has no aud claim; expected ${clientId}.` : `aud is ${Array.isArray(aud) ? list.map(displayValue).join(', ') || '[]' : displayValue(aud)}, not the app client ${clientId}.`,
  };
}

/** A time claim that is present must be a finite number: `"tomorrow"`, `null` or 1e400 (Infinity) fail. */
function notATime(payload: Record<string, unknown>, claim: 'exp' | 'nbf' | 'iat'): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(payload, claim)) return undefined;
  const v = payload[claim];
  if (typeof v === 'number' && Number.isFinite(v)) return undefined;
  return `The token's ${claim} claim is ${displayValue(v)}, not a finite number of seconds; Cognito writes times as numbers.`;
}

function expiryCheck(payload: Record<string, unknown>, nowSec: number, leeway: number, skewSec: number | undefined): VerificationCheck {
  const fail = (detail: string): VerificationCheck => ({ name: 'expiry', ok: false, detail: `${detail}${skewSentence(skewSec)}` });
  if (payload.exp === undefined) return fail('The token has no numeric exp claim, so it never expires; Cognito tokens always do.');
  if (typeof payload.exp !== 'number') return fail(`The token has no numeric exp claim (exp is ${displayValue(payload.exp)}), so it never expires; Cognito tokens always do.`);
  const bad = notATime(payload, 'exp') ?? notATime(payload, 'nbf') ?? notATime(payload, 'iat');
  if (bad) return fail(bad);
  const exp = payload.exp;
  if (!validDate(exp)) return fail(`The token's exp claim (${exp}) is not a valid time; Cognito tokens expire within a day.`);
  const nbf = payload.nbf as number | undefined;
  if (nbf !== undefined && nowSec + leeway < nbf) return fail(`The token is not valid before ${when(nbf, nowSec)}.`);
  // A token "issued" in the future was minted with a wrong clock or forged to outlive its real lifetime.
  const iat = payload.iat as number | undefined;
  if (iat !== undefined && nowSec + leeway < iat) {
    return fail(`The token claims to be issued at ${when(iat, nowSec)}; check this computer's clock, or the token is not genuine.`);
  }
  const left = (exp - nowSec) * 1000;
  if (nowSec - leeway >= exp) return fail(`The token expired at ${isoOf(exp)} (${formatRemaining(left)}), beyond the ${leeway} s leeway.`);
  const skew = skewSentence(skewSec);
  if (left <= 0) return { name: 'expiry', ok: true, detail: `The token expired at ${isoOf(exp)} (${formatRemaining(left)}) but is within the ${leeway} s leeway.${skew}` };
  return { name: 'expiry', ok: true, detail: `Valid until ${isoOf(exp)} (${formatRemaining(left)} left).${skew}` };
}

/** token_use, audience and expiry, in that order. */
export function claimChecks(
  decoded: DecodedToken,
  opts: { clientId: string; expectedUse?: 'id' | 'access'; leewaySec: number; now: number; skewSec?: number },
): VerificationCheck[] {
  return [
    tokenUseCheck(decoded.payload.token_use, opts.expectedUse),
    audienceCheck(decoded, opts.clientId),
    expiryCheck(decoded.payload, Math.floor(opts.now / 1000), opts.leewaySec, opts.skewSec),
  ];
}
