/**
 * Listing every user of a 10,000-user pool: `cognito-explorer users list --all --output json` (the bundled CLI,
 * parallel sub-prefix streams, and --sequential) against the AWS CLI's `aws cognito-idp list-users` (pages of 60,
 * one after another), same server, same run, rotating order; medians of the total time and of the time to the first
 * byte of output. Every output is parsed, and its usernames must be the pool's, each exactly once.
 * Three stands: moto (and moto behind a proxy adding 40 ms a request), with moto's own time per request measured
 * first, since it bounds those rows; and a region-like server (test/support/regionUsers.ts: concurrent, 120 ms an
 * answer, Cognito's 30 requests/s UserList quota), once at that quota and once at a quota low enough to throttle us.
 * BENCH_RUNS sets the rounds (default 3); BENCH_USERS_STANDS=moto,region,throttled picks stands. Never pass/fail.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startFaultProxy } from '../test/support/faultProxy';
import { startRegionUsers, REGION_LATENCY_MS, USER_LIST_QUOTA_RPS, type RegionUsersServer } from '../test/support/regionUsers';
import { buildCli, CLI } from '../test/support/cliBinary';
import { repoRoot } from '../test/support/paths';
import { median, type BenchRow } from './support/bench';
import { startSeededMoto } from './support/seededMoto';

const USERS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ADDED_LATENCY_MS = 40;
/** Low enough that our 8 requests in flight (about 60 a second at 120 ms) are refused most of the time. */
const LOW_QUOTA_RPS = 10;
const STANDS = new Set((process.env.BENCH_USERS_STANDS ?? 'moto,region,throttled').split(','));
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
  usernames: string[];
}

/** Runs a command to the end, timing the first stdout byte and the exit; reads the usernames in its JSON. */
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
      const parsed = JSON.parse(Buffer.concat(out).toString('utf8')) as { users?: { username: string }[]; Users?: { Username: string }[] };
      resolve({ totalMs, firstByteMs, usernames: parsed.users?.map((u) => u.username) ?? parsed.Users?.map((u) => u.Username) ?? [] });
    });
  });
}

const AWS_CLI = 'aws cognito-idp list-users';
const OURS = 'users list --all';
const SEQUENTIAL = 'users list --all --sequential';

interface Stand {
  endpoint: string;
  poolId: string;
  label: string;
  /** Every username the pool holds. */
  expected: Set<string>;
  variants: string[];
  /** The region-like server and its quota (requests/s): refilled before each run, its counts read after. */
  region?: { server: RegionUsersServer; quota: number };
}

function checkExactlyOnce(name: string, usernames: string[], expected: Set<string>): void {
  const distinct = new Set(usernames);
  const strangers = usernames.filter((u) => !expected.has(u)).length;
  if (usernames.length !== expected.size || distinct.size !== expected.size || strangers) {
    throw new Error(`${name} listed ${usernames.length} users (${distinct.size} distinct, ${strangers} not in the pool), not the pool's ${expected.size} once each; the benchmark is meaningless`);
  }
}

interface Measured {
  total(name: string): number;
  first(name: string): number;
  /** Median requests and refused requests per run (region-like server only). */
  requests(name: string): { sent: number; throttled: number };
}

