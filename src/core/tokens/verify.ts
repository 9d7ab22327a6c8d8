/** Verifies a Cognito token against its pool's JWKS, check by check, so a failure says exactly which rule broke. */
import type { JWK } from 'jose';
import { validateRegion, validateUserPoolId, type Connection } from '../connection';
import { UserFacingError } from '../errors';
import { displayValue, escapeControl } from '../text';
import { claimChecks, DEFAULT_LEEWAY_SEC, skewSeconds } from './claims';
import { decodeToken, normalizeToken, type DecodedToken } from './decode';
import { issuerForms, mismatchHint, pinnedIssuer, describeForms, type IssuerForm, type PoolRef } from './issuers';
import { discoverIssuer, JwksFetchError, keySetFor, type FetchOptions, type KeySet } from './jwks';

export { clearJwksCache } from './jwks';
export { DEFAULT_LEEWAY_SEC, MAX_LEEWAY_SEC, parseLeeway } from './claims';

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
  /** This computer's clock minus the JWKS server's (its Date header), in whole seconds, when known. */
  clockSkewSec?: number;
}

export interface VerifyOptions extends FetchOptions {
  /** One exact issuer, or every accepted form (each with why, and where its keys are). */
  issuer: string | readonly IssuerForm[];
  /** Where to fetch the keys, for every issuer; default: the matched form's (or the first form's) JWKS. */
  jwksUrl?: string;
  clientId: string;
  expectedUse?: 'id' | 'access';
  /** Leeway for `exp`/`nbf`/`iat`, in seconds (default 60); Cognito's own services allow a small skew too. */
  clockToleranceSec?: number;
  /** Milliseconds since the epoch; defaults to the system clock. */
  now?: number;
  /** Appended to an issuer mismatch: why only these issuers count. */
  issuerHint?: string;
}

/** Cognito signs with RS256 only; anything else (none, HS256 with the public key as secret, ...) is an attack or a foreign token. */
const PINNED_ALG = 'RS256';

function formsOf(opts: VerifyOptions): readonly IssuerForm[] {
  if (typeof opts.issuer !== 'string') return opts.issuer;
  return [{ issuer: opts.issuer, why: 'the expected issuer', jwksUrl: opts.jwksUrl ?? `${opts.issuer.replace(/\/+$/, '')}/.well-known/jwks.json` }];
}

const PART_NAMES = ['header', 'payload', 'signature'] as const;

/**
 * base64url lets the last character carry unused bits, so two different strings can decode to the same bytes; a
 * signature edited that way would still verify. Cognito writes canonical parts, so anything else was altered.
 */
function nonCanonicalPart(token: string): string | undefined {
  const parts = normalizeToken(token).split('.');
  const i = parts.findIndex((p) => Buffer.from(p, 'base64url').toString('base64url') !== p);
  if (i < 0) return undefined;
  return `The token's ${PART_NAMES[i]} is not canonical base64url (its last character carries bits that decode to nothing); Cognito never writes that, so the token was altered.`;
}

/** The header fields that change how the signature is read; Cognito never sets them (RFC 7515 crit, RFC 7797 b64). */
function headerProblem(header: Record<string, unknown>): string | undefined {
  const fields = ['crit', 'b64'].filter((f) => Object.prototype.hasOwnProperty.call(header, f));
  if (!fields.length) return undefined;
  return `The header sets ${fields.map((f) => `${f} ${displayValue(header[f])}`).join(' and ')}, which changes how the signature is read; Cognito never sets ${fields.length > 1 ? 'them' : 'it'}, so the token is refused before any signature check.`;
}

