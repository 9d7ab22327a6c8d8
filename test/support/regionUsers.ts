/**
 * A region-like ListUsers server: the real JSON 1.1 protocol (X-Amz-Target), Limit at most 60, an opaque
 * PaginationToken bound to its filter, the Filter grammar AWS documents (`attr = "v"` / `attr ^= "v"` on the
 * searchable standard attributes, `\"` and `\\` escapes), AttributesToGet; requests answered concurrently after a
 * region-like delay, under a token-bucket request quota that answers TooManyRequestsException when exceeded.
 * Every attribute is indexed (sorted values), so a page costs it O(log n + 60) and the bench measures the clients,
 * not this server (moto scans the whole pool for every page). For benchmarks and tests; never for the product.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

/**
 * Default delay of every answer. An assumption, not a measurement: an in-region round trip is a few ms, and
 * Cognito's own time for a 60-user ListUsers page is around 100 ms or more; 120 ms sits there. Configurable.
 */
export const REGION_LATENCY_MS = 120;
/**
 * ListUsers and ListUsersInGroup form Cognito's "UserList" request-rate category: 30 requests per second per
 * account and region by default, not adjustable (Amazon Cognito developer guide, "Quotas in Amazon Cognito").
 */
export const USER_LIST_QUOTA_RPS = 30;

export const SEARCHABLE = ['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub'] as const;
type Searchable = (typeof SEARCHABLE)[number];
const MAX_LIMIT = 60;
const MAX_FILTER = 256;

export interface RegionUser {
  username: string;
  sub: string;
  status: 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';
  enabled: boolean;
  attributes: Record<string, string>;
  created: number;
}

export interface RegionUsersOptions {
  /** How many users to seed (default 10,000): username user000000…, a random UUID sub, email, names, phone. */
  users?: number;
  latencyMs?: number;
  /** Requests a second the quota refills (default USER_LIST_QUOTA_RPS); 0 or Infinity: no quota. */
  ratePerSecond?: number;
  /** Bucket size (default one second's worth: AWS does not document its burst). */
  burst?: number;
  userPoolId?: string;
}

export interface RegionUsersStats {
  requests: number;
  throttled: number;
  /** Most ListUsers requests being answered at one moment. */
  maxInFlight: number;
}

export interface RegionUsersServer {
  endpoint: string;
  userPoolId: string;
  users: readonly RegionUser[];
  stats: RegionUsersStats;
  /** Change the quota (and forget the bucket's state) between runs. */
  setQuota(ratePerSecond: number, burst?: number): void;
  resetStats(): void;
  stop(): Promise<void>;
}

class AwsError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

