/** Verifies a Cognito token against its pool's JWKS, check by check, so a failure says exactly which rule broke. */
import { compactVerify, createRemoteJWKSet, errors as joseErrors } from 'jose';
import { issuerOf, jwksUrlOf, validateRegion, validateUserPoolId, type Connection } from '../connection';
import { UserFacingError } from '../errors';
import { formatRemaining } from '../session';
import { decodeToken, normalizeToken, type DecodedToken } from './decode';

export type CheckName = 'format' | 'algorithm' | 'signature' | 'issuer' | 'token_use' | 'audience' | 'expiry';

export interface VerificationCheck {
  name: CheckName;
  ok: boolean;
  detail: string;
}

export interface VerificationReport {
  verified: boolean;
  /** The first failed check's sentence, when not verified. */
  reason?: string;
  checks: VerificationCheck[];
}

export interface VerifyOptions {
  jwksUrl: string;
  issuer: string;
  clientId: string;
  expectedUse?: 'id' | 'access';
  /** Leeway for `exp`/`nbf`, in seconds; Cognito's own services allow a small skew too. */
  clockToleranceSec?: number;
  /** Milliseconds since the epoch; defaults to the system clock. */
  now?: number;
}

/** Cognito signs with RS256 only; anything else (none, HS256 with the public key as secret, ...) is an attack or a foreign token. */
const PINNED_ALG = 'RS256';
const DEFAULT_TOLERANCE_SEC = 60;

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function jwksFor(url: string): ReturnType<typeof createRemoteJWKSet> {
  let set = jwksByUrl.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000 });
    jwksByUrl.set(url, set);
  }
  return set;
}

/** Forgets every cached key set (the next verification refetches). */
export function clearJwksCache(): void {
  jwksByUrl.clear();
}

function causeCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

function signatureFailure(err: unknown, url: string, kid: unknown): string {
  if (err instanceof joseErrors.JWKSNoMatchingKey) {
    return `No key with kid ${JSON.stringify(kid ?? null)} in the JWKS at ${url}; the token was not issued by this user pool, or its keys were rotated.`;
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'The signature does not match the pool\'s key: the token was altered or signed by someone else.';
  }
  if (err instanceof joseErrors.JWKSMultipleMatchingKeys) return `The JWKS at ${url} has several keys matching this token; the key set is ambiguous.`;
  if (err instanceof joseErrors.JWKSTimeout) return `Could not fetch the signing keys from ${url}: the request timed out.`;
  if (err instanceof joseErrors.JWKSInvalid) return `The document at ${url} is not a valid JSON Web Key Set.`;
  if (err instanceof joseErrors.JOSEError && /200 OK/.test(err.message)) {
    return `Could not fetch the signing keys from ${url}: the server did not answer 200 OK; check the pool id, region and endpoint.`;
  }
  if (err instanceof joseErrors.JOSEError && /parse/i.test(err.message)) return `The document at ${url} is not valid JSON.`;
  if (err instanceof joseErrors.JOSEError) return `The signature could not be verified: ${err.message}.`;
  return `Could not fetch the signing keys from ${url} (${causeCode(err)}); check the network and the endpoint.`;
}

// A claim far outside what a Date holds (exp: 1e16) must become a failed check, never a RangeError.
function isoOf(epochSec: number): string {
  const date = new Date(epochSec * 1000);
  return Number.isNaN(date.getTime()) ? `${epochSec} (not a valid date)` : date.toISOString();
}

function audienceCheck(decoded: DecodedToken, clientId: string): VerificationCheck {
  const { payload, kind } = decoded;
  if (kind === 'access' || (kind === 'unknown' && payload.aud === undefined)) {
    const got = payload.client_id;
    if (got === clientId) return { name: 'audience', ok: true, detail: `client_id is the app client ${clientId}.` };
    return {
      name: 'audience',
      ok: false,
      detail: got === undefined ? `The token has no client_id claim; expected ${clientId}.` : `client_id is ${String(got)}, not the app client ${clientId}.`,
    };
  }
  const aud = payload.aud;
  const list = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  if (list.includes(clientId)) return { name: 'audience', ok: true, detail: `aud is the app client ${clientId}.` };
  return {
    name: 'audience',
    ok: false,
    detail: list.length ? `aud is ${list.map(String).join(', ')}, not the app client ${clientId}.` : `The token has no aud claim; expected ${clientId}.`,
  };
}

function expiryCheck(payload: Record<string, unknown>, nowSec: number, tolerance: number): VerificationCheck {
  const exp = payload.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { name: 'expiry', ok: false, detail: 'The token has no numeric exp claim, so it never expires; Cognito tokens always do.' };
  if (Number.isNaN(new Date(exp * 1000).getTime())) return { name: 'expiry', ok: false, detail: `The token's exp claim (${exp}) is not a valid time; Cognito tokens expire within a day.` };
  const nbf = payload.nbf;
  if (typeof nbf === 'number' && nowSec + tolerance < nbf) {
    return { name: 'expiry', ok: false, detail: `The token is not valid before ${isoOf(nbf)} (${formatRemaining((nbf - nowSec) * 1000)} from now).` };
  }
  // A token "issued" in the future was minted with a wrong clock or forged to outlive its real lifetime.
  const iat = payload.iat;
  if (typeof iat === 'number' && nowSec + tolerance < iat) {
    return { name: 'expiry', ok: false, detail: `The token claims to be issued at ${isoOf(iat)}, ${formatRemaining((iat - nowSec) * 1000)} from now; check this computer's clock, or the token is not genuine.` };
  }
  const left = (exp - nowSec) * 1000;
  if (nowSec - tolerance >= exp) {
    return { name: 'expiry', ok: false, detail: `The token expired at ${isoOf(exp)} (${formatRemaining(left)}), beyond the ${tolerance} s leeway.` };
  }
  if (left <= 0) {
    return { name: 'expiry', ok: true, detail: `The token expired at ${isoOf(exp)} (${formatRemaining(left)}) but is within the ${tolerance} s leeway.` };
  }
  return { name: 'expiry', ok: true, detail: `Valid until ${isoOf(exp)} (${formatRemaining(left)} left).` };
}

