/**
 * When to refresh each signed-in session, and what to do when a refresh fails. Plain TypeScript (no `vscode`):
 * the host supplies the sessions, the refresh itself and the notifications, so the timing is unit-testable.
 */
import type { Clock, Logger } from '../../core/ports';
import { refreshDueAt, type AuthTokens } from '../../core/session';

export interface TimerApi {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: TimerApi = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ScheduledSession {
  connectionId: string;
  tokens: AuthTokens;
}

export interface RefreshHost {
  /** Every signed-in session, read fresh on each call. */
  sessions(): ScheduledSession[];
  /** Minutes before expiry to refresh at; 0 or less turns automatic refresh off. */
  leadMinutes(): number;
  /** Refreshes the session and saves the new tokens; resolves them. */
  refresh(connectionId: string): Promise<AuthTokens>;
  /** The refresh token was refused: the session is over and the user must sign in again. */
  ended(connectionId: string, error: unknown): void;
  /** Automatic refresh gave up (retries used up, or an error retrying cannot fix). */
  failed(connectionId: string, error: unknown): void;
}

export type RefreshState = 'scheduled' | 'running' | 'retrying' | 'ended' | 'failed';

export interface RefreshStatus {
  state: RefreshState;
  /** When the next attempt runs (scheduled or retrying). */
  dueAt?: number;
  /** Failed automatic attempts for the current tokens. */
  failures: number;
}

export interface SchedulerOptions {
  clock: Clock;
  timers?: TimerApi;
  logger?: Logger;
  /** Waits before each retry after a transient failure; its length bounds the retries. */
  retryDelaysMs?: readonly number[];
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [15_000, 60_000, 300_000];

// setTimeout overflows above 2^31-1 ms (about 24.8 days) and would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The setting's value: whole minutes from 0 (off) to 55; 5 when unset or invalid. */
export function parseRefreshMinutes(raw: unknown): number {
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? Math.min(Math.floor(raw), 55) : 5;
}

/** A refresh token Cognito refused (expired, revoked, signed out, device forgotten): retrying cannot help. */
export function isSessionEnded(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === 'SessionExpired';
}

const TRANSIENT_NAMES = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalErrorException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ThrottlingException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const NETWORK_MESSAGE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|socket hang up|fetch failed|Could not reach/i;

/** Network trouble, throttling or a server-side error: worth another try later. Walks the `cause` chain. */
export function isTransientFailure(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const e = current as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
    if (isSessionEnded(e)) return false;
    if ((e.name && TRANSIENT_NAMES.has(e.name)) || (e.code && TRANSIENT_NAMES.has(e.code))) return true;
    if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
    if (NETWORK_MESSAGE.test(String(e.message ?? ''))) return true;
    current = e.cause;
  }
  return false;
}

const SUPERSEDED = new Set(['SessionChanged', 'NotSignedIn', 'NoSuchConnection']);

interface Entry {
  /** Identifies the tokens (and lead time) this entry was planned for; a change replans. */
  key: string;
  refreshToken: string;
  state: RefreshState;
  dueAt?: number;
  timer?: unknown;
  failures: number;
}

/**
 * Keeps one timer per signed-in session with a refresh token, due `leadMinutes` before expiry (never before
 * half the tokens' life; see refreshDueAt). Call `sync()` whenever sessions or the setting change. A refused
 * refresh token ends the session once: no further attempts until the tokens change (a new sign-in).
 * Transient failures are retried after each of `retryDelaysMs`, then reported once.
 */
export class RefreshScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<AuthTokens>>();
  /** Refresh tokens Cognito refused, so a session left in storage is not retried (kept in memory only). */
  private readonly endedTokens = new Set<string>();
  private readonly timers: TimerApi;
  private readonly retryDelays: readonly number[];
  private disposed = false;

