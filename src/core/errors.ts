/** Turns whatever went wrong into one readable sentence that says what to do next. */
import { escapeControl } from './text';

/** An error whose message is already a sentence for the user. `cause` keeps the original for the log. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly code: string = 'UserFacingError',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

/** A network call ran past its deadline (no connection, no answer, or an answer that never finished). */
export class DeadlineExceededError extends Error {
  constructor(
    readonly ms: number,
    readonly endpoint?: string,
    options?: { cause?: unknown },
  ) {
    super(`${endpoint ?? 'The endpoint'} did not answer within ${seconds(ms)}`, options);
    this.name = 'DeadlineExceeded';
  }
}

/** The user (or the host, e.g. a closed panel) cancelled the operation; not a failure to report. */
export class CancelledError extends Error {
  constructor(
    readonly endpoint?: string,
    options?: { cause?: unknown },
  ) {
    super('Cancelled.', options);
    this.name = 'Cancelled';
  }
}

/** True for a cancellation by the user, which hosts end quietly instead of showing an error. */
export function isCancellation(err: unknown): boolean {
  return err instanceof CancelledError || (err as { cause?: unknown })?.cause instanceof CancelledError;
}

// What a person typed wrong or must do first (a wrong code, a weak password, a taken username): logged as a plain
// line, since a stack trace there only looks like a crash. Everything else is a fault worth its stack.
const USER_MISTAKES = new Set([
  'CodeMismatchException',
  'ExpiredCodeException',
  'InvalidPasswordException',
  'NotAuthorizedException',
  'UserNotFoundException',
  'UsernameExistsException',
  'AliasExistsException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
  'TooManyFailedAttemptsException',
  'EnableSoftwareTokenMFAException',
  'InvalidInput',
  'ChallengeNeedsAnswer',
  'NotSignedIn',
  'NoConnections',
  'NoSuchConnection',
  'NoTrace',
  'Busy',
  'InvalidState',
  'WrongTokenUse',
]);

/** True for everyday user mistakes (wrong code or password, weak password, missing answer), false for faults. */
export function isUserMistake(err: unknown): boolean {
  const e = err as { name?: string; code?: string; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (USER_MISTAKES.has(e.code ?? '') || USER_MISTAKES.has(e.name ?? '')) return true;
  return e.cause !== undefined && e.cause !== err && isUserMistake(e.cause);
}

function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return `${s} second${s === 1 ? '' : 's'}`;
}

const ENDPOINT = Symbol('endpoint');

/** Records which endpoint a failure came from (aws.ts does it for every SDK call), for sentences that name it. */
export function annotateEndpoint(err: unknown, endpoint: string): unknown {
  if (err && typeof err === 'object' && !(ENDPOINT in err)) Object.defineProperty(err, ENDPOINT, { value: endpoint, enumerable: false });
  return err;
}

