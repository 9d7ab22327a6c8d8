/** The one place that builds SDK clients. SDK modules are imported on first use so activation stays cheap. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from './connection';
import { CancelledError, DeadlineExceededError, annotateEndpoint } from './errors';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface ClientTarget {
  region: string;
  endpointUrl?: string;
  credentials?: AwsCredentials;
  /** A named AWS profile (shared config/credentials files) for signed calls when no credentials are given. */
  profile?: string;
}

// Calls that need no AWS signature (InitiateAuth, GetId, ...) still go through a signer; these are never sent as real keys.
const UNSIGNED_PLACEHOLDER: AwsCredentials = { accessKeyId: 'unsigned', secretAccessKey: 'unsigned' };

/** Attempts per call, the first included (the SDK's standard retry mode; userPoolClient.ts retries alike). */
export const MAX_ATTEMPTS = 3;
/** How long one AWS call may take in all (connect, answer, body, retries) unless a caller's scope says otherwise. */
export const DEFAULT_DEADLINE_MS = 20_000;
export const CONNECT_TIMEOUT_MS = 5_000;
export const FIRST_BYTE_TIMEOUT_MS = 10_000;

export interface CallScope {
  /** Cancels every call made inside the scope (a "Cancel" button, a closed panel). */
  signal?: AbortSignal;
  /** The deadline of each call, in milliseconds. */
  deadlineMs?: number;
}

// Made on first use: an AsyncLocalStorage that runs turns on Node's promise hooks, a few ms for a CLI command that
// makes no call (`decode`), and a cost on every promise after.
let ambient: AsyncLocalStorage<CallScope> | undefined;
let defaultDeadlineMs = DEFAULT_DEADLINE_MS;

/** The deadline of calls made outside any scope (the extension's setting; background refreshes included). */
export function setDefaultDeadline(ms: number): void {
  defaultDeadlineMs = Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_DEADLINE_MS;
}

/** The scope the current code runs in: the innermost withCallScope's signal and deadline. */
export function currentScope(): { signal?: AbortSignal; deadlineMs: number } {
  const scope = ambient?.getStore();
  return { signal: scope?.signal, deadlineMs: scope?.deadlineMs ?? defaultDeadlineMs };
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => Boolean(s));
  return present.length > 1 ? AbortSignal.any(present) : present[0];
}

/**
 * Runs `fn` so that every AWS call made inside it (however deep, across awaits) obeys `scope`: cancelled when its
 * signal aborts, and given its deadline. Nested scopes combine: either signal cancels, the shorter deadline wins.
 */
export function withCallScope<T>(scope: CallScope, fn: () => T): T {
  const positive = (d: number | undefined): d is number => typeof d === 'number' && d > 0;
  // A scope with neither a signal nor a deadline leaves the one around it as it is.
  if (!scope.signal && !positive(scope.deadlineMs)) return fn();
  ambient ??= new AsyncLocalStorage<CallScope>();
  const outer = ambient.getStore();
  const deadlines = [outer?.deadlineMs, scope.deadlineMs].filter(positive);
  return ambient.run({ signal: anySignal([outer?.signal, scope.signal]), ...(deadlines.length ? { deadlineMs: Math.min(...deadlines) } : {}) }, fn);
}

function deadline(ms: number, parent: AbortSignal | undefined, endpoint: string | undefined): { signal: AbortSignal; clear(): void } {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(new DeadlineExceededError(ms, endpoint)), ms);
  handle.unref?.();
  return { signal: anySignal([timer.signal, currentScope().signal, parent])!, clear: () => clearTimeout(handle) };
}

/**
 * A signal that aborts when `ms` pass (reason: a DeadlineExceededError naming `endpoint`), or when the ambient
 * scope's signal or `parent` aborts. For network calls outside the SDK (fetch, JWKS): pass it as their signal.
 */
export function deadlineSignal(ms = currentScope().deadlineMs, parent?: AbortSignal, endpoint?: string): AbortSignal {
  return deadline(ms, parent, endpoint).signal;
}

/**
 * Runs `work(signal)` with a deadline: rejects with DeadlineExceededError (naming `endpoint`) when it passes, and
 * with CancelledError when the ambient scope is cancelled, even if `work` ignores the signal.
 */
export async function withDeadline<T>(endpoint: string | undefined, work: (signal: AbortSignal) => Promise<T>, ms = currentScope().deadlineMs): Promise<T> {
  const { signal, clear } = deadline(ms, undefined, endpoint);
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal, endpoint));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    return await Promise.race([work(signal), aborted]);
  } catch (err) {
    throw signal.aborted ? abortReason(signal, endpoint, err) : err;
  } finally {
    clear();
    signal.removeEventListener('abort', onAbort);
  }
}

function abortReason(signal: AbortSignal, endpoint: string | undefined, cause?: unknown): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof DeadlineExceededError) return reason;
  return new CancelledError(endpoint, { cause: cause ?? reason });
}