async function joseFailure(err: unknown, url: string, kid: string): Promise<string> {
  const { errors } = await import('jose');
  if (err instanceof JwksFetchError) return err.message;
  if (err instanceof errors.JWKSNoMatchingKey) {
    return `No key with kid ${displayValue(JSON.stringify(kid))} in the JWKS at ${url}, even after fetching it again; the token was not issued by this user pool, or its keys were rotated.`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The signature does not match the pool\'s key: the token was altered or signed by someone else.';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return `The JWKS at ${url} has several keys matching this token; the key set is ambiguous.`;
  if (err instanceof errors.JWKSInvalid) return `The document at ${url} is not a valid JSON Web Key Set.`;
  if (err instanceof errors.JOSEError) return `The signature could not be verified: ${escapeControl(err.message)}.`;
  return `The signature could not be checked: ${escapeControl(String((err as Error)?.message ?? err))}.`;
}

async function checkSignature(token: string, kid: string, url: string, opts: FetchOptions): Promise<{ check: VerificationCheck; set?: KeySet }> {
  const { compactVerify, createLocalJWKSet, errors } = await import('jose');
  let set: KeySet | undefined;
  try {
    let got = await keySetFor(url, opts);
    set = got.set;
    const attempt = (s: KeySet) => compactVerify(token, createLocalJWKSet({ keys: s.keys as unknown as JWK[] }), { algorithms: [PINNED_ALG] });
    try {
      await attempt(set);
    } catch (err) {
      // A kid the cached set lacks may be a key the pool rotated in since: fetch once more before failing.
      if (!(err instanceof errors.JWKSNoMatchingKey) || got.fetched) throw err;
      got = await keySetFor(url, { ...opts, refresh: true });
      set = got.set;
      await attempt(set);
    }
    return { check: { name: 'signature', ok: true, detail: `Signed by key ${displayValue(JSON.stringify(kid))} from ${url}.` }, set };
  } catch (err) {
    return { check: { name: 'signature', ok: false, detail: await joseFailure(err, url, kid) }, ...(set ? { set } : {}) };
  }
}

function issuerCheck(iss: unknown, forms: readonly IssuerForm[], hint: string | undefined): VerificationCheck {
  const matched = forms.find((f) => f.issuer === iss);
  if (matched) return { name: 'issuer', ok: true, detail: `Issued by ${matched.issuer} (${matched.why}).` };
  const got = iss === undefined ? 'The token has no iss claim; expected' : `Issued by ${displayValue(iss)}, not`;
  return { name: 'issuer', ok: false, detail: `${got} ${describeForms(forms)}.${hint ? ` ${hint}` : ''}` };
}

/**
 * Verifies a Cognito ID or access token: pinned RS256, no crit/b64 header, key chosen by `kid` from the JWKS (fetched
 * again once for an unknown kid), an accepted issuer, `token_use`, audience (`aud` or `client_id`) and the times with
 * leeway. Never throws for a bad token or an unreachable JWKS: every outcome is a report.
 */
export async function verifyToken(token: string, opts: VerifyOptions): Promise<VerificationReport> {
  const checks: VerificationCheck[] = [];
  let decoded: DecodedToken;
  try {
    decoded = decodeToken(token);
  } catch (err) {
    const detail = err instanceof UserFacingError ? err.message : `The token could not be decoded: ${escapeControl(String(err))}.`;
    return finish([{ name: 'format', ok: false, detail }]);
  }
  const refused = nonCanonicalPart(token) ?? headerProblem(decoded.header);
  checks.push({ name: 'format', ok: !refused, detail: refused ?? 'Three base64url parts with a JSON header and payload.' });

  const alg = decoded.header.alg;
  const algOk = alg === PINNED_ALG;
  checks.push({
    name: 'algorithm',
    ok: algOk,
    detail: algOk ? 'RS256, as Cognito signs.' : `The algorithm is ${displayValue(JSON.stringify(alg ?? null))}; only RS256 is accepted for Cognito tokens.`,
  });

  const forms = formsOf(opts);
  const { payload } = decoded;
  const jwksUrl = opts.jwksUrl ?? (forms.find((f) => f.issuer === payload.iss) ?? forms[0]).jwksUrl;
  const kid = decoded.header.kid;
  let set: KeySet | undefined;
  if (refused) {
    checks.push({ name: 'signature', ok: false, detail: 'Not checked: the token is not in the form Cognito writes (see the format check).' });
  } else if (!algOk) {
    checks.push({ name: 'signature', ok: false, detail: 'Not checked: the algorithm is not RS256.' });
  } else if (typeof kid !== 'string' || !kid) {
    // Without a kid, jose would try any RSA key of the set; Cognito always names the key, so this token is foreign.
    checks.push({ name: 'signature', ok: false, detail: 'The token\'s header has no kid, so no key of the pool\'s JWKS can be chosen; Cognito always sets one.' });
  } else {
    const signature = await checkSignature(normalizeToken(token), kid, jwksUrl, opts);
    checks.push(signature.check);
    set = signature.set;
  }

  checks.push(issuerCheck(payload.iss, forms, opts.issuerHint));
  const skew = skewSeconds(set);
  checks.push(...claimChecks(decoded, { clientId: opts.clientId, expectedUse: opts.expectedUse, leewaySec: opts.clockToleranceSec ?? DEFAULT_LEEWAY_SEC, now: opts.now ?? Date.now(), skewSec: skew }));
  return finish(checks, skew);
}

function finish(checks: VerificationCheck[], clockSkewSec?: number): VerificationReport {
  const failed = checks.find((c) => !c.ok);
  const skew = clockSkewSec === undefined ? {} : { clockSkewSec };
  return failed ? { verified: false, reason: failed.detail, checks, ...skew } : { verified: true, checks, ...skew };
}

function issOf(token: string): unknown {
  try {
    return decodeToken(token).payload.iss;
  } catch {
    return undefined;
  }
}

export interface PoolVerifyOptions extends Pick<VerifyOptions, 'now' | 'clockToleranceSec' | 'signal' | 'timeoutMs' | 'jwksUrl'> {
  /** Accept only this exact issuer (CLI --issuer) instead of the pool's forms. */
  issuer?: string;
}

/**
 * Verifies against a pool: the issuer forms it accepts (AWS's two; with an endpoint also the emulator's, LocalStack's
 * and the one its openid-configuration names, asked only when the token's issuer is none of the others).
 */
export async function verifyForPool(token: string, pool: PoolRef & { clientId: string }, expectedUse?: 'id' | 'access', extra: PoolVerifyOptions = {}): Promise<VerificationReport> {
  const { issuer: pinned, ...rest } = extra;
  let forms = pinned ? [pinnedIssuer(pinned, pool, extra.jwksUrl)] : issuerForms(pool);
  const iss = issOf(token);
  if (!pinned && pool.endpointUrl?.trim() && iss !== undefined && !forms.some((f) => f.issuer === iss)) {
    const discovered = await discoverIssuer(pool.endpointUrl, pool.userPoolId, extra);
    if (discovered) forms = issuerForms(pool, discovered);
  }
  return verifyToken(token, { ...rest, issuer: forms, clientId: pool.clientId, expectedUse, issuerHint: mismatchHint(pool, Boolean(pinned)) });
}

/**
 * Verifies against a saved connection: its issuer forms, app client and JWKS location (the emulator's when an endpoint
 * is set). The pool id and region are checked first, as they become part of the JWKS URL.
 */
export async function verifyForConnection(
  token: string,
  conn: Pick<Connection, 'region' | 'userPoolId' | 'clientId' | 'endpointUrl'>,
  expectedUse?: 'id' | 'access',
  extra: Pick<VerifyOptions, 'now' | 'clockToleranceSec' | 'signal' | 'timeoutMs'> = {},
): Promise<VerificationReport> {
  const problem = validateRegion(conn.region) ?? validateUserPoolId(conn.userPoolId, conn.region, conn.endpointUrl);
  if (problem) return finish([{ name: 'signature', ok: false, detail: `Not checked: ${problem.replace(/\.$/, '')}; fix the connection.` }]);
  return verifyForPool(token, conn, expectedUse, extra);
}
