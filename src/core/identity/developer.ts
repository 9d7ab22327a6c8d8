/**
 * Developer-authenticated identities: the OpenID token either comes from the team's own backend after its own
 * login (what apps do), or from GetOpenIdTokenForDeveloperIdentity signed with the developer's AWS profile
 * (what such a backend does, for testing one).
 */
import { cognitoIdentityClient, currentScope, type AwsCredentials } from '../aws';
import { validateEndpointUrl, validateIdentityPoolId } from '../connection';
import { CancelledError, UserFacingError, toUserFacing } from '../errors';
import { registerSecret } from '../redact';
import { displayValue } from '../text';
import { regionOfIdentityPool, type DeveloperToken } from './credentials';

export type LoginFormat = 'json' | 'form';

/** A backend of the team's own. Plain settings data: the password is never part of it. */
export interface DeveloperBackend {
  /** POSTed `{username, password}` (JSON body or form fields). */
  loginUrl: string;
  /** GET with the login's token or cookies; answers `{IdentityId, Token}`. Unset: the login answer carries them. */
  identityUrl?: string;
  loginFormat?: LoginFormat;
}

export interface DeveloperIdentityRequest {
  identityPoolId: string;
  /** The identity pool's developer provider name, e.g. login.mycompany.myapp. */
  providerName: string;
  /** The user's id in the backend's own user store. */
  userIdentifier: string;
  /** Links the login to an identity the user already has. */
  identityId?: string;
  endpointUrl?: string;
  /** AWS profile that signs the call (undefined: the default credential chain). */
  profile?: string;
  credentials?: AwsCredentials;
  signal?: AbortSignal;
}

export const BACKEND_TIMEOUT_MS = 15_000;
const PROVIDER_NAME = /^[\w.-]{1,128}$/;

/** One sentence when the developer provider name is not one Cognito accepts. */
export function validateProviderName(value: string): string | undefined {
  return PROVIDER_NAME.test(value.trim()) ? undefined : `"${displayValue(value)}" is not a developer provider name; use the one set in the identity pool, e.g. login.mycompany.myapp.`;
}

/** One sentence for the first invalid backend field, else undefined. */
export function validateBackend(b: Partial<DeveloperBackend>): string | undefined {
  if (!b.loginUrl?.trim()) return 'Enter the backend\'s login URL, for example http://127.0.0.1:8000/api/login/.';
  const bad = validateEndpointUrl(b.loginUrl) ?? (b.identityUrl ? validateEndpointUrl(b.identityUrl) : undefined);
  if (bad) return bad.replace('The endpoint URL', 'A backend URL');
  if (b.loginFormat && b.loginFormat !== 'json' && b.loginFormat !== 'form') return 'The login format is "json" or "form".';
  return undefined;
}

/** GetOpenIdTokenForDeveloperIdentity: a signed call, as the team's backend makes it. */
export async function developerTokenFromAws(req: DeveloperIdentityRequest): Promise<DeveloperToken> {
  const problem = validateIdentityPoolId(req.identityPoolId) ?? validateProviderName(req.providerName) ?? (req.userIdentifier.trim() ? undefined : 'Enter the user identifier the backend uses for this user.');
  if (problem) throw new UserFacingError(problem, 'InvalidDeveloperIdentity');
  const ctx = { action: 'call GetOpenIdTokenForDeveloperIdentity', identityPoolId: req.identityPoolId, endpointUrl: req.endpointUrl };
  try {
    const target = { region: regionOfIdentityPool(req.identityPoolId) ?? 'us-east-1', endpointUrl: req.endpointUrl, profile: req.profile, credentials: req.credentials };
    const { sdk, client } = await cognitoIdentityClient(target, true);
    try {
      const out = await client.send(
        new sdk.GetOpenIdTokenForDeveloperIdentityCommand({
          IdentityPoolId: req.identityPoolId,
          Logins: { [req.providerName.trim()]: req.userIdentifier.trim() },
          ...(req.identityId ? { IdentityId: req.identityId } : {}),
        }),
        { abortSignal: req.signal },
      );
      if (!out.IdentityId || !out.Token) throw new UserFacingError('The identity pool returned no identity id or token; check the developer provider name.', 'NoDeveloperToken');
      registerSecret(out.Token);
      return { identityId: out.IdentityId, token: out.Token };
    } finally {
      client.destroy();
    }
  } catch (err) {
    if ((err as Error)?.name === 'CredentialsProviderError' && req.profile) {
      throw new UserFacingError(
        `No AWS credentials in the profile "${displayValue(req.profile)}" to call GetOpenIdTokenForDeveloperIdentity; check the profile name and ~/.aws/credentials (or run aws sso login --profile ${displayValue(req.profile)}).`,
        'NoProfileCredentials',
        { cause: err },
      );
    }
    throw toUserFacing(err, ctx);
  }
}