async function measure(stand: Stand): Promise<Measured> {
  const { endpoint, poolId } = stand;
  const ours = (extra: string[]) => () => timed(process.execPath, [CLI, 'users', 'list', '--all', ...extra, '--output', 'json', '--user-pool-id', poolId, '--endpoint-url', endpoint]);
  const all: Record<string, () => Promise<Timing>> = {
    [OURS]: ours([]),
    [SEQUENTIAL]: ours(['--sequential']),
    [AWS_CLI]: () => timed(AWS, ['cognito-idp', 'list-users', '--user-pool-id', poolId, '--endpoint-url', endpoint, '--output', 'json']),
  };
  const times = new Map<string, Timing[]>(stand.variants.map((name) => [name, []]));
  const counts = new Map<string, { sent: number; throttled: number }[]>(stand.variants.map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    // The order rotates each round, so drifting load on a shared machine hits every variant alike.
    for (let i = 0; i < stand.variants.length; i++) {
      const name = stand.variants[(i + run) % stand.variants.length];
      stand.region?.server.setQuota(stand.region.quota);
      stand.region?.server.resetStats();
      const t = await all[name]();
      checkExactlyOnce(name, t.usernames, stand.expected);
      times.get(name)!.push(t);
      if (stand.region) counts.get(name)!.push({ sent: stand.region.server.stats.requests, throttled: stand.region.server.stats.throttled });
    }
  }
  return {
    total: (name) => median(times.get(name)!.map((t) => t.totalMs)),
    first: (name) => median(times.get(name)!.map((t) => t.firstByteMs)),
    requests: (name) => ({ sent: median(counts.get(name)!.map((c) => c.sent)), throttled: median(counts.get(name)!.map((c) => c.throttled)) }),
  };
}

const NOTE = `${USERS} users, median of ${RUNS} rotating runs, every user listed exactly once`;

async function compare(stand: Stand, target = true): Promise<BenchRow[]> {
  const m = await measure(stand);
  const peer = { name: AWS_CLI, value: m.total(AWS_CLI) };
  const sent = (name: string) => `${m.requests(name).sent} requests, ${m.requests(name).throttled} refused`;
  const quota = stand.region
    ? `; ours ${sent(OURS)}, the AWS CLI ${sent(AWS_CLI)} (TooManyRequestsException; medians); at ${stand.region.quota} requests/s, ${m.requests(OURS).sent - m.requests(OURS).throttled} answered requests take at least ${((m.requests(OURS).sent - m.requests(OURS).throttled - stand.region.quota) / stand.region.quota).toFixed(1)} s after the first second's burst`
    : '';
  const rows: BenchRow[] = [
    { name: `users list --all --output json (${stand.label})`, unit: 'ms', ours: m.total(OURS), peer, ...(target ? { target: { on: 'ratio', op: '>=', value: 3 } as const } : {}), note: `16 sub-prefix streams; ${NOTE}${quota}` },
  ];
  if (stand.variants.includes(SEQUENTIAL)) rows.push({ name: `users list --all --sequential (${stand.label})`, unit: 'ms', ours: m.total(SEQUENTIAL), peer, note: `one stream, like the AWS CLI; ${NOTE}${stand.region ? `; ${sent(SEQUENTIAL)}` : ''}` });
  rows.push({ name: `users list --all, time to first output (${stand.label})`, unit: 'ms', ours: m.first(OURS), peer: { name: AWS_CLI, value: m.first(AWS_CLI) }, note: 'the AWS CLI prints when it has every page' });
  return rows;
}

const LIST_USERS_HEADERS = {
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers',
  // moto reads the region from the credential scope and checks no signature.
  authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
};

async function motoPage(endpoint: string, body: Record<string, unknown>): Promise<{ ms: number; token?: string }> {
  const started = process.hrtime.bigint();
  const answer = await fetch(endpoint, { method: 'POST', headers: LIST_USERS_HEADERS, body: JSON.stringify({ Limit: 60, ...body }) });
  const page = (await answer.json()) as { PaginationToken?: string };
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, token: page.PaginationToken };
}

/**
 * moto's own time per ListUsers request, one request at a time from this process (loopback adds well under a
 * millisecond): it answers one request at a time, so these times add up to the floor of every moto row.
 */
