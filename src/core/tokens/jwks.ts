/**
 * Fetching a pool's JSON Web Key Set and its OpenID configuration: every request has a deadline and honours the
 * caller's AbortSignal; key sets are cached per URL, with the server's clock read from the answer's Date header.
 * Callers asking for the same document at once (the ID and access token checks) share one request.
 */
import { currentScope } from '../aws';
import { escapeControl } from '../text';

/** Default deadline for one JWKS or openid-configuration request. */
export const JWKS_TIMEOUT_MS = 5_000;
// A shared request outlives any one caller's deadline; this bounds it should every caller wait longer than this.
const SHARED_MAX_MS = 60_000;
// Cognito's key sets are a few hundred bytes; a huge answer is not one and is not read to the end.
const MAX_BODY_BYTES = 512 * 1024;

export interface FetchOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface KeySet {
  url: string;
  keys: Record<string, unknown>[];
  /** This computer's clock when the answer arrived (ms since the epoch). */
  receivedAt: number;
  /** The server's clock from the Date header (ms), when it sent a valid one. */
  serverDate?: number;
}

/** A JWKS that could not be had; `message` is the sentence a report shows. */
export class JwksFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwksFetchError';
  }
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return escapeControl(String(cause?.code ?? cause?.message ?? (err as Error)?.message ?? err));
}

interface Answer {
  status: number;
  body: string;
  date?: number;
  receivedAt: number;
}

/** The options with the caller's scope folded in: its signal (a Cancel button) and deadline (a CLI --timeout). */
function scoped(opts: FetchOptions): FetchOptions {
  const scope = currentScope();
  const signals = [opts.signal, scope.signal].filter((s): s is AbortSignal => Boolean(s));
  return { signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0], timeoutMs: opts.timeoutMs ?? Math.min(JWKS_TIMEOUT_MS, scope.deadlineMs) };
}

/** What went wrong on the way, in words (fetch reports "bad port", "unexpected redirect", ECONNREFUSED...). */
function failureOf(err: unknown, url: string): string {
  const cause = causeOf(err);
  if (/bad port/i.test(cause)) {
    return `Node refuses to fetch from port ${new URL(url).port || 'of this URL'} (it belongs to another protocol); run the emulator on another port`;
  }
  if (/redirect/i.test(cause)) return 'the server answered with a redirect, which a key set never needs; check the endpoint URL (a proxy or login page may be in the way)';
  if (/ECONNREFUSED/.test(cause)) return 'nothing is listening there (connection refused); check the endpoint URL and that the emulator is running';
  if (/ECONNRESET|socket|closed|terminated/i.test(cause)) return 'the server closed the connection before answering; check the endpoint URL and that the emulator is running';
  return `${cause}; check the network and the endpoint`;
}

const cancelled = (what: string, url: string) => new JwksFetchError(`Cancelled before the ${what} arrived from ${url}.`);
const late = (what: string, url: string, ms: number) => new JwksFetchError(`Could not fetch the ${what} from ${url}: no answer within ${Math.round(ms / 100) / 10} s.`);

/** GET with a deadline and the caller's signal; reads at most MAX_BODY_BYTES. Throws JwksFetchError sentences. */
async function get(url: string, what: string, opts: FetchOptions): Promise<Answer> {
  const timeoutMs = opts.timeoutMs ?? JWKS_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
  try {
    const res = await fetch(url, { signal, redirect: 'error', headers: { accept: 'application/json' } });
    const body = await readCapped(res);
    const date = Date.parse(res.headers.get('date') ?? '');
    return { status: res.status, body, receivedAt: Date.now(), ...(Number.isFinite(date) ? { date } : {}) };
  } catch (err) {
    if (err instanceof JwksFetchError) throw err;
    if (opts.signal?.aborted) throw cancelled(what, url);
    if (deadline.aborted) throw late(what, url, timeoutMs);
    throw new JwksFetchError(`Could not fetch the ${what} from ${url}: ${failureOf(err, url)}.`);
  }
}

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}
const flights = new Map<string, Flight<unknown>>();

/**
 * Runs `work` once for every caller asking for `url` while it is in flight. Each caller keeps its own deadline and
 * signal: one that gives up stops waiting with its own sentence, and the request is aborted only when no caller waits.
 */
