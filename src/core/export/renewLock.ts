/**
 * One renewal at a time per saved session. The AWS CLI and SDKs may start several `credential-process` runs at once
 * (parallel commands, a build tool's workers); without this each would refresh the tokens and call the identity pool,
 * and with refresh-token rotation the losers could be left holding a revoked token. A lock file beside the session
 * (created with O_EXCL, so exactly one process wins) serialises them; the others wait, then read what the winner saved.
 */
import { promises as fs } from 'node:fs';
import { UserFacingError } from '../errors';

/** A holder that has not finished in this long has crashed or hung: its lock is taken over. */
export const STALE_LOCK_MS = 30_000;
const POLL_MS = 40;

export interface LockOptions {
  /** How long to wait for another process's renewal before giving up. */
  waitMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

interface Holder {
  pid: number;
  at: number;
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.at === 'number' ? { pid: parsed.pid, at: parsed.at } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's holder is gone: its process has exited, it is too old, or the file is unreadable and old. */
async function isStale(path: string, now: number): Promise<boolean> {
  const holder = await readHolder(path);
  if (holder) return now - holder.at > STALE_LOCK_MS || !alive(holder.pid);
  try {
    // Written but not yet filled in by its creator, or damaged: judge by the file's age.
    return now - (await fs.stat(path)).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new UserFacingError('Cancelled while waiting for another renewal of the saved session.', 'Cancelled'));
    }
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * Runs `fn` holding the lock at `path`. `waited` tells `fn` whether another process held it first (then what it
 * saved is worth reading again before doing the work twice). The lock file holds only a pid and a time.
 */
export async function withRenewLock<T>(path: string, fn: (waited: boolean) => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const now = opts.now ?? Date.now;
  const waitMs = opts.waitMs ?? 20_000;
  const started = now();
  let waited = false;
  let mine = '';
  for (;;) {
    try {
      const handle = await fs.open(path, 'wx', 0o600);
      try {
        mine = JSON.stringify({ pid: process.pid, at: now() });
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    waited = true;
    if (await isStale(path, now())) {
      // Two waiters may both judge it stale and race to take it over; at worst both renew, which is what happened
      // without a lock, and the session file is written atomically either way.
      await fs.rm(path, { force: true });
      continue;
    }
    if (now() - started > waitMs) {
      throw new UserFacingError(`Another cognito-explorer process has been renewing this saved session for over ${Math.round(waitMs / 1000)} s; try again, or delete ${path} if no other run is active.`, 'SessionLocked');
    }
    await sleep(POLL_MS, opts.signal);
  }
  try {
    return await fn(waited);
  } finally {
    // A holder slow enough to be judged stale may find another process's lock here by now: leave that one alone.
    const current = await fs.readFile(path, 'utf8').catch(() => undefined);
    if (current === mine) await fs.rm(path, { force: true });
  }
}
