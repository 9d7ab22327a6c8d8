/**
 * `credential-process` from a warm cache: what the AWS CLI or an SDK waits for each time it runs the
 * credential_process line. A saved session with fresh credentials, so no network is involved. Rows: the bundled
 * binary as a whole process against `node -e 0`, and the cache lookup in process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCachedSession } from '../src/core/export/sessionCache';
import { credentialsFromSession } from '../src/core/export/sessionCredentials';
import { median, msSince, pairwise, timeProcess, type BenchRow } from './support/bench';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const POOL_ID = 'us-east-1:00000000-0000-0000-0000-000000000000';

export async function rows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cp-'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  try {
    const now = Date.now();
    await saveCachedSession(env, {
      version: 1,
      name: 'bench',
      region: 'us-east-1',
      userPoolId: 'us-east-1_bench',
      clientId: 'benchclient',
      identityPoolId: POOL_ID,
      username: 'bench',
      tokens: { idToken: 'not-used-on-a-warm-call', accessToken: 'x', refreshToken: 'y', expiresIn: 3600, tokenType: 'Bearer', obtainedAt: now },
      credentials: {
        identityId: 'us-east-1:bench',
        accessKeyId: 'ASIABENCHBENCHBENCH0',
        secretAccessKey: 'bench-secret',
        sessionToken: 'bench-session-token',
        expiration: new Date(now + 3600_000).toISOString(),
        identityPoolId: POOL_ID,
        obtainedAt: now,
      },
      savedAt: new Date(now).toISOString(),
    });
    const whole = await pairwise(
      async () => (await timeProcess(process.execPath, [CLI, 'credential-process', '--connection', 'bench'], { env })).ms,
      async () => (await timeProcess(process.execPath, ['-e', '0'], { env })).ms,
    );
    const lookups: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = process.hrtime.bigint();
      const { source } = await credentialsFromSession(env, 'bench');
      lookups.push(msSince(start));
      if (source !== 'cache') throw new Error(`expected a warm cache hit, got ${source}`);
    }
    return [
      { name: 'credential-process, warm cache, whole process', unit: 'ms', ours: whole.ours, peer: { name: 'node -e 0', value: whole.peer }, compare: 'overhead', note: `median of ${whole.runs} alternating pairs; no network` },
      { name: 'credential-process cache lookup, in process', unit: 'ms', ours: median(lookups), note: 'read + parse the session file, median of 200' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
