/**
 * `credential-process` from a warm cache: what the AWS CLI or an SDK waits for each time it runs the
 * credential_process line. A saved session with fresh credentials, so no network is involved. Prints medians
 * for the bundled binary as a child process, next to a bare `node -e ''` start, and for the in-process lookup.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCachedSession } from '../src/core/export/sessionCache';
import { credentialsFromSession } from '../src/core/export/sessionCredentials';
import { buildCli, CLI } from '../test/support/cliBinary';

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeSpawn(args: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  const out = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (out.status !== 0) throw new Error(`${args.join(' ')} failed: ${out.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  await buildCli();
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
      identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
      username: 'bench',
      tokens: { idToken: 'not-used-on-a-warm-call', accessToken: 'x', refreshToken: 'y', expiresIn: 3600, tokenType: 'Bearer', obtainedAt: now },
      credentials: {
        identityId: 'us-east-1:bench',
        accessKeyId: 'ASIABENCHBENCHBENCH0',
        secretAccessKey: 'bench-secret',
        sessionToken: 'bench-session-token',
        expiration: new Date(now + 3600_000).toISOString(),
        identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
        obtainedAt: now,
      },
      savedAt: new Date(now).toISOString(),
    });
    const args = [CLI, 'credential-process', '--connection', 'bench'];
    timeSpawn(args, env);
    const cli = Array.from({ length: RUNS }, () => timeSpawn(args, env));
    const bare = Array.from({ length: RUNS }, () => timeSpawn(['-e', ''], env));
    const inProcess: number[] = [];
    for (let i = 0; i < RUNS * 10; i++) {
      const started = process.hrtime.bigint();
      const { source } = await credentialsFromSession(env, 'bench');
      inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (source !== 'cache') throw new Error(`expected a warm cache hit, got ${source}`);
    }
    console.log(`credential-process, warm cache (median of ${RUNS}): ${median(cli).toFixed(1)} ms per call (min ${Math.min(...cli).toFixed(1)} ms)`);
    console.log(`  node -e '' start for comparison:        ${median(bare).toFixed(1)} ms`);
    console.log(`  in-process cache lookup (median of ${RUNS * 10}): ${median(inProcess).toFixed(2)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
