/**
 * Listing every user of a 10,000-user pool on moto: `cognito-explorer users list --all --output json` (the bundled
 * CLI, parallel sub-prefix streams, and --sequential) against the AWS CLI's `aws cognito-idp list-users` (pages of
 * 60, one after another), same server, same run, alternating; medians of the total time and of the time to the
 * first byte of output. Then the same through a proxy that adds a round trip per request, as a real region would.
 * Every output is parsed and counted before its time counts. Prints numbers; never part of pass/fail.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startFaultProxy } from '../test/support/faultProxy';
import { buildCli, CLI } from '../test/support/cliBinary';
import { repoRoot } from '../test/support/paths';
import { printWhenMain, type BenchRow } from './support/rows';
import { startSeededMoto } from './support/seededMoto';

const USERS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ADDED_LATENCY_MS = 40;
const AWS = join(repoRoot, '.venv', 'bin', 'aws');
const ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/nonexistent',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_PAGER: '',
};

interface Timing {
  totalMs: number;
  firstByteMs: number;
  users: number;
}

/** Runs a command to the end, timing the first stdout byte and the exit; counts the users in its JSON. */
function timed(cmd: string, args: string[]): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(cmd, args, { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let firstByteMs = 0;
    child.stdout.on('data', (c: Buffer) => {
      if (!firstByteMs) firstByteMs = ms();
      out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const totalMs = ms();
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
      const parsed = JSON.parse(Buffer.concat(out).toString('utf8')) as { users?: unknown[]; Users?: unknown[] };
      resolve({ totalMs, firstByteMs, users: (parsed.users ?? parsed.Users ?? []).length });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function compare(endpoint: string, poolId: string, label: string): Promise<BenchRow[]> {
  const variants: Record<string, () => Promise<Timing>> = {
    'cognito-explorer users list --all': () => timed(process.execPath, [CLI, 'users', 'list', '--all', '--output', 'json', '--user-pool-id', poolId, '--endpoint-url', endpoint]),
    'cognito-explorer users list --all --sequential': () =>
      timed(process.execPath, [CLI, 'users', 'list', '--all', '--sequential', '--output', 'json', '--user-pool-id', poolId, '--endpoint-url', endpoint]),
    'aws cognito-idp list-users': () => timed(AWS, ['cognito-idp', 'list-users', '--user-pool-id', poolId, '--endpoint-url', endpoint, '--output', 'json']),
  };
  const times: Record<string, Timing[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, go] of Object.entries(variants)) {
      const t = await go();
      if (t.users !== USERS) throw new Error(`${name} listed ${t.users} users, not ${USERS}; the benchmark is meaningless`);
      times[name].push(t);
    }
  }
  const rows: BenchRow[] = [];
  const aws = median(times['aws cognito-idp list-users'].map((t) => t.totalMs));
  for (const [name, ts] of Object.entries(times)) {
    const total = median(ts.map((t) => t.totalMs));
    rows.push({ name: `${name} (${label})`, value: Math.round(total), unit: 'ms', note: `first output after ${Math.round(median(ts.map((t) => t.firstByteMs)))} ms; ${(aws / total).toFixed(1)}x the AWS CLI's speed` });
  }
  return rows;
}

/** The rows for `npm run bench`'s table: median times per variant, directly on moto and behind added latency. */
export async function benchUsersList(): Promise<BenchRow[]> {
  await buildCli();
  const moto = await startSeededMoto();
  try {
    const poolId = await moto.poolWith(USERS);
    const rows = await compare(moto.endpoint, poolId, 'moto');
    const proxy = await startFaultProxy(moto.endpoint, () => undefined, ADDED_LATENCY_MS);
    try {
      rows.push(...(await compare(proxy.endpoint, poolId, `moto + ${ADDED_LATENCY_MS} ms per request`)));
    } finally {
      await proxy.stop();
    }
    return rows;
  } finally {
    await moto.stop();
  }
}

printWhenMain(module, benchUsersList, `Listing all ${USERS} users, median of ${RUNS} alternating runs each (outputs parsed and counted):`, 'target: cognito-explorer --all at least 3x faster than the AWS CLI');