/** Parses `attr op "value"` as AWS documents it; an empty filter lists everyone. */
export function parseUserFilter(raw: string): { attribute: Searchable; op: '=' | '^='; value: string } | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  if (text.length > MAX_FILTER) throw invalid(`1 validation error detected: Value at 'filter' failed to satisfy constraint: Member must have length less than or equal to ${MAX_FILTER}`);
  const m = /^([A-Za-z_:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"$/.exec(text);
  if (!m) throw invalid('Error while parsing filter.');
  if (!(SEARCHABLE as readonly string[]).includes(m[1])) throw invalid(`Invalid search attribute: ${m[1]}`);
  return { attribute: m[1] as Searchable, op: m[2] as '=' | '^=', value: m[3].replace(/\\(.)/g, '$1') };
}

function searchValue(u: RegionUser, attribute: Searchable): string | undefined {
  if (attribute === 'username') return u.username;
  if (attribute === 'cognito:user_status') return u.status.toLowerCase();
  if (attribute === 'status') return u.enabled ? 'Enabled' : 'Disabled';
  return u.attributes[attribute];
}

/** Users sorted by one attribute's value: `=` and `^=` are then one contiguous range, found by binary search. */
class Index {
  private readonly values: string[];
  private readonly order: number[];
  constructor(users: readonly RegionUser[], readonly attribute: Searchable) {
    const entries: [string, number][] = [];
    users.forEach((u, i) => {
      const v = searchValue(u, attribute);
      if (v !== undefined) entries.push([v, i]);
    });
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.values = entries.map((e) => e[0]);
    this.order = entries.map((e) => e[1]);
  }
  /** The first position from `lo` where `past` holds; `past` must stay true once it is (the values are sorted). */
  private first(lo: number, past: (v: string) => boolean): number {
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (past(this.values[mid])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  /** The matching users as [from, to) into `order`. */
  range(op: '=' | '^=', value: string): [number, number] {
    const from = this.first(0, (v) => v >= value);
    return [from, this.first(from, op === '=' ? (v) => v !== value : (v) => !v.startsWith(value))];
  }
  at(i: number): number {
    return this.order[i];
  }
}

function seedUsers(count: number): RegionUser[] {
  const statuses: RegionUser['status'][] = ['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED'];
  const given = ['Ada', 'Bo', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran'];
  const family = ['Reddy', 'Smith', 'Okafor', 'Novak', 'Ito'];
  const start = Date.UTC(2025, 0, 1) / 1000;
  return Array.from({ length: count }, (_, i) => {
    const username = `user${String(i).padStart(6, '0')}`;
    const sub = randomUUID();
    const g = given[i % given.length];
    const f = family[i % family.length];
    return {
      username,
      sub,
      status: statuses[i % statuses.length],
      enabled: i % 17 !== 0,
      created: start + i * 60,
      attributes: { sub, email: `${username}@example.com`, email_verified: 'true', given_name: g, family_name: f, name: `${g} ${f}`, phone_number: `+1555${String(i).padStart(7, '0')}`, 'custom:tier': ['gold', 'silver'][i % 2] },
    };
  });
}

function userJson(u: RegionUser, wanted: Set<string> | undefined): object {
  const attrs = Object.entries(u.attributes).filter(([n]) => !wanted || wanted.has(n));
  return { Username: u.username, Attributes: attrs.map(([Name, Value]) => ({ Name, Value })), UserCreateDate: u.created, UserLastModifiedDate: u.created, Enabled: u.enabled, UserStatus: u.status };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the server on a free loopback port with its users seeded and indexed. */
export async function startRegionUsers(opts: RegionUsersOptions = {}): Promise<RegionUsersServer> {
  const userPoolId = opts.userPoolId ?? 'us-east-1_RegionLike';
  const users = seedUsers(opts.users ?? 10_000);
  const indexes = new Map(SEARCHABLE.map((a) => [a, new Index(users, a)] as const));
  // Pre-rendered full answers: the common request (no AttributesToGet) costs a join, not 60 JSON.stringify calls.
  const rendered = users.map((u) => JSON.stringify(userJson(u, undefined)));
  const secret = randomBytes(32);
  const latencyMs = opts.latencyMs ?? REGION_LATENCY_MS;
  const stats: RegionUsersStats = { requests: 0, throttled: 0, maxInFlight: 0 };
  let inFlight = 0;
  let rate = opts.ratePerSecond ?? USER_LIST_QUOTA_RPS;
  let capacity = opts.burst ?? rate;
  let tokens = capacity;
  let refilledAt = performance.now();
  const limited = () => Number.isFinite(rate) && rate > 0;
  const take = (): boolean => {
    if (!limited()) return true;
    const now = performance.now();
    tokens = Math.min(capacity, tokens + ((now - refilledAt) / 1000) * rate);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
  const tokenFor = (filter: string, offset: number) => {
    const payload = Buffer.from(JSON.stringify({ f: filter, o: offset })).toString('base64url');
    return `${payload}.${sign(payload)}`;
  };
  const offsetOf = (token: string, filter: string): number => {
    const [payload, mac] = token.split('.');
    if (!payload || mac !== sign(payload)) throw invalid('Invalid pagination token.');
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { f: string; o: number };
    if (parsed.f !== filter) throw invalid('The pagination token does not belong to this filter.');
    return parsed.o;
  };

  function listUsers(body: Record<string, unknown>): string {
    if (typeof body.UserPoolId !== 'string' || !body.UserPoolId) throw invalid("1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
    if (body.UserPoolId !== userPoolId) throw new AwsError('ResourceNotFoundException', `User pool ${body.UserPoolId} does not exist.`);
    const limit = body.Limit === undefined ? MAX_LIMIT : Number(body.Limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) throw invalid(`1 validation error detected: Value '${String(body.Limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`);
    const filterText = typeof body.Filter === 'string' ? body.Filter : '';
    const filter = parseUserFilter(filterText);
    const start = typeof body.PaginationToken === 'string' && body.PaginationToken ? offsetOf(body.PaginationToken, filterText.trim()) : 0;
    let pick: (i: number) => number = (i) => i;
    let total = users.length;
    if (filter) {
      const index = indexes.get(filter.attribute)!;
      // cognito:user_status matches case-insensitively (AWS documents it so); the index holds it lower-cased.
      const [from, to] = index.range(filter.op, filter.attribute === 'cognito:user_status' ? filter.value.toLowerCase() : filter.value);
      pick = (i) => index.at(from + i);
      total = to - from;
    }
    const pageSize = limit || MAX_LIMIT;
    const end = Math.min(total, start + pageSize);
    const wanted = Array.isArray(body.AttributesToGet) ? new Set(body.AttributesToGet.map(String)) : undefined;
    const page: string[] = [];
    for (let i = start; i < end; i++) {
      const u = pick(i);
      page.push(wanted ? JSON.stringify(userJson(users[u], wanted)) : rendered[u]);
    }
    const next = end < total ? `,"PaginationToken":${JSON.stringify(tokenFor(filterText.trim(), end))}` : '';
    return `{"Users":[${page.join(',')}]${next}}`;
  }

  const answer = (res: ServerResponse, status: number, body: string, errorType?: string) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
    res.end(body);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const arrived = performance.now();
      let status = 200;
      let out: string;
      let errorType: string | undefined;
      stats.requests++;
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      try {
        if (target !== 'AWSCognitoIdentityProviderService.ListUsers') throw new AwsError('UnknownOperationException', `This server answers ListUsers only, not ${target || 'a request without X-Amz-Target'}.`);
        if (!take()) {
          stats.throttled++;
          throw new AwsError('TooManyRequestsException', 'Too many requests');
        }
        out = listUsers(JSON.parse(raw || '{}') as Record<string, unknown>);
      } catch (err) {
        status = 400;
        errorType = err instanceof AwsError ? err.type : 'SerializationException';
        out = JSON.stringify({ __type: errorType, message: (err as Error).message });
      }
      // The delay runs from arrival, so answers overlap the way a region's do however many are in flight.
      const wait = latencyMs - (performance.now() - arrived);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight--;
      answer(res, status, out, errorType);
    })().catch(() => {
      inFlight = Math.max(0, inFlight - 1);
      answer(res, 500, JSON.stringify({ __type: 'InternalErrorException', message: 'internal error' }), 'InternalErrorException');
    });
  });
  server.keepAliveTimeout = 60_000;
  const listening = await listenOnLoopback(server);
  return {
    endpoint: listening.endpoint,
    userPoolId,
    users,
    stats,
    setQuota(r, b) {
      rate = r;
      capacity = b ?? r;
      tokens = capacity;
      refilledAt = performance.now();
    },
    resetStats() {
      stats.requests = 0;
      stats.throttled = 0;
      stats.maxInFlight = 0;
    },
    stop: listening.stop,
  };
}