function endpointOfError(err: unknown): string | undefined {
  const value = err && typeof err === 'object' ? (err as { [ENDPOINT]?: unknown })[ENDPOINT] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export interface ErrorContext {
  /** What was being attempted, e.g. "sign in", "list buckets". */
  action?: string;
  userPoolId?: string;
  clientId?: string;
  identityPoolId?: string;
  endpointUrl?: string;
  username?: string;
  /** The session was bound to a remembered device (DEVICE_KEY), which changes what an invalid refresh token means. */
  deviceKey?: string;
}

// Which app client setting ("Authentication flows") allows each auth flow Cognito can refuse as "not enabled".
const FLOW_SETTINGS: Record<string, string> = {
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH ("Sign in with username and password")',
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH ("Sign in with secure remote password (SRP)")',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH ("Sign in with server-side administrative credentials")',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH ("Sign in with server-side administrative credentials")',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH ("Sign in with Lambda triggers")',
  USER_AUTH: 'ALLOW_USER_AUTH ("Choice-based sign-in")',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH ("Get new user tokens from existing authenticated sessions")',
};

function flowNotEnabled(m: string, ctx: ErrorContext): string | undefined {
  if (!/flow (is )?not enabled|not enabled for this client/i.test(m)) return undefined;
  const flow = /\b(USER_PASSWORD_AUTH|USER_SRP_AUTH|ADMIN_USER_PASSWORD_AUTH|ADMIN_NO_SRP_AUTH|CUSTOM_AUTH|USER_AUTH|REFRESH_TOKEN_AUTH)\b/.exec(m)?.[1];
  const client = ctx.clientId ? `app client ${ctx.clientId}` : 'the app client';
  if (!flow) return `${m.replace(/\.$/, '')}: enable that auth flow in the app client settings, or choose another flow.`;
  return `${flow} is not enabled for ${client}: in the Cognito console open the app client, edit "Authentication flows" and turn on ${FLOW_SETTINGS[flow]}, or sign in with another flow.`;
}

function refreshRefused(ctx: ErrorContext): string {
  return ctx.deviceKey
    ? 'The refresh token is no longer valid: it expired or was revoked, or this remembered device was forgotten (device tracking ties refresh tokens to the device); sign in again.'
    : 'The refresh token is no longer valid (expired, revoked or signed out); sign in again.';
}

/** Identity pools refuse an ID token they do not trust, or an expired one, as NotAuthorizedException with terse messages. */
function identityPoolRefusal(m: string, ctx: ErrorContext): string | undefined {
  if (!ctx.identityPoolId) return undefined;
  if (/token (is |has )?expired/i.test(m)) return 'The ID token has expired; refresh the session (or sign in again), then get AWS credentials again.';
  if (/supported provider|issuer doesn'?t match|invalid login token|logins don'?t match/i.test(m)) {
    const source = ctx.userPoolId ? `user pool ${ctx.userPoolId}` : 'this user pool';
    return `Identity pool ${ctx.identityPoolId} does not accept sign-ins from ${source}: add the user pool and its app client as a Cognito authentication provider of the identity pool, then try again.`;
  }
  return undefined;
}

// Cognito's InvalidPasswordException names one failed rule ("Password not long enough"); emulators send a fixed
// sentence (moto's says "does not confirm to"). Either way the user reads our sentence, with the rule when known.
const PASSWORD_RULES: [RegExp, string][] = [
  [/not long enough|too short|minimum length/i, 'it is too short'],
  [/uppercase/i, 'it needs an uppercase letter'],
  [/lowercase/i, 'it needs a lowercase letter'],
  [/numeric|number|digit/i, 'it needs a number'],
  [/symbol|special/i, 'it needs a symbol such as ! @ # $ %'],
  [/previous|history|used before/i, 'it was used before'],
  [/too long|maximum length/i, 'it is too long'],
];

function weakPassword(m: string): string {
  const rule = PASSWORD_RULES.find(([pattern]) => pattern.test(m))?.[1];
  return rule
    ? `The new password does not meet the pool's password policy: ${rule}; choose another one.`
    : "The new password does not meet the pool's password policy; choose a longer one with upper- and lowercase letters, a number and a symbol.";
}

type Explainer = (message: string, ctx: ErrorContext) => string;

const pool = (ctx: ErrorContext) => (ctx.userPoolId ? ` for pool ${ctx.userPoolId}` : '');

const BY_NAME: Record<string, Explainer> = {
  NotAuthorizedException: (m, ctx) => {
    // Emulators answer a bad SECRET_HASH with the hash itself (or nothing) as the message; never echo it.
    if (/secret[ _]hash/i.test(m) || /^[A-Za-z0-9+/]{43}=$/.test(m)) return 'Unable to verify the secret hash: this app client has a secret; add it to the connection (or check it is the right one).';
    if (/refresh token/i.test(m)) return refreshRefused(ctx);
    if (/session is expired|invalid session/i.test(m)) return 'The sign-in took too long (Cognito keeps a sign-in session for 3 minutes) or was already used; start the sign-in again.';
    const flow = flowNotEnabled(m, ctx);
    if (flow) return flow;
    const linked = identityPoolRefusal(m, ctx);
    if (linked) return linked;
    if (/access token has been revoked|access token has expired|invalid (access )?token/i.test(m)) return 'The session has expired or was signed out; sign in again.';
    if (/temporary password has expired/i.test(m)) return 'The temporary password has expired; ask an administrator to reset it.';
    if (/unauthenticated access is not supported/i.test(m)) return 'This identity pool does not allow guest access; sign in first or enable unauthenticated identities.';
    if (/incorrect username or password/i.test(m)) return `Incorrect username or password${pool(ctx)}.`;
    if (!m.trim() || m === 'UnknownError') return `Cognito refused the request without saying why${pool(ctx)}; if this app client has a secret, add it to the connection.`;
    return `${m.replace(/\.$/, '')}${pool(ctx)}.`;
  },
  UserNotFoundException: (_m, ctx) => `Incorrect username or password${pool(ctx)}.`,
  UserNotConfirmedException: () => 'This user has not confirmed their account yet; confirm the sign-up code first.',
  PasswordResetRequiredException: () => 'An administrator requires a password reset for this user; use "Forgot password" to set a new one.',
  ResourceNotFoundException: (m, ctx) => {
    if (/client/i.test(m) || (ctx.clientId && m.includes(ctx.clientId))) return `App client ${ctx.clientId ?? ''} was not found${pool(ctx)}; check the client id in the connection.`.replace('  ', ' ');
    if (/identity pool/i.test(m) || ctx.identityPoolId) return `Identity pool ${ctx.identityPoolId ?? ''} was not found; check the identity pool id and region.`.replace('  ', ' ');
    return `${ctx.userPoolId ? `User pool ${ctx.userPoolId}` : 'The resource'} was not found; check the pool id and region in the connection.`;
  },
  InvalidParameterException: (m, ctx) => flowNotEnabled(m, ctx) ?? `${m.replace(/\.$/, '')}. Check the values you entered.`,
  UsernameExistsException: (_m, ctx) => `An account with this username already exists${pool(ctx)}; sign in instead, or use "Forgot password" if you lost the password.`,
  AliasExistsException: () => 'Another account already uses this email address or phone number; use a different one, or sign in to that account.',
  CodeDeliveryFailureException: () => 'Cognito could not deliver the verification code (the email or SMS failed); check the address or phone number and the pool\'s messaging settings, then resend the code.',
  InvalidSmsRoleAccessPolicyException: () => 'The user pool\'s SMS role does not allow Cognito to send text messages (it needs sns:Publish); fix the role in the pool\'s messaging settings, or use email or an authenticator app.',
  InvalidSmsRoleTrustRelationshipException: () => 'The user pool\'s SMS role does not trust Cognito (cognito-idp.amazonaws.com with the pool\'s external id); fix the role\'s trust policy in IAM.',
  InvalidEmailRoleAccessPolicyException: () => 'Cognito is not allowed to send email through the pool\'s SES identity; fix the email configuration of the user pool.',
  MFAMethodNotFoundException: () => 'This user has no MFA method of the kind Cognito asked for; set up an authenticator app (or a verified phone number for SMS) first, then try again.',
  SoftwareTokenMFANotFoundException: () => 'This user has no authenticator app (TOTP) registered; set one up first (MFA setup, then verify a code), then try again.',
  EnableSoftwareTokenMFAException: () => 'The authenticator code was not accepted, so TOTP MFA was not enabled; check that the device\'s clock is right and enter a fresh code.',
  UserLambdaValidationException: (m) => `A Lambda trigger of the user pool refused the request: ${m.replace(/\.$/, '')}.`,
  UnexpectedLambdaException: (m) => `A Lambda trigger of the user pool failed: ${m.replace(/\.$/, '')}; check the trigger's logs in CloudWatch.`,
  InvalidLambdaResponseException: (m) => `A Lambda trigger of the user pool answered in a shape Cognito does not accept: ${m.replace(/\.$/, '')}; check the trigger's code.`,
  UnsupportedTokenTypeException: () => 'Only refresh tokens can be revoked; pass the refresh token.',
  UnsupportedOperationException: (m) => `${m.replace(/\.$/, '')}: this app client does not allow it (token revocation or refresh-token rotation may be off in its settings).`,
  // cognito-local's answer (`CognitoLocal#Unsupported`, HTTP 500) for what it does not implement, e.g. SRP.
  Unsupported: (m) =>
    /USER_SRP_AUTH/.test(m)
      ? 'cognito-local does not support SRP sign-in (USER_SRP_AUTH); use the password flow (USER_PASSWORD_AUTH) with it.'
      : `${m.replace(/\.$/, '')}: this emulator does not implement it; try it against moto or AWS.`,
  UnauthorizedException: () => 'This app client may not do that (for RevokeToken, the client must have token revocation enabled and the token must be its own).',
  CredentialsProviderError: (m, ctx) =>
    `No AWS credentials${ctx.action ? ` to ${ctx.action}` : ''}: ${m.split(/\r?\n/)[0].replace(/\.$/, '')}; check the profile name and ~/.aws/credentials (or sign in to the profile, e.g. aws sso login).`,
  ForbiddenException: () => 'AWS WAF or the pool\'s threat protection blocked the request; try again later or from another network.',
  InvalidPasswordException: (m) => weakPassword(m),
  TooManyRequestsException: () => 'Cognito is throttling requests; wait a moment and try again.',
  LimitExceededException: () => 'Cognito\'s limit for this operation was reached; wait a few minutes and try again.',
  TooManyFailedAttemptsException: () => 'Too many failed attempts; wait a few minutes before trying again.',
  CodeMismatchException: () => 'The code is wrong; check it and try again.',
  ExpiredCodeException: () => 'The code has expired; request a new one.',
  InvalidUserPoolConfigurationException: (m) => `The user pool is not configured for this: ${m}`,
  AccessDenied: (_m, ctx) => `Access denied${ctx.action ? ` while trying to ${ctx.action}` : ''}: the credentials' role does not allow it.`,
  AccessDeniedException: (_m, ctx) => `Access denied${ctx.action ? ` while trying to ${ctx.action}` : ''}: the credentials' role does not allow it.`,
  NoSuchBucket: () => 'That bucket no longer exists; refresh the Resources view.',
  ExpiredToken: () => 'The AWS credentials have expired; get new credentials.',
  ExpiredTokenException: () => 'The AWS credentials have expired; get new credentials.',
  UnrecognizedClientException: () => 'The AWS credentials were not recognised; check the profile or get new credentials.',
  InvalidIdentityPoolConfigurationException: () => 'The identity pool has no role for this kind of identity; set its authenticated role in the console.',
  ExternalServiceException: (m) => `The identity pool could not check the login with the user pool: ${m}`,
};

const NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up|fetch failed|TimeoutError|RequestTimeout|EHOSTUNREACH/i;

function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string; __type?: string };
  return e?.name && e.name !== 'Error' ? e.name : (e?.Code ?? e?.__type ?? e?.code ?? 'Error');
}