async function shared<T>(url: string, what: string, given: FetchOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const opts = scoped(given);
  if (opts.signal?.aborted) throw cancelled(what, url);
  let flight = flights.get(url) as Flight<T> | undefined;
  if (!flight) {
    const controller = new AbortController();
    const promise = work(controller.signal).finally(() => {
      if (flights.get(url) === flight) flights.delete(url);
    });
    flight = { promise, controller, waiters: 0 };
    flights.set(url, flight);
    promise.catch(() => undefined);
  }
  const own = flight;
  own.waiters += 1;
  const timeoutMs = opts.timeoutMs ?? JWKS_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const givenUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late(what, url, timeoutMs)), timeoutMs);
    onAbort = () => reject(cancelled(what, url));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([own.promise, givenUp]);
  } finally {
    clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    own.waiters -= 1;
    if (own.waiters === 0 && flights.get(url) === own) {
      flights.delete(url);
      own.controller.abort();
    }
  }
}

async function readCapped(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new JwksFetchError(`The answer from ${res.url} is larger than ${MAX_BODY_BYTES / 1024} KB; it is not a user pool's key set.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Fetches and checks one key set (`{"keys": [...]}`); never cached. */
export async function fetchKeySet(url: string, opts: FetchOptions = {}): Promise<KeySet> {
  const answer = await get(url, 'signing keys', scoped(opts));
  if (answer.status !== 200) {
    throw new JwksFetchError(`Could not fetch the signing keys from ${url}: the server did not answer 200 OK (HTTP ${answer.status}); check the pool id, region and endpoint.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(answer.body);
  } catch {
    throw new JwksFetchError(`The document at ${url} is not valid JSON.`);
  }
  const keys = (doc as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || !keys.every((k) => k && typeof k === 'object' && !Array.isArray(k))) {
    throw new JwksFetchError(`The document at ${url} is not a valid JSON Web Key Set (no "keys" list of objects).`);
  }
  return { url, keys: keys as Record<string, unknown>[], receivedAt: answer.receivedAt, ...(answer.date !== undefined ? { serverDate: answer.date } : {}) };
}

const keySets = new Map<string, KeySet>();
const issuers = new Map<string, string>();

/**
 * The cached key set for `url`, fetched when missing or when `refresh` is set (a token names a kid the cached set
 * lacks: the pool may have rotated its keys). `fetched` says whether this call went to the network.
 */
export async function keySetFor(url: string, opts: FetchOptions & { refresh?: boolean } = {}): Promise<{ set: KeySet; fetched: boolean }> {
  const cached = keySets.get(url);
  if (cached && !opts.refresh) return { set: cached, fetched: false };
  const set = await shared(url, 'signing keys', opts, async (signal) => {
    const fresh = await fetchKeySet(url, { signal, timeoutMs: SHARED_MAX_MS });
    keySets.set(url, fresh);
    return fresh;
  });
  return { set, fetched: true };
}

/** Forgets every cached key set and discovered issuer (the next verification refetches). */
export function clearJwksCache(): void {
  keySets.clear();
  issuers.clear();
}

/**
 * The `issuer` that `<endpoint>/<poolId>/.well-known/openid-configuration` names, or undefined when it does not
 * answer one (moto serves none). Successes are cached; a failure is asked again next time.
 */
export async function discoverIssuer(endpointUrl: string, userPoolId: string, opts: FetchOptions = {}): Promise<string | undefined> {
  const url = `${endpointUrl.trim().replace(/\/+$/, '')}/${userPoolId}/.well-known/openid-configuration`;
  const known = issuers.get(url);
  if (known) return known;
  try {
    const answer = await shared(url, 'OpenID configuration', opts, (signal) => get(url, 'OpenID configuration', { signal, timeoutMs: SHARED_MAX_MS }));
    if (answer.status !== 200) return undefined;
    const issuer = (JSON.parse(answer.body) as { issuer?: unknown })?.issuer;
    if (typeof issuer !== 'string' || issuer.length > 2048 || !/^https?:\/\/[^\s\u0000-\u001f]+$/.test(issuer)) return undefined;
    issuers.set(url, issuer);
    return issuer;
  } catch {
    return undefined;
  }
}
