/**
 * Every user of a pool, fast. ListUsers returns 60 users a page and each page needs the previous one's token, so
 * one stream is latency-bound. Users' `sub` is a UUID, so `sub ^= "0"` … `sub ^= "f"` splits the pool into 16
 * disjoint streams that can be paged side by side; a bounded, adaptive number of requests is in flight, backing
 * off on TooManyRequestsException so the pool's request quota is respected.
 */
import { UserFacingError } from '../errors';
import type { AdminTarget, CallOptions } from './adminTarget';
import { checkFilter, listUsers, MAX_PAGE, type PoolUser } from './userPages';

export interface ListAllOptions extends CallOptions {
  /** A user filter: ListUsers takes one condition, so a filtered listing is one stream. */
  filter?: string;
  attributes?: string[];
  /** Most requests in flight at once (default 8); lowered automatically while Cognito throttles. */
  concurrency?: number;
  onProgress?(loaded: number): void;
  /** Retries of one page after throttling before giving up (default 8). */
  maxRetries?: number;
  /** First back-off after throttling, doubled on each retry, with jitter (default 250 ms). */
  baseDelayMs?: number;
  /** Force a single stream (the AWS CLI's way), e.g. for comparison. */
  sequential?: boolean;
}

export const DEFAULT_CONCURRENCY = 8;
const PREFIXES = '0123456789abcdef'.split('');

/** Additive increase, multiplicative decrease: halve on throttling, creep back up after a run of successes. */
export class AdaptiveLimit {
  current: number;
  private successes = 0;
  constructor(readonly max: number) {
    this.current = max;
  }
  throttled(): void {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.successes = 0;
  }
  succeeded(): void {
    if (this.current >= this.max) return;
    if (++this.successes >= this.current) {
      this.current += 1;
      this.successes = 0;
    }
  }
}

/** The server ignored or refused `sub ^=` filters: list in one stream instead. */
class PrefixFiltersUnsupported extends Error {}

function isThrottling(err: unknown): boolean {
  const code = (err as { code?: string; name?: string })?.code ?? (err as { name?: string })?.name;
  return code === 'TooManyRequestsException' || code === 'ThrottlingException';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

interface Stream {
  filter?: string;
  prefix?: string;
  token?: string;
  busy: boolean;
  done: boolean;
  checked: boolean;
}

interface Engine {
  t: AdminTarget;
  poolId: string;
  opts: ListAllOptions;
  attributes?: string[];
  signal: AbortSignal;
  limit: AdaptiveLimit;
}

async function fetchPage(e: Engine, s: Stream): Promise<{ users: PoolUser[]; nextToken?: string }> {
  const maxRetries = e.opts.maxRetries ?? 8;
  for (let attempt = 0; ; attempt++) {
    try {
      const page = await listUsers(e.t, e.poolId, { filter: s.filter, paginationToken: s.token, attributes: e.attributes, signal: e.signal });
      e.limit.succeeded();
      if (s.prefix && !s.checked) {
        // A server that ignores the filter would hand every stream the whole pool.
        if (page.users.some((u) => !u.sub?.toLowerCase().startsWith(s.prefix!))) throw new PrefixFiltersUnsupported();
        s.checked = true;
      }
      return page;
    } catch (err) {
      if (e.signal.aborted) throw e.signal.reason;
      if (isThrottling(err) && attempt < maxRetries) {
        e.limit.throttled();
        const base = (e.opts.baseDelayMs ?? 250) * 2 ** attempt;
        await sleep(Math.min(base / 2 + Math.random() * base, 20_000), e.signal);
        continue;
      }
      if (isThrottling(err)) {
        throw new UserFacingError(`Cognito kept throttling the listing of pool ${e.poolId} after ${maxRetries} retries; wait a minute and try again (or list fewer users at once).`, 'TooManyRequestsException', { cause: err });
      }
      if (s.prefix && !s.checked && (err as { code?: string }).code === 'InvalidParameterException') throw new PrefixFiltersUnsupported();
      throw err;
    }
  }
}

/** Pages of several streams as they arrive, at most `limit.current` requests in flight and a few pages buffered. */
async function* merged(e: Engine, streams: Stream[]): AsyncGenerator<PoolUser[]> {
  const ready: PoolUser[][] = [];
  const maxBuffered = e.limit.max * 2;
  let inflight = 0;
  let failure: { err: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const pump = () => {
    while (!failure && inflight < e.limit.current && ready.length < maxBuffered) {
      const s = streams.find((x) => !x.busy && !x.done);
      if (!s) return;
      s.busy = true;
      inflight++;
      fetchPage(e, s)
        .then((page) => {
          s.token = page.nextToken;
          s.done = !page.nextToken;
          if (page.users.length) ready.push(page.users);
        }, (err: unknown) => {
          failure ??= { err };
        })
        .finally(() => {
          s.busy = false;
          inflight--;
          pump();
          notify();
        });
    }
  };
  pump();
  for (;;) {
    if (failure) throw failure.err;
    if (ready.length) {
      yield ready.shift()!;
      pump();
      continue;
    }
    if (inflight === 0 && streams.every((s) => s.done)) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

function stream(filter?: string, prefix?: string, token?: string): Stream {
  return { filter, prefix, token, busy: false, done: false, checked: false };
}

/**
 * Every user of the pool as pages (arrays), de-duplicated by username, in no particular order. The first page
 * comes after one round trip; a pool of more than one page is then listed in 16 parallel `sub` prefix streams
 * (one stream when a filter is given, or where the server refuses or ignores such filters). Stop early by
 * breaking out of the loop or aborting `signal`: in-flight requests are cancelled.
 */
export async function* listAllUsers(t: AdminTarget, poolId: string, opts: ListAllOptions = {}): AsyncGenerator<PoolUser[]> {
  checkFilter(opts.filter);
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // Prefix checks need every user's sub, even when only some attributes were asked for.
  const wanted = opts.attributes?.length ? opts.attributes : undefined;
  const attributes = wanted && !wanted.includes('sub') ? [...wanted, 'sub'] : wanted;
  const e: Engine = { t, poolId, opts, attributes, signal: controller.signal, limit: new AdaptiveLimit(Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY))) };
  const seen = new Set<string>();
  let loaded = 0;
  const fresh = (users: PoolUser[]): PoolUser[] => {
    const out = users.filter((u) => !seen.has(u.username) && Boolean(seen.add(u.username)));
    if (attributes !== wanted) for (const u of out) delete u.attributes.sub;
    loaded += out.length;
    if (out.length) opts.onProgress?.(loaded);
    return out;
  };
  async function* drain(streams: Stream[]): AsyncGenerator<PoolUser[]> {
    for await (const page of merged(e, streams)) {
      const users = fresh(page);
      if (users.length) yield users;
    }
  }
  try {
    const first = await fetchPage(e, stream(opts.filter));
    const users = fresh(first.users);
    if (users.length) yield users;
    if (!first.nextToken) return;
    if (opts.filter || opts.sequential) {
      yield* drain([stream(opts.filter, undefined, first.nextToken)]);
      return;
    }
    try {
      yield* drain(PREFIXES.map((p) => stream(`sub ^= "${p}"`, p)));
    } catch (err) {
      if (!(err instanceof PrefixFiltersUnsupported)) throw err;
      // Already-delivered users are skipped by `seen`; the single stream picks up after the first page.
      yield* drain([stream(undefined, undefined, first.nextToken)]);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