/** The caller's signal, the ambient scope's (a Cancel button) and a deadline in one, so a stalled backend ends with a sentence. */
function deadline(signal: AbortSignal | undefined, ms: number): AbortSignal {
  return AbortSignal.any([AbortSignal.timeout(ms), ...[signal, currentScope().signal].filter((s): s is AbortSignal => Boolean(s))]);
}

async function call(url: string, init: RequestInit, what: string, timeoutMs: number, signal?: AbortSignal): Promise<{ res: Response; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'manual', signal: deadline(signal, timeoutMs) });
  } catch (err) {
    if (signal?.aborted || currentScope().signal?.aborted) throw new CancelledError(url, { cause: err });
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new UserFacingError(`The backend at ${url} did not answer the ${what} within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}; check that it is running.`, 'BackendTimeout', { cause: err });
    throw new UserFacingError(`Could not reach the backend at ${url} for the ${what}; check the URL and that the server is running.`, 'BackendUnreachable', { cause: err });
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const redirect = res.status >= 300 && res.status < 400;
  if (!res.ok && !redirect) {
    const detail = messageOf(body);
    const login = res.status === 400 || res.status === 401 || res.status === 403;
    const hint = login ? 'check the username and password' : 'check the backend\'s log';
    throw new UserFacingError(`The backend at ${url} refused the ${what} (HTTP ${res.status}${detail ? `: ${detail}` : ''}); ${hint}.`, login ? 'BackendLoginRefused' : 'BackendRefused');
  }
  return { res, body };
}

/** A short, printable reason from a JSON error body (DRF's `detail`, or `error` / `message`). */
function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const m = b.detail ?? b.error ?? b.message ?? b.non_field_errors;
  return m === undefined ? undefined : displayValue(m).slice(0, 200);
}

/** `{IdentityId, Token}` in any of the spellings backends use. */
function developerTokenOf(body: unknown): DeveloperToken | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const identityId = b.IdentityId ?? b.identityId ?? b.identity_id;
  const token = b.Token ?? b.token ?? b.OpenIdToken;
  return typeof identityId === 'string' && typeof token === 'string' && /^[a-z0-9-]+:[0-9a-f-]+$/.test(identityId) ? { identityId, token } : undefined;
}

/** What the login answered with that proves it on the next request: a token header, session cookies, or both. */
function proofOf(res: Response, body: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  // DRF's TokenAuthentication answers {token} or {key} and wants "Token"; JWT backends answer {access}.
  const drf = [b.token, b.key, b.auth_token].find((v) => typeof v === 'string') as string | undefined;
  const bearer = [b.access, b.access_token].find((v) => typeof v === 'string') as string | undefined;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  else if (drf) headers.authorization = `Token ${drf}`;
  registerSecret(bearer ?? drf);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0].trim()).filter(Boolean);
  cookies.forEach((c) => registerSecret(c.slice(c.indexOf('=') + 1)));
  if (cookies.length) headers.cookie = cookies.join('; ');
  return headers;
}

/**
 * Logs in to the team's backend with the user's own username and password, then asks its identity URL for
 * `{IdentityId, Token}`. The password goes only to the login URL. Every request has a deadline.
 */
export async function developerTokenFromBackend(
  backend: DeveloperBackend,
  username: string,
  password: string,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<DeveloperToken> {
  const problem = validateBackend(backend);
  if (problem) throw new UserFacingError(problem, 'InvalidBackend');
  registerSecret(password);
  const timeoutMs = opts.timeoutMs ?? BACKEND_TIMEOUT_MS;
  const form = backend.loginFormat === 'form';
  const login = await call(
    backend.loginUrl,
    {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json', accept: 'application/json' },
      body: form ? new URLSearchParams({ username, password }).toString() : JSON.stringify({ username, password }),
    },
    'login',
    timeoutMs,
    opts.signal,
  );
  const direct = developerTokenOf(login.body);
  if (direct || !backend.identityUrl) {
    if (!direct) throw new UserFacingError(`The login at ${backend.loginUrl} answered without IdentityId and Token; set the backend's identity URL.`, 'NoDeveloperToken');
    registerSecret(direct.token);
    return direct;
  }
  const proof = proofOf(login.res, login.body);
  // Cookies and tokens from the login are sent only back to the same server.
  if (new URL(backend.identityUrl).origin !== new URL(backend.loginUrl).origin) delete proof.cookie;
  const identity = await call(backend.identityUrl, { method: 'GET', headers: { accept: 'application/json', ...proof } }, 'identity request', timeoutMs, opts.signal);
  const token = developerTokenOf(identity.body);
  if (!token) throw new UserFacingError(`The backend at ${backend.identityUrl} did not answer with IdentityId and Token; check the identity URL.`, 'NoDeveloperToken');
  registerSecret(token.token);
  return token;
}