function httpStatusOf(err: unknown): number | undefined {
  const e = err as { $response?: { statusCode?: number }; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.$response?.statusCode ?? e?.$metadata?.httpStatusCode;
}

function headerOf(err: unknown, name: string): string | undefined {
  const value = (err as { $response?: { headers?: Record<string, unknown> } } | undefined)?.$response?.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

const lead = (ctx: ErrorContext) => (ctx.action ? `Could not ${ctx.action}: ` : '');
const isCustom = (endpoint: string | undefined) => Boolean(endpoint && !/\.amazonaws\.com(?:\.cn)?(?:[:/]|$)/.test(endpoint));

/** Timeouts, broken connections and refused ports: what happened on the way to `endpoint`, as one sentence. */
function networkSentence(err: unknown, chain: string, endpoint: string | undefined, ctx: ErrorContext): string {
  const where = endpoint ?? 'AWS';
  const emulatorHint = (_: ErrorContext) => (isCustom(endpoint) ? ' and that the emulator is running' : '');
  if (err instanceof DeadlineExceededError) {
    return `${lead(ctx)}${err.endpoint ?? where} did not answer within ${seconds(err.ms)}; check the network${emulatorHint(ctx)}, then try again.`;
  }
  const connect = /did not establish a connection[^0-9]*(\d+) ?ms/.exec(chain);
  if (connect) return `${lead(ctx)}could not connect to ${where} within ${seconds(Number(connect[1]))}; check the network${emulatorHint(ctx)}, then try again.`;
  const firstByte = /exceeded the configured (\d+) ms requestTimeout/.exec(chain);
  if (firstByte) return `${lead(ctx)}${where} did not answer within ${seconds(Number(firstByte[1]))}; check the network${emulatorHint(ctx)}, then try again.`;
  if (/bad port/i.test(chain)) {
    const port = endpoint ? (/:(\d+)(?:\/|$)/.exec(endpoint)?.[1] ?? 'its port') : 'its port';
    return `${lead(ctx)}${where} uses port ${port}, which Node refuses to fetch from (it belongs to another protocol); run the emulator on another port.`;
  }
  if (/ECONNRESET|socket hang up|EPIPE/i.test(chain)) return `${lead(ctx)}${where} closed the connection before answering; check the endpoint URL${emulatorHint(ctx)}, then try again.`;
  return `Could not reach ${endpoint ? `the endpoint ${endpoint}` : 'AWS'}${ctx.action ? ` to ${ctx.action}` : ''}; check the network${emulatorHint(ctx)} and try again.`;
}

/** An HTTP answer without an AWS error in it (an empty 502 from a proxy, a redirect): named by endpoint and status. */
function bareHttpSentence(err: unknown, status: number, endpoint: string | undefined, ctx: ErrorContext): string {
  const where = endpoint ?? 'AWS';
  if (status >= 300 && status < 400) {
    const to = headerOf(err, 'location');
    return `${lead(ctx)}${where} answered HTTP ${status}, a redirect${to ? ` to ${escapeControl(to)}` : ''}; AWS APIs never redirect, so check the endpoint URL (a proxy or login page may be in the way).`;
  }
  if (status >= 500) return `${lead(ctx)}${where} answered HTTP ${status} without an AWS error (the service behind it may be down or restarting); try again in a moment, or check the endpoint.`;
  return `${lead(ctx)}${where} answered HTTP ${status} without an AWS error; check the endpoint URL and the ids in the connection.`;
}

/** The first line of a message from outside, with every control character made visible (no terminal escapes). */
function safeMessage(message: string): string {
  const first = message.split(/\r?\n/).find((l) => l.trim()) ?? '';
  return escapeControl(first.trim());
}

/** One sentence for the user. Never contains secrets (messages from AWS do not echo them) nor control characters. */
export function explainError(err: unknown, ctx: ErrorContext = {}): string {
  if (err instanceof UserFacingError) return escapeControl(err.message);
  if (isCancellation(err)) return 'Cancelled.';
  const name = errorName(err);
  const raw = err instanceof Error ? err.message : String(err);
  const message = safeMessage(raw);
  const endpoint = ctx.endpointUrl ?? endpointOfError(err) ?? (err instanceof DeadlineExceededError ? err.endpoint : undefined);
  const explain = BY_NAME[name];
  if (explain) return explain(message, ctx);
  const status = httpStatusOf(err);
  if (status && (name === 'Unknown' || name === 'UnknownError' || message === 'UnknownError' || !message)) return bareHttpSentence(err, status, endpoint, ctx);
  if (status && /Throttl|TooManyRequests|Rate exceeded|SlowDown/i.test(`${name} ${message}`)) {
    return `${lead(ctx)}${endpoint ?? 'AWS'} is throttling requests (HTTP ${status}, ${name}); wait a moment and try again.`;
  }
  const cause = (err as { cause?: unknown })?.cause;
  const chain = `${name} ${message} ${cause instanceof Error ? `${cause.name} ${cause.message} ${(cause as { code?: string }).code ?? ''}` : ''} ${(err as { code?: string })?.code ?? ''}`;
  if (/ERR_INVALID_URL/.test(chain)) return `${lead(ctx)}the endpoint URL ${endpoint ?? ''} is not valid (check the host and the port, 1 to 65535) ; fix it in the connection.`.replace('  ', ' ').replace(' ;', ';');
  if (err instanceof DeadlineExceededError || NETWORK.test(chain) || /bad port/i.test(chain)) return networkSentence(err, chain, endpoint, ctx);
  if (/Deserialization error/.test(raw)) {
    // The endpoint answered, but not in the service's language (an HTML error page, a proxy, a crashed emulator).
    return `${ctx.action ? `Could not ${ctx.action}: t` : 'T'}he ${endpoint ? `endpoint ${endpoint}` : 'service'} sent an answer that is not a valid AWS response${status ? ` (HTTP ${status})` : ''}; check the endpoint URL and the ids in the connection.`;
  }
  const text = message && message !== name ? message.replace(/\.$/, '') : name;
  return `${lead(ctx)}${text}${status && status >= 500 ? ` (HTTP ${status} from ${endpoint ?? 'AWS'})` : ''}.`;
}

/** Wraps an SDK failure as a UserFacingError with the explained sentence, keeping the original as cause. */
export function toUserFacing(err: unknown, ctx: ErrorContext = {}): UserFacingError {
  if (err instanceof UserFacingError) return err;
  return new UserFacingError(explainError(err, ctx), errorName(err), { cause: err });
}