  constructor(
    private readonly host: RefreshHost,
    private readonly opts: SchedulerOptions,
  ) {
    this.timers = opts.timers ?? realTimers;
    this.retryDelays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** Plans (or drops) timers to match the host's current sessions and setting. */
  sync(): void {
    if (this.disposed) return;
    const lead = this.host.leadMinutes();
    const sessions = lead > 0 ? this.host.sessions() : [];
    const seen = new Set<string>();
    for (const { connectionId, tokens } of sessions) {
      const refreshToken = tokens.refreshToken;
      if (!refreshToken) continue;
      seen.add(connectionId);
      // A refresh in flight reports back through sync() when it settles.
      if (this.inFlight.has(connectionId)) continue;
      const key = `${tokens.obtainedAt}|${tokens.expiresIn}|${lead}|${refreshToken}`;
      const entry = this.entries.get(connectionId);
      if (this.endedTokens.has(refreshToken)) {
        if (entry?.state !== 'ended' || entry.key !== key) {
          this.drop(connectionId);
          this.entries.set(connectionId, { key, refreshToken, state: 'ended', failures: 0 });
        }
        continue;
      }
      if (entry && entry.key === key) continue;
      this.drop(connectionId);
      const dueAt = refreshDueAt(tokens, lead);
      const planned: Entry = { key, refreshToken, state: 'scheduled', dueAt, failures: 0 };
      this.entries.set(connectionId, planned);
      this.arm(connectionId, planned, dueAt);
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.drop(id);
  }

  /** Refreshes now (a user's request); shares a refresh already running. Failures are thrown, not retried. */
  async refreshNow(connectionId: string): Promise<AuthTokens> {
    const refreshToken = this.host.sessions().find((s) => s.connectionId === connectionId)?.tokens.refreshToken;
    try {
      return await this.start(connectionId);
    } catch (err) {
      if (isSessionEnded(err) && refreshToken) this.endedTokens.add(refreshToken);
      throw err;
    } finally {
      this.sync();
    }
  }

  status(connectionId: string): RefreshStatus | undefined {
    const entry = this.entries.get(connectionId);
    if (this.inFlight.has(connectionId)) return { state: 'running', failures: entry?.failures ?? 0 };
    if (!entry) return undefined;
    return { state: entry.state, failures: entry.failures, ...(entry.dueAt !== undefined && (entry.state === 'scheduled' || entry.state === 'retrying') ? { dueAt: entry.dueAt } : {}) };
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.entries.keys()]) this.drop(id);
  }

  private drop(connectionId: string): void {
    const entry = this.entries.get(connectionId);
    if (entry?.timer !== undefined) this.timers.clear(entry.timer);
    this.entries.delete(connectionId);
  }

  private arm(connectionId: string, entry: Entry, at: number): void {
    if (entry.timer !== undefined) this.timers.clear(entry.timer);
    const delay = Math.min(Math.max(0, at - this.opts.clock.now()), MAX_TIMER_MS);
    entry.timer = this.timers.set(() => this.fire(connectionId, entry), delay);
  }

  private fire(connectionId: string, entry: Entry): void {
    entry.timer = undefined;
    if (this.disposed || this.entries.get(connectionId) !== entry) return;
    // A capped timer for a far-off expiry wakes early: wait again.
    if (entry.dueAt !== undefined && entry.dueAt > this.opts.clock.now()) {
      this.arm(connectionId, entry, entry.dueAt);
      return;
    }
    void this.start(connectionId).then(
      () => this.sync(),
      (err: unknown) => {
        this.failedAutomatically(connectionId, entry, err);
        this.sync();
      },
    );
  }

  private start(connectionId: string): Promise<AuthTokens> {
    const running = this.inFlight.get(connectionId);
    if (running) return running;
    const promise = this.host.refresh(connectionId).finally(() => this.inFlight.delete(connectionId));
    this.inFlight.set(connectionId, promise);
    return promise;
  }

  private failedAutomatically(connectionId: string, entry: Entry, err: unknown): void {
    if (this.disposed || this.entries.get(connectionId) !== entry) return;
    // Signed out, signed in again or refreshed by another window meanwhile: nothing to report; sync() replans.
    if (SUPERSEDED.has(String((err as { code?: unknown } | undefined)?.code))) {
      this.drop(connectionId);
      return;
    }
    if (isSessionEnded(err)) {
      this.endedTokens.add(entry.refreshToken);
      entry.state = 'ended';
      entry.dueAt = undefined;
      this.opts.logger?.warn(`Automatic refresh for ${connectionId}: the session has ended`);
      this.host.ended(connectionId, err);
      return;
    }
    entry.failures++;
    if (isTransientFailure(err) && entry.failures <= this.retryDelays.length) {
      const wait = this.retryDelays[entry.failures - 1];
      entry.state = 'retrying';
      entry.dueAt = this.opts.clock.now() + wait;
      this.opts.logger?.warn(`Automatic refresh for ${connectionId} failed (attempt ${entry.failures}); retrying in ${Math.round(wait / 1000)} s`);
      this.arm(connectionId, entry, entry.dueAt);
      return;
    }
    entry.state = 'failed';
    entry.dueAt = undefined;
    this.host.failed(connectionId, err);
  }
}
