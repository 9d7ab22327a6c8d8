/**
 * Listing every user of a 10,000-user pool on moto: `cognito-explorer users list --all --output json` (the bundled
 * CLI, parallel sub-prefix streams, and --sequential) against the AWS CLI's `aws cognito-idp list-users` (pages of
 * 60, one after another), same server, same run, alternating; medians of the total time and of the time to the
 * first byte of output. Then the same through a proxy that adds a round trip per request, as a real region would.
 * Every output is parsed and counted before its time counts. BENCH_RUNS sets the rounds (default 3: moto serves
 * 10,000 users slowly). Rows for `npm run bench -- usersList`; never part of pass/fail.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startFaultProxy } from '../test/support/faultProxy';
import { buildCli, CLI } from '../test/support/cliBinary';
import { repoRoot } from '../test/support/paths';
import { median, type BenchRow } from './support/bench';
import { startSeededMoto } from './support/seededMoto';

const USERS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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

const AWS_CLI = 'aws cognito-idp list-users';

async function compare(endpoint: string, poolId: string, label: string): Promise<BenchRow[]> {
  const ours = (extra: string[]) => () => timed(process.execPath, [CLI, 'users', 'list', '--all', ...extra, '--output', 'json', '--user-pool-id', poolId, '--endpoint-url', endpoint]);
  const variants: [string, () => Promise<Timing>][] = [
    ['users list --all', ours([])],
    ['users list --all --sequential', ours(['--sequential'])],
    [AWS_CLI, () => timed(AWS, ['cognito-idp', 'list-users', '--user-pool-id', poolId, '--endpoint-url', endpoint, '--output', 'json'])],
  ];
  const times = new Map<string, Timing[]>(variants.map(([name]) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    // The order rotates each round, so drifting load on a shared machine hits every variant alike.
    for (let i = 0; i < variants.length; i++) {
      const [name, go] = variants[(i + run) % variants.length];
      const t = await go();
      if (t.users !== USERS) throw new Error(`${name} listed ${t.users} users, not ${USERS}; the benchmark is meaningless`);
      times.get(name)!.push(t);
    }
  }
  const total = (name: string) => median(times.get(name)!.map((t) => t.totalMs));
  const first = (name: string) => median(times.get(name)!.map((t) => t.firstByteMs));
  const peer = { name: AWS_CLI, value: total(AWS_CLI) };
  const note = `${USERS} users, median of ${RUNS} rotating runs, outputs parsed and counted`;
  return [
    { name: `users list --all --output json (${label})`, unit: 'ms', ours: total('users list --all'), peer, target: { on: 'ratio', op: '>=', value: 3 }, note: `16 sub-prefix streams; ${note}` },
    { name: `users list --all --sequential (${label})`, unit: 'ms', ours: total('users list --all --sequential'), peer, note: `one stream, like the AWS CLI; ${note}` },
    { name: `users list --all, time to first output (${label})`, unit: 'ms', ours: first('users list --all'), peer: { name: AWS_CLI, value: first(AWS_CLI) }, note: 'the AWS CLI prints when it has every page' },
  ];
}

/** The rows for `npm run bench`: direct on moto, and behind a proxy adding a region-like round trip. */
export async function rows(): Promise<BenchRow[]> {
  // Under scripts/bench.mjs the production bundle is already built; alone, build the CLI first.
  if (!process.env.COGNITO_BENCH_OUT) await buildCli();
  const moto = await startSeededMoto();
  try {
    const poolId = await moto.poolWith(USERS);
    const out = await compare(moto.endpoint, poolId, 'moto');
    const proxy = await startFaultProxy(moto.endpoint, () => undefined, ADDED_LATENCY_MS);
    try {
      out.push(...(await compare(proxy.endpoint, poolId, `moto + ${ADDED_LATENCY_MS} ms a request`)));
    } finally {
      await proxy.stop();
    }
    return out;
  } finally {
    await moto.stop();
  }
}
