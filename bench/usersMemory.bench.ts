/**
 * Peak memory of `cognito-explorer users list --all --output csv` (the bundled CLI) for 10,000 and 100,000 users on
 * moto (seeded through a back door, pages found by offset): the output is counted as it streams, never kept.
 * --sequential, because moto answers a filtered page by scanning the whole pool, which for 100,000 users would
 * measure moto, not us; the parallel listing holds at most 2 x concurrency pages either way. Never pass/fail.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildCli, CLI } from '../test/support/cliBinary';
import { repoRoot } from '../test/support/paths';
import type { BenchRow } from './support/bench';
import { startSeededMoto } from './support/seededMoto';

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '10000,100000').split(',').map(Number);
const TARGET_KB = 150 * 1024;

function run(endpoint: string, poolId: string, extra: string[]): Promise<{ ms: number; rows: number; peakKb: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const args = ['-r', join(repoRoot, 'bench', 'support', 'maxrss.cjs'), CLI, 'users', 'list', '--all', '--output', 'csv', '--user-pool-id', poolId, '--endpoint-url', endpoint, ...extra];
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let rows = 0;
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      for (const b of c) if (b === 0x0a) rows++;
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const kib = Number(/maxrss-kib (\d+)/.exec(stderr)?.[1]);
      if (code !== 0 || !kib) return reject(new Error(`the CLI exited ${code}: ${stderr}`));
      resolve({ ms: Date.now() - started, rows: rows - 1, peakKb: kib });
    });
  });
}

/** Rows for `npm run bench -- usersMemory`: peak resident memory per pool size. */
export async function rows(): Promise<BenchRow[]> {
  // Under scripts/bench.mjs the production bundle is already built; alone, build the CLI first.
  if (!process.env.COGNITO_BENCH_OUT) await buildCli();
  const moto = await startSeededMoto({ fastPages: true });
  const out: BenchRow[] = [];
  try {
    for (const size of SIZES) {
      const poolId = await moto.poolWith(size);
      const r = await run(moto.endpoint, poolId, ['--sequential']);
      if (r.rows !== size) throw new Error(`the CSV had ${r.rows} records, not ${size}; the benchmark is meaningless`);
      out.push({ name: `users list --all --output csv, ${size} users, peak RSS`, unit: 'KB', ours: r.peakKb, target: { on: 'ours', op: '<=', value: TARGET_KB }, note: `whole CLI process, ${(r.ms / 1000).toFixed(0)} s on moto; records counted as they stream` });
    }
    return out;
  } finally {
    await moto.stop();
  }
}
