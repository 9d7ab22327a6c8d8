/**
 * The user-pool operations that need no AWS signature (InitiateAuth, RespondToAuthChallenge, ...) spoken directly:
 * one JSON POST each, over node:http(s). The sign-in path skips loading and building the AWS SDK client (its module
 * graph, shared-config reads and middleware were most of a CLI sign-in's own time), while its failures keep the
 * SDK's shape (`name`, `message`, `$fault`, `$metadata.httpStatusCode`, a hidden `$response`), its standard-mode
 * retries and the deadline and cancellation of aws.ts, so errors.ts explains them in the same sentences.
 */
import type * as Idp from '@aws-sdk/client-cognito-identity-provider';
import type { Agent, AgentOptions, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { CONNECT_TIMEOUT_MS, currentScope, endpointFor, FIRST_BYTE_TIMEOUT_MS, MAX_ATTEMPTS, withDeadline, type ClientTarget } from './aws';
import { annotateEndpoint, DeadlineExceededError } from './errors';

type Io<I, O> = { input: I; output: Omit<O, '$metadata'> };

/** The unsigned operations this client sends, typed by the SDK's own shapes (types only; nothing of the SDK loads). */
export interface UnsignedOperations {
  InitiateAuth: Io<Idp.InitiateAuthCommandInput, Idp.InitiateAuthCommandOutput>;
  RespondToAuthChallenge: Io<Idp.RespondToAuthChallengeCommandInput, Idp.RespondToAuthChallengeCommandOutput>;
  AssociateSoftwareToken: Io<Idp.AssociateSoftwareTokenCommandInput, Idp.AssociateSoftwareTokenCommandOutput>;
  VerifySoftwareToken: Io<Idp.VerifySoftwareTokenCommandInput, Idp.VerifySoftwareTokenCommandOutput>;
  ConfirmDevice: Io<Idp.ConfirmDeviceCommandInput, Idp.ConfirmDeviceCommandOutput>;
  UpdateDeviceStatus: Io<Idp.UpdateDeviceStatusCommandInput, Idp.UpdateDeviceStatusCommandOutput>;
  GetTokensFromRefreshToken: Io<Idp.GetTokensFromRefreshTokenCommandInput, Idp.GetTokensFromRefreshTokenCommandOutput>;
  RevokeToken: Io<Idp.RevokeTokenCommandInput, Idp.RevokeTokenCommandOutput>;
  GlobalSignOut: Io<Idp.GlobalSignOutCommandInput, Idp.GlobalSignOutCommandOutput>;
}
export type UnsignedOperation = keyof UnsignedOperations;

/** Cognito's answers are a few KB (tokens included); anything far larger is not Cognito. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
const THROTTLING = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException',
  'TooManyRequestsException', 'TransactionInProgressException',
]);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const MAX_RETRY_DELAY_MS = 20_000;

interface AwsLikeError extends Error {
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number; totalRetryDelay?: number };
}

function statusOf(err: unknown): number | undefined {
  return (err as AwsLikeError | undefined)?.$metadata?.httpStatusCode;
}

/** The SDK's standard retry mode: throttling (slower backoff), timeouts, broken connections and 5xx answers. */
function retryKind(err: unknown): 'throttling' | 'transient' | undefined {
  const e = err as AwsLikeError;
  if (!e || e.name === 'AbortError') return undefined;
  if (statusOf(e) === 429 || THROTTLING.has(e.name)) return 'throttling';
  const status = statusOf(e) ?? 0;
  if (TRANSIENT_NAMES.has(e.name) || TRANSIENT_CODES.has(e.code ?? '') || (status >= 500 && status <= 599)) return 'transient';
  const cause = (e as { cause?: unknown }).cause;
  return cause && cause !== e && retryKind(cause) === 'transient' ? 'transient' : undefined;
}

function findHeader(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The error name the SDK's JSON-RPC protocol reads: `__type`, else `code`, else x-amzn-errortype; namespace and `:…` dropped. */
function errorCodeOf(headers: IncomingMessage['headers'], data: Record<string, unknown>): string | undefined {
  const sanitize = (raw: unknown) => {
    let v = String(raw);
    if (v.includes(',')) v = v.split(',')[0];
    if (v.includes(':')) v = v.split(':')[0];
    if (v.includes('#')) v = v.split('#')[1];
    return v;
  };
  if (data.__type !== undefined) return sanitize(data.__type);
  const codeKey = Object.keys(data).find((k) => k.toLowerCase() === 'code');
  if (codeKey && data[codeKey] !== undefined) return sanitize(data[codeKey]);
  const header = findHeader(headers, 'x-amzn-errortype');
  return header !== undefined ? sanitize(header) : undefined;
}

function decorate(err: AwsLikeError, res: IncomingMessage): AwsLikeError {
  const status = res.statusCode ?? 0;
  err.$metadata = { httpStatusCode: status, requestId: findHeader(res.headers, 'x-amzn-requestid') };
  // Hidden like the SDK's: the status and headers (a redirect's location), never the request.
  Object.defineProperty(err, '$response', { value: { statusCode: status, headers: res.headers }, enumerable: false });
  return err;
}

function parseBody(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch (err) {
    // The SDK's words for an answer that is not JSON (an HTML page, a proxy); errors.ts recognises them.
    (err as Error).message += '\n  Deserialization error: the answer is not JSON.';
    throw err;
  }
}

/** An answer with a status of 300 or more, as the SDK's AWS JSON 1.1 protocol turns it into an exception. */
function serviceError(res: IncomingMessage, text: string): AwsLikeError {
  const data = parseBody(text);
  const name = errorCodeOf(res.headers, data) ?? 'Unknown';
  const message = (typeof data.message === 'string' && data.message) || (typeof data.Message === 'string' && data.Message) || 'UnknownError';
  const err: AwsLikeError = Object.assign(new Error(message), { name, $fault: (res.statusCode ?? 0) >= 500 ? ('server' as const) : ('client' as const) });
  for (const [k, v] of Object.entries(data)) if (v !== undefined && !(k in err) && k !== 'Message') (err as unknown as Record<string, unknown>)[k] = v;
  return decorate(err, res);
}

const timeoutError = (message: string) => Object.assign(new Error(message), { name: 'TimeoutError' });

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // Not unref'd: between attempts nothing else may keep a CLI process alive (the deadline's timer is unref'd).
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A client for one endpoint (the connection's emulator, or cognito-idp.REGION.amazonaws.com) that keeps its
 * connection open between the steps of a sign-in; `destroy()` closes it.
 */
export class UserPoolClient {
  readonly endpoint: string;
  private readonly url: URL;
  private readonly agent: Agent;
  private readonly transport: { Agent: new (options: AgentOptions) => Agent; request(url: URL, options: RequestOptions): ClientRequest };

  constructor(target: ClientTarget) {
    this.endpoint = endpointFor(target, 'cognito-idp');
    this.url = new URL(this.endpoint);
    if (!this.url.pathname.endsWith('/')) this.url.pathname += '/';
    // TLS is loaded only for https endpoints: an emulator on http:// needs none of it (~10 ms of start-up).
    this.transport = process.getBuiltinModule(this.url.protocol === 'http:' ? 'node:http' : 'node:https');
    this.agent = new this.transport.Agent({ keepAlive: true });
  }

  /**
   * Sends `operation` under the current scope's deadline and signal, retrying as the SDK does; rejects with an
   * SDK-shaped error carrying the endpoint. When the deadline ends the retries, the last answer's error is thrown.
   */
  send<K extends UnsignedOperation>(operation: K, input: UnsignedOperations[K]['input']): Promise<UnsignedOperations[K]['output']> {
    const body = JSON.stringify(input);
    const { deadlineMs } = currentScope();
    let last: unknown;
    const attempts = async (signal: AbortSignal) => {
      let totalRetryDelay = 0;
      for (let attempt = 1; ; attempt += 1) {
        try {
          return (await this.exchange(operation, body, deadlineMs, signal)) as UnsignedOperations[K]['output'];
        } catch (err) {
          last = err;
          const kind = retryKind(err);
          const meta = (err as AwsLikeError).$metadata;
          if (meta) Object.assign(meta, { attempts: attempt, totalRetryDelay });
          if (!kind || attempt >= MAX_ATTEMPTS || signal.aborted) throw err;
          const delay = Math.floor(Math.random() * Math.min((kind === 'throttling' ? 500 : 100) * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
          totalRetryDelay += delay;
          await sleep(delay, signal);
          if (signal.aborted) throw err;
        }
      }
    };
    return withDeadline(this.endpoint, attempts, deadlineMs).catch((err: unknown) => {
      throw annotateEndpoint(err instanceof DeadlineExceededError && statusOf(last) ? last : err, this.endpoint);
    });
  }

  destroy(): void {
    this.agent.destroy();
  }

  /** One HTTP exchange: the answer's JSON, or the error the SDK would throw for it. */
  private exchange(operation: string, body: string, deadlineMs: number, signal: AbortSignal): Promise<Record<string, unknown>> {
    const connectMs = Math.min(CONNECT_TIMEOUT_MS, deadlineMs);
    const firstByteMs = Math.min(FIRST_BYTE_TIMEOUT_MS, deadlineMs);
    return new Promise((resolve, reject) => {
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (err: unknown, value?: Record<string, unknown>) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        signal.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(value!);
      };
      const onAbort = () => finish(Object.assign(new Error('The request was aborted'), { name: 'AbortError' }));
      const req: ClientRequest = this.transport.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
          'content-length': Buffer.byteLength(body),
          'user-agent': 'cognito-explorer',
        },
      });
      const after = (ms: number, fail: () => unknown) => {
        const t = setTimeout(() => finish(fail()), ms);
        t.unref?.();
        timers.push(t);
        return t;
      };
      const connectTimer = after(connectMs, () => timeoutError(`The request socket did not establish a connection within the configured timeout of ${connectMs} ms.`));
      after(firstByteMs, () => timeoutError(`The request exceeded the configured ${firstByteMs} ms requestTimeout without an answer.`));
      req.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      // A socket silent this long mid-answer ends the attempt, as the SDK's socketTimeout does.
      req.setTimeout(firstByteMs, () => finish(timeoutError(`The request socket timed out after ${firstByteMs} ms of inactivity.`)));
      // Named as the SDK's handler names them (and so retried alike).
      req.on('error', (err: NodeJS.ErrnoException) => finish(TIMEOUT_CODES.has(err.code ?? '') ? Object.assign(err, { name: 'TimeoutError' }) : err));
      req.on('response', (res) => {
        timers.forEach(clearTimeout);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            finish(decorate(Object.assign(new Error(`${this.endpoint} sent an answer larger than ${MAX_RESPONSE_BYTES / 1024} KB, which is not a Cognito response`), { name: 'ResponseTooLarge' }), res));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => finish(err));
        // An answer cut off mid-body is a broken connection, retried like one.
        res.on('aborted', () => finish(Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' })));
        res.on('end', () => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) finish(serviceError(res, text));
            else finish(undefined, parseBody(text));
          } catch (err) {
            finish(decorate(err as AwsLikeError, res));
          }
        });
      });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  }
}