/**
 * Verifies a Cognito ID or access token: pinned RS256, key chosen by `kid` from the JWKS at `jwksUrl`,
 * exact issuer, `token_use`, audience (`aud` or `client_id`) and expiry with leeway.
 * Never throws for a bad token or an unreachable JWKS: every outcome is a report.
 */
export async function verifyToken(token: string, opts: VerifyOptions): Promise<VerificationReport> {
  const checks: VerificationCheck[] = [];
  let decoded: DecodedToken;
  try {
    decoded = decodeToken(token);
  } catch (err) {
    const detail = err instanceof UserFacingError ? err.message : `The token could not be decoded: ${String(err)}.`;
    return finish([{ name: 'format', ok: false, detail }]);
  }
  checks.push({ name: 'format', ok: true, detail: 'Three base64url parts with a JSON header and payload.' });

  const alg = decoded.header.alg;
  const algOk = alg === PINNED_ALG;
  checks.push({
    name: 'algorithm',
    ok: algOk,
    detail: algOk ? 'RS256, as Cognito signs.' : `The algorithm is ${JSON.stringify(alg ?? null)}; only RS256 is accepted for Cognito tokens.`,
  });

  const kid = decoded.header.kid;
  if (!algOk) {
    checks.push({ name: 'signature', ok: false, detail: 'Not checked: the algorithm is not RS256.' });
  } else if (typeof kid !== 'string' || !kid) {
    // Without a kid, jose would try any RSA key of the set; Cognito always names the key, so this token is foreign.
    checks.push({ name: 'signature', ok: false, detail: 'The token\'s header has no kid, so no key of the pool\'s JWKS can be chosen; Cognito always sets one.' });
  } else {
    try {
      await compactVerify(normalizeToken(token), jwksFor(opts.jwksUrl), { algorithms: [PINNED_ALG] });
      checks.push({ name: 'signature', ok: true, detail: `Signed by key ${JSON.stringify(kid)} from ${opts.jwksUrl}.` });
    } catch (err) {
      checks.push({ name: 'signature', ok: false, detail: signatureFailure(err, opts.jwksUrl, kid) });
    }
  }

  const { payload } = decoded;
  checks.push(
    payload.iss === opts.issuer
      ? { name: 'issuer', ok: true, detail: `Issued by ${opts.issuer}.` }
      : {
          name: 'issuer',
          ok: false,
          detail: payload.iss === undefined ? `The token has no iss claim; expected ${opts.issuer}.` : `Issued by ${String(payload.iss)}, not ${opts.issuer}.`,
        },
  );

  const use = payload.token_use;
  if (use !== 'id' && use !== 'access') {
    checks.push({ name: 'token_use', ok: false, detail: `token_use is ${JSON.stringify(use ?? null)}; a Cognito token says "id" or "access".` });
  } else if (opts.expectedUse && use !== opts.expectedUse) {
    checks.push({ name: 'token_use', ok: false, detail: `This is an ${use} token but an ${opts.expectedUse} token was expected.` });
  } else {
    checks.push({ name: 'token_use', ok: true, detail: use === 'id' ? 'An ID token.' : 'An access token.' });
  }

  checks.push(audienceCheck(decoded, opts.clientId));
  const nowSec = Math.floor((opts.now ?? Date.now()) / 1000);
  checks.push(expiryCheck(payload, nowSec, opts.clockToleranceSec ?? DEFAULT_TOLERANCE_SEC));
  return finish(checks);
}

function finish(checks: VerificationCheck[]): VerificationReport {
  const failed = checks.find((c) => !c.ok);
  return failed ? { verified: false, reason: failed.detail, checks } : { verified: true, checks };
}

/**
 * Verifies against a saved connection: its issuer, app client and JWKS location (the emulator's when an endpoint is set).
 * The pool id and region are checked first, as they become part of the JWKS URL.
 */
export async function verifyForConnection(
  token: string,
  conn: Pick<Connection, 'region' | 'userPoolId' | 'clientId' | 'endpointUrl'>,
  expectedUse?: 'id' | 'access',
  extra: Pick<VerifyOptions, 'now' | 'clockToleranceSec'> = {},
): Promise<VerificationReport> {
  const problem = validateRegion(conn.region) ?? validateUserPoolId(conn.userPoolId, conn.region);
  if (problem) return finish([{ name: 'signature', ok: false, detail: `Not checked: ${problem.replace(/\.$/, '')}; fix the connection.` }]);
  return verifyToken(token, { jwksUrl: jwksUrlOf(conn), issuer: issuerOf(conn), clientId: conn.clientId, expectedUse, ...extra });
}
