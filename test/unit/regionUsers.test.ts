/**
 * The region-like ListUsers server the users bench runs against (test/support/regionUsers.ts), tested on its own
 * through the AWS SDK: paging covers every user exactly once, filters follow AWS's grammar, Limit above 60 and an
 * exceeded quota are refused the way Cognito refuses them.
 */
import assert from 'node:assert/strict';
import { CognitoIdentityProviderClient, ListUsersCommand, type ListUsersCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { parseUserFilter, startRegionUsers, type RegionUsersServer } from '../support/regionUsers';

const sdk = (endpoint: string) => new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

async function all(s: RegionUsersServer, filter?: string, attributes?: string[]): Promise<{ names: string[]; pages: ListUsersCommandOutput[] }> {
  const client = sdk(s.endpoint);
  const pages: ListUsersCommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListUsersCommand({ UserPoolId: s.userPoolId, Filter: filter, PaginationToken: token, AttributesToGet: attributes }));
    pages.push(page);
    token = page.PaginationToken;
  } while (token);
  return { names: pages.flatMap((p) => (p.Users ?? []).map((u) => u.Username!)), pages };
}

async function refusal(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('the request was not refused');
}

describe('region-like ListUsers server', () => {
  let s: RegionUsersServer;
  before(async () => {
    s = await startRegionUsers({ users: 1_000, latencyMs: 0, ratePerSecond: Infinity });
  });
  after(() => s.stop());

  it('pages through every user exactly once, 60 a page, with an opaque token', async () => {
    const { names, pages } = await all(s);
    assert.equal(names.length, 1_000);
    assert.equal(new Set(names).size, 1_000);
    assert.deepEqual(pages.map((p) => p.Users!.length).slice(0, -1), Array(pages.length - 1).fill(60));
    assert.equal(pages.length, Math.ceil(1_000 / 60));
    assert.ok(!pages.at(-1)!.PaginationToken);
    assert.doesNotMatch(pages[0].PaginationToken!, /^\d+$/);
  });

  it('splits the pool by sub prefix into 16 disjoint streams that cover it', async () => {
    const seen: string[] = [];
    for (const p of '0123456789abcdef') {
      const { names, pages } = await all(s, `sub ^= "${p}"`);
      for (const u of pages.flatMap((x) => x.Users ?? [])) assert.ok(u.Attributes!.find((a) => a.Name === 'sub')!.Value!.startsWith(p));
      seen.push(...names);
    }
    assert.equal(seen.length, 1_000);
    assert.equal(new Set(seen).size, 1_000);
  });

  it('matches = exactly, ^= as a prefix, status and cognito:user_status as AWS documents them', async () => {
    const one = s.users[123];
    assert.deepEqual((await all(s, `email = "${one.attributes.email}"`)).names, [one.username]);
    assert.deepEqual((await all(s, `sub = "${one.sub}"`)).names, [one.username]);
    assert.deepEqual((await all(s, 'username = "user00012"')).names, []);
    assert.equal((await all(s, 'username ^= "user00012"')).names.length, 10);
    const expect = (pred: (u: (typeof s.users)[number]) => boolean) => s.users.filter(pred).map((u) => u.username).sort();
    assert.deepEqual((await all(s, 'status = "Disabled"')).names.sort(), expect((u) => !u.enabled));
    assert.deepEqual((await all(s, 'cognito:user_status = "unconfirmed"')).names.sort(), expect((u) => u.status === 'UNCONFIRMED'));
    assert.deepEqual((await all(s, 'given_name^="Ad"')).names.sort(), expect((u) => u.attributes.given_name.startsWith('Ad')));
    assert.deepEqual((await all(s, 'name = "Ada Reddy"')).names.sort(), expect((u) => u.attributes.name === 'Ada Reddy'));
  });

  it('unescapes quoted values and refuses what the grammar does not allow', () => {
    assert.deepEqual(parseUserFilter('family_name = "Re\\"d\\\\dy"'), { attribute: 'family_name', op: '=', value: 'Re"d\\dy' });
    assert.equal(parseUserFilter('   '), undefined);
    for (const bad of ['email = alice', 'email != "a"', 'email = "a" and name = "b"', 'custom:tier = "gold"', 'email ^= "a', `email = "${'x'.repeat(300)}"`]) {
      assert.throws(() => parseUserFilter(bad), (err: Error & { type?: string }) => err.type === 'InvalidParameterException', bad);
    }
  });

  it('returns only AttributesToGet, with the username, status and dates always', async () => {
    const { pages } = await all(s, 'username ^= "user0000"', ['email']);
    for (const u of pages[0].Users!) {
      assert.deepEqual(u.Attributes!.map((a) => a.Name), ['email']);
      assert.ok(u.Username && u.UserStatus && u.UserCreateDate instanceof Date && typeof u.Enabled === 'boolean');
    }
  });

  it('refuses Limit above 60, a forged or foreign token, and another pool', async () => {
    const client = sdk(s.endpoint);
    const limit = await refusal(client.send(new ListUsersCommand({ UserPoolId: s.userPoolId, Limit: 61 })));
    assert.equal(limit.name, 'InvalidParameterException');
    assert.equal(limit.status, 400);
    assert.match(limit.message, /less than or equal to 60/);
    assert.equal((await client.send(new ListUsersCommand({ UserPoolId: s.userPoolId, Limit: 7 }))).Users!.length, 7);
    const token = (await client.send(new ListUsersCommand({ UserPoolId: s.userPoolId }))).PaginationToken!;
    assert.equal((await refusal(client.send(new ListUsersCommand({ UserPoolId: s.userPoolId, PaginationToken: `${token.slice(0, -2)}xx` })))).name, 'InvalidParameterException');
    assert.equal((await refusal(client.send(new ListUsersCommand({ UserPoolId: s.userPoolId, PaginationToken: token, Filter: 'sub ^= "a"' })))).name, 'InvalidParameterException');
    assert.equal((await refusal(client.send(new ListUsersCommand({ UserPoolId: 'us-east-1_Other' })))).name, 'ResourceNotFoundException');
  });

  it('answers TooManyRequestsException (HTTP 400) beyond its quota, and serves again once it refills', async () => {
    const q = await startRegionUsers({ users: 100, latencyMs: 20, ratePerSecond: 5, burst: 5 });
    try {
      const client = sdk(q.endpoint);
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.send(new ListUsersCommand({ UserPoolId: q.userPoolId }))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
      for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
        assert.equal(r.reason.name, 'TooManyRequestsException');
        assert.equal(r.reason.$metadata.httpStatusCode, 400);
      }
      assert.equal(q.stats.throttled, 7);
      assert.ok(q.stats.maxInFlight > 5, `answers overlapped (${q.stats.maxInFlight} at once)`);
      await new Promise((r) => setTimeout(r, 450));
      assert.equal((await client.send(new ListUsersCommand({ UserPoolId: q.userPoolId, Limit: 1 }))).Users!.length, 1);
    } finally {
      await q.stop();
    }
  });
});
