import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserFacingError } from '../../src/core/errors';
import { STALE_LOCK_MS, withRenewLock } from '../../src/core/export/renewLock';
import { refusal } from '../support/assertions';

describe('renewal lock (one credential-process renewal at a time)', () => {
  let dir: string;
  let lock: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'renewlock-'));
    lock = join(dir, 'dev.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one holder in at a time; the others wait and are told they waited', async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const run = (i: number) =>
      withRenewLock(lock, async (waited) => {
        inside++;
        most = Math.max(most, inside);
        assert.equal(statSync(lock).mode & 0o777, 0o600);
        assert.deepEqual(Object.keys(JSON.parse(readFileSync(lock, 'utf8'))), ['pid', 'at']);
        await new Promise((r) => setTimeout(r, 30));
        inside--;
        order.push(i);
        return waited;
      });
    const waited = await Promise.all([0, 1, 2, 3].map(run));
    assert.equal(most, 1);
    assert.equal(order.length, 4);
    assert.equal(waited.filter((w) => !w).length, 1, 'exactly one got in without waiting');
    assert.equal(existsSync(lock), false, 'the lock is gone afterwards');
  });

  it('releases the lock when the work fails', async () => {
    await assert.rejects(withRenewLock(lock, async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(existsSync(lock), false);
    assert.equal(await withRenewLock(lock, async (waited) => waited), false);
  });

  it('a holder taken over as stale does not remove the lock of the process that took it', async () => {
    const other = JSON.stringify({ pid: process.pid, at: Date.now() + 1 });
    await withRenewLock(lock, async () => {
      // Meanwhile another process judged this holder stale and took the lock.
      writeFileSync(lock, other);
    });
    assert.equal(readFileSync(lock, 'utf8'), other);
  });

  it('takes over a lock whose process has exited', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lock, JSON.stringify({ pid: Number(gone.stdout), at: Date.now() }));
    assert.equal(await withRenewLock(lock, async (waited) => waited, { waitMs: 2_000 }), true);
  });

  it('takes over a lock older than the stale limit even if its pid is alive (a hung holder)', async () => {
    writeFileSync(lock, JSON.stringify({ pid: process.pid, at: Date.now() - STALE_LOCK_MS - 1 }));
    assert.equal(await withRenewLock(lock, async (waited) => waited, { waitMs: 2_000 }), true);
  });

  it('judges an empty or damaged lock file by its age', async () => {
    writeFileSync(lock, '');
    const old = (Date.now() - STALE_LOCK_MS - 5_000) / 1000;
    utimesSync(lock, old, old);
    assert.equal(await withRenewLock(lock, async () => 'ran', { waitMs: 2_000 }), 'ran');
    writeFileSync(lock, '{not json');
    const err = await refusal(withRenewLock(lock, async () => 'ran', { waitMs: 150 }));
    assert.equal((err as UserFacingError).code, 'SessionLocked');
  });

  it('gives up on a live holder after the wait with one sentence, leaving its lock alone', async () => {
    writeFileSync(lock, JSON.stringify({ pid: process.pid, at: Date.now() }));
    const before = readFileSync(lock, 'utf8');
    const err = await refusal(withRenewLock(lock, async () => 'ran', { waitMs: 200 }));
    assert.ok(err instanceof UserFacingError);
    assert.equal(err.message, `Another cognito-explorer process has been renewing this saved session for over 0 s; try again, or delete ${lock} if no other run is active.`);
    assert.equal(readFileSync(lock, 'utf8'), before);
  });

  it('stops waiting when cancelled', async () => {
    writeFileSync(lock, JSON.stringify({ pid: process.pid, at: Date.now() }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by the user')), 100);
    await assert.rejects(withRenewLock(lock, async () => 'ran', { signal: controller.signal }), /cancelled by the user/);
  });
});
