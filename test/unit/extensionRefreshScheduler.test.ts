import assert from 'node:assert/strict';
import { UserFacingError } from '../../src/core/errors';
import type { AuthTokens } from '../../src/core/session';
import { isSessionEnded, isTransientFailure, parseRefreshMinutes, RefreshScheduler, type TimerApi } from '../../src/extension/session/refreshScheduler';

/** A clock and timers that only move when the test says so. */
class FakeTime implements TimerApi {
  now = 1_000_000;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  readonly clock = { now: () => this.now };

  set(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get timers(): number {
    return this.pending.size;
  }
  /** Moves the clock, firing due timers in order and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = Math.max(this.now, due[1].at);
      due[1].fn();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

const HOUR = 3_600_000;
const MIN = 60_000;

function tokens(obtainedAt: number, refreshToken = 'rt-1', expiresIn = 3600): AuthTokens {
  return { idToken: `id-${obtainedAt}`, accessToken: `access-${obtainedAt}`, refreshToken, expiresIn, tokenType: 'Bearer', obtainedAt };
}

const ended = () => new UserFacingError('The refresh token is no longer valid (expired, revoked or signed out); sign in again.', 'SessionExpired');
const offline = () => new UserFacingError('Could not reach AWS to refresh the session; check the network and try again.', 'ECONNREFUSED');

/** A host whose sessions live in a Map, like SessionManager: a successful refresh saves and triggers sync(). */
function setup(opts: { lead?: number; outcomes?: (() => Error | undefined)[]; retries?: number[] } = {}) {
  const time = new FakeTime();
  const sessions = new Map<string, AuthTokens>();
  const calls: string[] = [];
  const endedFor: string[] = [];
  const failedFor: { id: string; err: unknown }[] = [];
  const outcomes = [...(opts.outcomes ?? [])];
  let lead = opts.lead ?? 5;
  const scheduler: RefreshScheduler = new RefreshScheduler(
    {
      sessions: () => [...sessions].map(([connectionId, t]) => ({ connectionId, tokens: t })),
      leadMinutes: () => lead,
      refresh: async (id) => {
        calls.push(id);
        await Promise.resolve();
        const failure = outcomes.shift()?.();
        if (failure) throw failure;
        const fresh = tokens(time.now, sessions.get(id)!.refreshToken);
        sessions.set(id, fresh);
        scheduler.sync();
        return fresh;
      },
      ended: (id) => endedFor.push(id),
      failed: (id, err) => failedFor.push({ id, err }),
    },
    { clock: time.clock, timers: time, retryDelaysMs: opts.retries ?? [10_000, 60_000] },
  );
  return { time, sessions, calls, endedFor, failedFor, scheduler, setLead: (m: number) => (lead = m) };
}

describe('extension: automatic refresh scheduling', () => {
  it('refreshes the configured minutes before expiry and plans the next refresh from the new tokens', async () => {
    const t = setup({ lead: 5 });
    t.sessions.set('a', tokens(t.time.now));
    t.scheduler.sync();
    const start = t.time.now;
    assert.deepEqual(t.scheduler.status('a'), { state: 'scheduled', dueAt: start + HOUR - 5 * MIN, failures: 0 });
    await t.time.advance(HOUR - 5 * MIN - 1);
    assert.deepEqual(t.calls, []);
    await t.time.advance(1);
    assert.deepEqual(t.calls, ['a']);
    assert.equal(t.sessions.get('a')!.obtainedAt, start + HOUR - 5 * MIN);
    assert.deepEqual(t.scheduler.status('a'), { state: 'scheduled', dueAt: t.time.now + HOUR - 5 * MIN, failures: 0 });
    assert.equal(t.time.timers, 1);
    await t.time.advance(HOUR - 5 * MIN);
    assert.deepEqual(t.calls, ['a', 'a']);
  });

  it('refreshes at once when the stored access token already expired (a window reopened after hours)', async () => {
    const t = setup();
    t.sessions.set('a', tokens(t.time.now - 2 * HOUR));
    t.scheduler.sync();
    assert.equal(t.scheduler.status('a')!.dueAt! <= t.time.now, true);
    await t.time.advance(0);
    assert.deepEqual(t.calls, ['a']);
    assert.equal(t.sessions.get('a')!.obtainedAt, t.time.now);
  });

  it('never plans a refresh before half the token life, so a long lead cannot loop', async () => {
    const t = setup({ lead: 55 });
    t.sessions.set('a', tokens(t.time.now, 'rt', 600));
    t.scheduler.sync();
    assert.equal(t.scheduler.status('a')!.dueAt, t.time.now + 300_000);
    await t.time.advance(300_000);
    await t.time.advance(299_999);
    assert.equal(t.calls.length, 1);
  });

  it('is off at 0 minutes, and a change of the setting replans', async () => {
    const t = setup({ lead: 0 });
    t.sessions.set('a', tokens(t.time.now));
    t.scheduler.sync();
    assert.equal(t.scheduler.status('a'), undefined);
    assert.equal(t.time.timers, 0);
    t.setLead(10);
    t.scheduler.sync();
    assert.equal(t.scheduler.status('a')!.dueAt, t.time.now + HOUR - 10 * MIN);
    t.setLead(0);
    t.scheduler.sync();
    assert.equal(t.time.timers, 0);
  });

  it('ignores sessions without a refresh token and drops the timer of a session that signed out', () => {
    const t = setup();
    t.sessions.set('a', { ...tokens(t.time.now), refreshToken: undefined });
    t.sessions.set('b', tokens(t.time.now));
    t.scheduler.sync();
    assert.equal(t.scheduler.status('a'), undefined);
    assert.equal(t.time.timers, 1);
    t.sessions.delete('b');
    t.scheduler.sync();
    assert.equal(t.scheduler.status('b'), undefined);
    assert.equal(t.time.timers, 0);
  });

  it('an ended session is reported once and never retried until a new sign-in', async () => {
    const t = setup({ outcomes: [ended] });
    t.sessions.set('a', tokens(t.time.now - 2 * HOUR, 'dead'));
    t.scheduler.sync();
    await t.time.advance(0);
    assert.deepEqual(t.endedFor, ['a']);
    assert.deepEqual(t.scheduler.status('a'), { state: 'ended', failures: 0 });
    assert.equal(t.time.timers, 0);
    // Further change events for the same tokens (tree refreshes, other windows) must not restart it.
    t.scheduler.sync();
    t.scheduler.sync();
    await t.time.advance(10 * HOUR);
    assert.deepEqual(t.calls, ['a']);
    assert.deepEqual(t.endedFor, ['a']);
    assert.deepEqual(t.failedFor, []);

    t.sessions.set('a', tokens(t.time.now, 'fresh-sign-in'));
    t.scheduler.sync();
    assert.equal(t.scheduler.status('a')!.state, 'scheduled');
    await t.time.advance(HOUR);
    assert.deepEqual(t.calls, ['a', 'a']);
  });

  it('retries transient failures after each delay, then reports once and stops', async () => {
    const t = setup({ outcomes: [offline, offline, offline], retries: [10_000, 60_000] });
    t.sessions.set('a', tokens(t.time.now));
    t.scheduler.sync();
    await t.time.advance(HOUR - 5 * MIN);
    assert.equal(t.calls.length, 1);
    assert.deepEqual(t.scheduler.status('a'), { state: 'retrying', dueAt: t.time.now + 10_000, failures: 1 });
    await t.time.advance(9_999);
    assert.equal(t.calls.length, 1);
    await t.time.advance(1);
    assert.equal(t.calls.length, 2);
    assert.equal(t.scheduler.status('a')!.dueAt, t.time.now + 60_000);
    await t.time.advance(60_000);
    assert.equal(t.calls.length, 3);
    assert.equal(t.failedFor.length, 1);
    assert.match(String((t.failedFor[0].err as Error).message), /Could not reach AWS/);
    assert.deepEqual(t.scheduler.status('a'), { state: 'failed', failures: 3 });
    assert.equal(t.time.timers, 0);
    await t.time.advance(5 * HOUR);
    assert.equal(t.calls.length, 3);
    assert.deepEqual(t.endedFor, []);
  });

  it('a transient failure followed by success goes back to the normal plan', async () => {
    const t = setup({ outcomes: [offline] });
    t.sessions.set('a', tokens(t.time.now));
    t.scheduler.sync();
    await t.time.advance(HOUR - 5 * MIN + 10_000);
    assert.equal(t.calls.length, 2);
    assert.deepEqual(t.scheduler.status('a'), { state: 'scheduled', dueAt: t.time.now + HOUR - 5 * MIN, failures: 0 });
    assert.deepEqual(t.failedFor, []);
  });

  it('does not retry errors a retry cannot fix (a missing client secret)', async () => {
    const t = setup({ outcomes: [() => new UserFacingError('The client secret of "x" is missing from SecretStorage; edit the connection and enter it again.', 'MissingClientSecret')] });
    t.sessions.set('a', tokens(t.time.now - 2 * HOUR));
    t.scheduler.sync();
    await t.time.advance(10 * HOUR);
    assert.equal(t.calls.length, 1);
    assert.equal(t.failedFor.length, 1);
    assert.equal(t.scheduler.status('a')!.state, 'failed');
  });

  it('a session replaced while refreshing (another window refreshed, or a sign-out) is replanned without a report', async () => {
    const t = setup({ outcomes: [() => new UserFacingError('The session on "a" changed while refreshing; nothing was saved.', 'SessionChanged')] });
    t.sessions.set('a', tokens(t.time.now - 2 * HOUR));
    t.scheduler.sync();
    // The other window's tokens arrive while this window's refresh is still in flight.
    t.sessions.set('a', tokens(t.time.now, 'rt-1'));
    await t.time.advance(0);
    assert.deepEqual(t.failedFor, []);
    assert.deepEqual(t.endedFor, []);
    assert.deepEqual(t.scheduler.status('a'), { state: 'scheduled', dueAt: t.time.now + HOUR - 5 * MIN, failures: 0 });
  });

  it('"Refresh Now" shares a refresh already running, and an ended session stops the schedule without a second report', async () => {
    const t = setup();
    t.sessions.set('a', tokens(t.time.now - 2 * HOUR));
    t.scheduler.sync();
    const manual = t.scheduler.refreshNow('a');
    await t.time.advance(0);
    const got = await manual;
    assert.deepEqual(t.calls, ['a']);
    assert.equal(got.obtainedAt, t.time.now);

    const u = setup({ outcomes: [ended] });
    u.sessions.set('b', tokens(u.time.now, 'revoked'));
    u.scheduler.sync();
    await assert.rejects(u.scheduler.refreshNow('b'), (err) => isSessionEnded(err));
    assert.equal(u.scheduler.status('b')!.state, 'ended');
    assert.equal(u.time.timers, 0);
    await u.time.advance(2 * HOUR);
    assert.deepEqual(u.calls, ['b']);
    // The command shows the notification for a manual refresh; the scheduler adds none.
    assert.deepEqual(u.endedFor, []);
  });

  it('waits again when a far-off expiry needs more than the longest timer', async () => {
    const t = setup({ lead: 5 });
    const days40 = 40 * 24 * 3600;
    t.sessions.set('a', tokens(t.time.now, 'rt', days40));
    t.scheduler.sync();
    await t.time.advance(2 ** 31 - 1);
    assert.equal(t.calls.length, 0);
    assert.equal(t.time.timers, 1);
    await t.time.advance(days40 * 1000 - 5 * MIN - (2 ** 31 - 1));
    assert.equal(t.calls.length, 1);
  });

  it('dispose clears every timer and ignores later syncs', () => {
    const t = setup();
    t.sessions.set('a', tokens(t.time.now));
    t.sessions.set('b', tokens(t.time.now, 'rt-b'));
    t.scheduler.sync();
    assert.equal(t.time.timers, 2);
    t.scheduler.dispose();
    assert.equal(t.time.timers, 0);
    t.scheduler.sync();
    assert.equal(t.time.timers, 0);
  });
});

describe('extension: refresh failure kinds and the setting', () => {
  it('tells transient failures from ended sessions and configuration errors', () => {
    assert.equal(isTransientFailure(new UserFacingError('Could not reach the endpoint http://127.0.0.1:9 to refresh the session.', 'Error', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })), true);
    assert.equal(isTransientFailure(Object.assign(new Error('Service Unavailable'), { name: 'Error', $metadata: { httpStatusCode: 503 } })), true);
    assert.equal(isTransientFailure(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' })), true);
    assert.equal(isTransientFailure(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), true);
    assert.equal(isTransientFailure(ended()), false);
    assert.equal(isTransientFailure(Object.assign(new Error('Unable to verify secret hash'), { name: 'NotAuthorizedException', $metadata: { httpStatusCode: 400 } })), false);
    assert.equal(isSessionEnded(ended()), true);
    assert.equal(isSessionEnded(offline()), false);
  });

  it('reads refreshMinutesBeforeExpiry as whole minutes from 0 to 55, 5 otherwise', () => {
    assert.equal(parseRefreshMinutes(undefined), 5);
    assert.equal(parseRefreshMinutes('10'), 5);
    assert.equal(parseRefreshMinutes(-1), 5);
    assert.equal(parseRefreshMinutes(0), 0);
    assert.equal(parseRefreshMinutes(12.7), 12);
    assert.equal(parseRefreshMinutes(500), 55);
  });
});