async function motoCosts(endpoint: string, poolId: string): Promise<BenchRow[]> {
  const repeat = async (body: Record<string, unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < 7; i++) out.push((await motoPage(endpoint, body)).ms);
    return median(out);
  };
  const first = await repeat({ UserPoolId: poolId });
  const walk: number[] = [];
  let token: string | undefined;
  do {
    const page = await motoPage(endpoint, { UserPoolId: poolId, ...(token ? { PaginationToken: token } : {}) });
    walk.push(page.ms);
    token = page.token;
  } while (token);
  const late = median(walk.slice(-10));
  const prefix = await repeat({ UserPoolId: poolId, Filter: 'sub ^= "a"' });
  const oneStream = walk.reduce((a, b) => a + b, 0);
  // 16 streams of about 625 users: 11 pages each (the last one partial), after the first unfiltered page.
  const streams = first + 16 * Math.ceil(USERS / 16 / 60) * prefix;
  const where = `moto's time per request, ${USERS} users`;
  return [
    { name: 'moto ListUsers, unfiltered first page', unit: 'ms', ours: first, note: `${where}: it builds the whole user list for every request; median of 7` },
    { name: 'moto ListUsers, unfiltered late page', unit: 'ms', ours: late, note: `${where}: the paginator scans from the start for the token's user; median of the last 10 of ${walk.length}; all ${walk.length} pages: ${(oneStream / 1000).toFixed(1)} s, the floor of one stream (ours --sequential, the AWS CLI)` },
    { name: 'moto ListUsers, sub ^= "a" page', unit: 'ms', ours: prefix, note: `${where}: a filter tests every user in Python; median of 7; 16 streams need about ${16 * Math.ceil(USERS / 16 / 60) + 1} pages, ${(streams / 1000).toFixed(1)} s of moto's time, the floor of the parallel listing, since moto serves one request at a time` },
  ];
}

async function motoRows(): Promise<BenchRow[]> {
  const moto = await startSeededMoto();
  try {
    const poolId = await moto.poolWith(USERS);
    // seeded_moto.py names the users u<count>x<index, six digits>.
    const expected = new Set(Array.from({ length: USERS }, (_, i) => `u${USERS}x${String(i).padStart(6, '0')}`));
    const variants = [OURS, SEQUENTIAL, AWS_CLI];
    const out = await motoCosts(moto.endpoint, poolId);
    out.push(...(await compare({ endpoint: moto.endpoint, poolId, label: 'moto', expected, variants })));
    const proxy = await startFaultProxy(moto.endpoint, () => undefined, ADDED_LATENCY_MS);
    try {
      out.push(...(await compare({ endpoint: proxy.endpoint, poolId, label: `moto + ${ADDED_LATENCY_MS} ms a request`, expected, variants })));
    } finally {
      await proxy.stop();
    }
    return out;
  } finally {
    await moto.stop();
  }
}

async function regionRows(): Promise<BenchRow[]> {
  const region = await startRegionUsers({ users: USERS });
  try {
    const expected = new Set(region.users.map((u) => u.username));
    const stand = (quota: number, label: string, variants: string[]): Stand => ({ endpoint: region.endpoint, poolId: region.userPoolId, label, expected, variants, region: { server: region, quota } });
    const out: BenchRow[] = [];
    const label = (rps: number) => `region-like: ${REGION_LATENCY_MS} ms an answer, ${rps} requests/s quota`;
    if (STANDS.has('region')) out.push(...(await compare(stand(USER_LIST_QUOTA_RPS, label(USER_LIST_QUOTA_RPS), [OURS, SEQUENTIAL, AWS_CLI]))));
    // The quota, not the client, sets this row's pace (the AWS CLI's one stream stays under it): no 3x target.
    if (STANDS.has('throttled')) out.push(...(await compare(stand(LOW_QUOTA_RPS, `throttled, ${label(LOW_QUOTA_RPS)}`, [OURS, AWS_CLI]), false)));
    return out;
  } finally {
    await region.stop();
  }
}

/** The rows for `npm run bench`: moto direct and behind a proxy adding a round trip, then the region-like server. */
export async function rows(): Promise<BenchRow[]> {
  // Under scripts/bench.mjs the production bundle is already built; alone, build the CLI first.
  if (!process.env.COGNITO_BENCH_OUT) await buildCli();
  const out: BenchRow[] = [];
  if (STANDS.has('moto')) out.push(...(await motoRows()));
  if (STANDS.has('region') || STANDS.has('throttled')) out.push(...(await regionRows()));
  return out;
}