// The handler's own timeouts end one attempt (a dead connect, no first byte, a silent socket); the call's deadline
// (withDeadline around send) ends everything else, a body that drips forever included.
function handlerConfig(deadlineMs: number) {
  return {
    connectionTimeout: Math.min(CONNECT_TIMEOUT_MS, deadlineMs),
    requestTimeout: Math.min(FIRST_BYTE_TIMEOUT_MS, deadlineMs),
    socketTimeout: Math.min(FIRST_BYTE_TIMEOUT_MS, deadlineMs),
    throwOnRequestTimeout: true,
    logger: QUIET,
  };
}

// The SDK's own warnings (socket capacity, timeouts) would print raw lines on stderr; failures reach us as errors.
const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Where calls of this client go, for sentences: the configured endpoint, else the service's regional AWS host. */
export function endpointFor(target: ClientTarget, service: string): string {
  return target.endpointUrl ? target.endpointUrl.replace(/\/+$/, '') : `https://${service}.${target.region}.amazonaws.com`;
}

function baseConfig(target: ClientTarget, needsCredentials: boolean) {
  return {
    region: target.region,
    ...(target.endpointUrl ? { endpoint: target.endpointUrl.replace(/\/+$/, '') } : {}),
    maxAttempts: MAX_ATTEMPTS,
    ...(target.credentials ? { credentials: target.credentials } : needsCredentials ? {} : { credentials: UNSIGNED_PLACEHOLDER }),
    ...(target.profile && !target.credentials && needsCredentials ? { profile: target.profile } : {}),
    requestHandler: handlerConfig(currentScope().deadlineMs),
    logger: QUIET,
  };
}

interface Sender {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  middlewareStack: { add(middleware: unknown, options: { step: string; name: string; priority?: string }): void };
}

// The failure of the latest attempt of the send in flight: when the deadline ends a call during the SDK's retries
// (throttling, a 5xx), that answer says more than "did not answer".
let attempts: AsyncLocalStorage<{ last?: unknown }> | undefined;

const recordAttempt = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
  try {
    return await next(args);
  } catch (err) {
    const holder = attempts?.getStore();
    if (holder) holder.last = err;
    throw err;
  }
};

/**
 * Every send of the client runs under the current scope's deadline and signal (read when the call is made), and
 * its failures carry the endpoint they came from, so sentences can name it.
 */
function guarded<C>(client: C, endpoint: string): C {
  const sdkClient = client as unknown as Sender;
  const send = sdkClient.send.bind(sdkClient);
  sdkClient.middlewareStack.add(recordAttempt, { step: 'deserialize', name: 'cognitoExplorerLastAttempt', priority: 'high' });
  sdkClient.send = (command, options) => {
    const holder: { last?: unknown } = {};
    return (attempts ??= new AsyncLocalStorage()).run(holder, async () => {
      try {
        return await withDeadline(endpoint, (signal) => send(command, { ...options, abortSignal: anySignal([signal, options?.abortSignal]) }));
      } catch (err) {
        const answered = err instanceof DeadlineExceededError && (holder.last as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
        throw annotateEndpoint(answered ? holder.last : err, endpoint);
      }
    });
  };
  return client;
}

export function targetOf(conn: Connection, credentials?: AwsCredentials): ClientTarget {
  return { region: conn.region, endpointUrl: conn.endpointUrl, credentials };
}

/** Cognito user pools (identity provider). Unauthenticated operations only unless credentials are given. */
export async function cognitoIdpClient(target: ClientTarget, needsCredentials = false) {
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  return { sdk, client: guarded(new sdk.CognitoIdentityProviderClient(baseConfig(target, needsCredentials)), endpointFor(target, 'cognito-idp')) };
}

/** Cognito identity pools (GetId, GetCredentialsForIdentity: unsigned; GetOpenIdTokenForDeveloperIdentity needs credentials). */
export async function cognitoIdentityClient(target: ClientTarget, needsCredentials = false) {
  const sdk = await import('@aws-sdk/client-cognito-identity');
  return { sdk, client: guarded(new sdk.CognitoIdentityClient(baseConfig(target, needsCredentials)), endpointFor(target, 'cognito-identity')) };
}

/** STS (AssumeRoleWithWebIdentity is unsigned). */
export async function stsClient(target: ClientTarget) {
  const sdk = await import('@aws-sdk/client-sts');
  return { sdk, client: guarded(new sdk.STSClient(baseConfig(target, false)), endpointFor(target, 'sts')) };
}

export async function s3Client(target: ClientTarget) {
  const sdk = await import('@aws-sdk/client-s3');
  return {
    sdk,
    client: guarded(new sdk.S3Client({ ...baseConfig(target, true), forcePathStyle: Boolean(target.endpointUrl) }), endpointFor(target, 's3')),
  };
}
