/**
 * The pools core against moto: every listing, the details, filters, finding users and the parallel listing, signed
 * with a named profile from a temp credentials file.
 */
import assert from 'node:assert/strict';
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { UserFacingError } from '../../src/core/errors';
import type { AdminTarget } from '../../src/core/pools/adminTarget';
import {
  describeAppClient,
  describeIdentityPool,
  describeUserPool,
  getClientSecret,
  listAppClients,
  listGroupMembers,
  listGroups,
  listIdentityPools,
  listUserPools,
} from '../../src/core/pools/pools';
import { preflight } from '../../src/core/pools/preflight';
import { findUsers, getUser, listAllUsers, listUsers } from '../../src/core/pools/users';
import { refusal } from '../support/assertions';
import { useAdminFixture } from '../support/awsProfile';
import { idpClient, type Seeded } from '../support/seed';
import { seedManyUsers } from '../support/seedUsers';

describe('pools core against moto', function () {
  this.timeout(120_000);
  const fixture = useAdminFixture('poolscore');
  let seeded: Seeded;
  let t: AdminTarget;
  let bigPool: string;
  let bigNames: string[];

  before(async () => {
    ({ seeded, t } = fixture());
    const out = await idpClient(fixture().moto.endpoint).send(new CreateUserPoolCommand({ PoolName: 'big-pool' }));
    bigPool = out.UserPool!.Id!;
    bigNames = await seedManyUsers(fixture().moto.endpoint, bigPool, 190);
  });

  it('lists the region\'s pools, paging with nextToken', async () => {
    const all = await listUserPools(t);
    assert.deepEqual(new Set(all.pools.map((p) => p.name)), new Set(['explorer-usernames', 'explorer-emails', 'big-pool']));
    assert.ok(all.pools.every((p) => p.created instanceof Date));
    const first = await listUserPools(t, { maxResults: 2 });
    assert.equal(first.pools.length, 2);
    assert.ok(first.nextToken);
    const rest = await listUserPools(t, { maxResults: 2, nextToken: first.nextToken });
    assert.equal(first.pools.length + rest.pools.length, 3);
  });

  it('describes a pool: username attributes, issuer, schema, password policy', async () => {
    const email = await describeUserPool(t, seeded.emailPool.id);
    assert.equal(email.id, seeded.emailPool.id);
    assert.equal(email.name, 'explorer-emails');
    assert.deepEqual(email.usernameAttributes, ['email']);
    assert.equal(email.issuer, `https://cognito-idp.us-east-1.amazonaws.com/${seeded.emailPool.id}`);
    assert.ok(email.schema.some((s) => s.name === 'email'));
    assert.equal(email.mfa, 'OFF');
    assert.equal(typeof email.passwordPolicy.minimumLength, 'number');
  });

  it('lists and describes app clients; the secret only through getClientSecret', async () => {
    const { clients } = await listAppClients(t, seeded.pool.id);
    assert.deepEqual(clients.map((c) => c.name).sort(), ['server-secret', 'web-public']);
    const pub = await describeAppClient(t, seeded.pool.id, seeded.pool.publicClient.id);
    assert.equal(pub.hasSecret, false);
    assert.ok(pub.explicitAuthFlows.includes('ALLOW_USER_SRP_AUTH'));
    assert.ok(pub.readAttributes.includes('email'));
    const secret = await describeAppClient(t, seeded.pool.id, seeded.pool.secretClient.id);
    assert.equal(secret.hasSecret, true);
    assert.ok(!JSON.stringify(secret).includes(seeded.pool.secretClient.secret));
    assert.equal(await getClientSecret(t, seeded.pool.id, seeded.pool.secretClient.id), seeded.pool.secretClient.secret);
    assert.equal(await getClientSecret(t, seeded.pool.id, seeded.pool.publicClient.id), undefined);
  });

  it('preflight on a described pool and client names the failing sign-ins', async () => {
    const out = await idpClient(fixture().moto.endpoint).send(
      new CreateUserPoolClientCommand({ UserPoolId: seeded.pool.id, ClientName: 'password-only', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ReadAttributes: ['given_name'] }),
    );
    const pool = await describeUserPool(t, seeded.pool.id);
    const client = await describeAppClient(t, seeded.pool.id, out.UserPoolClient!.ClientId!);
    const sentences = preflight(pool, client).map((w) => w.sentence);
    assert.ok(sentences.includes('USER_SRP_AUTH is not enabled on this client: Sign In with SRP will fail.'), sentences.join('\n'));
    assert.ok(sentences.some((s) => s.startsWith('This client has a secret: add it to the connection')));
    assert.ok(sentences.includes('email is not readable by this client: it will be missing from the ID token.'));
    const fine = preflight(pool, await describeAppClient(t, seeded.pool.id, seeded.pool.publicClient.id));
    assert.ok(fine.every((w) => w.severity === 'info'), JSON.stringify(fine));
  });

  it('lists groups and a group\'s members', async () => {
    const { groups } = await listGroups(t, seeded.pool.id);
    assert.deepEqual(groups.map((g) => [g.name, g.description]), [['admins', 'Administrators'], ['readers', 'Read-only users']]);
    const readers = await listGroupMembers(t, seeded.pool.id, 'readers');
    assert.deepEqual(readers.users.map((u) => u.username).sort(), ['alice', 'bob']);
    const page = await listGroupMembers(t, seeded.pool.id, 'readers', { maxResults: 1 });
    assert.equal(page.users.length, 1);
    assert.ok(page.nextToken);
  });

  it('lists and describes identity pools', async () => {
    const { pools } = await listIdentityPools(t);
    assert.deepEqual(pools.map((p) => p.id), [seeded.identityPool.id]);
    const details = await describeIdentityPool(t, seeded.identityPool.id);
    assert.equal(details.name, seeded.identityPool.name);
    assert.equal(details.allowUnauthenticated, false);
    assert.deepEqual(details.cognitoProviders.map((p) => p.clientId).sort(), [seeded.pool.publicClient.id, seeded.emailPool.publicClient.id].sort());
  });

  it('lists users a page at a time, with filters and chosen attributes', async () => {
    const first = await listUsers(t, seeded.pool.id, { limit: 2 });
    assert.equal(first.users.length, 2);
    assert.ok(first.nextToken);
    const second = await listUsers(t, seeded.pool.id, { limit: 2, paginationToken: first.nextToken });
    assert.deepEqual([...first.users, ...second.users].map((u) => u.username).sort(), ['alice', 'bob', 'dora', 'newcomer']);
    const dora = second.users.concat(first.users).find((u) => u.username === 'dora')!;
    assert.equal(dora.enabled, false);

    const alice = await listUsers(t, seeded.pool.id, { filter: 'email ^= "ali"' });
    assert.deepEqual(alice.users.map((u) => u.username), ['alice']);
    assert.equal(alice.users[0].sub, seeded.pool.alice.sub);
    assert.equal(alice.users[0].status, 'CONFIRMED');
    const forced = await listUsers(t, seeded.pool.id, { filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"' });
    assert.deepEqual(forced.users.map((u) => u.username), ['newcomer']);
    const disabled = await listUsers(t, seeded.pool.id, { filter: 'status = "Disabled"' });
    assert.deepEqual(disabled.users.map((u) => u.username), ['dora']);

    const slim = await listUsers(t, seeded.pool.id, { filter: 'username = "alice"', attributes: ['email'] });
    assert.deepEqual(slim.users[0].attributes, { email: 'alice@example.com' });
  });

  it('refuses a malformed filter with one sentence before sending it', async () => {
    const err = await refusal(listUsers(t, seeded.pool.id, { filter: 'email == alice' }));
    assert.ok(err instanceof UserFacingError);
    assert.match(err.message, /filter/i);
    const custom = await refusal(listUsers(t, seeded.pool.id, { filter: 'custom:tier = "gold"' }));
    assert.match(custom.message, /^Cognito cannot filter users by custom attributes such as custom:tier/);
  });

  it('an unknown pool is one sentence naming it', async () => {
    const err = await refusal(listUsers(t, 'us-east-1_NoSuchPool', {}));
    assert.equal(err.message, `User pool us-east-1_NoSuchPool was not found in us-east-1 at ${fixture().moto.endpoint}; check the pool id and region.`);
  });

  it('gets one user in full: attributes, status, groups', async () => {
    const alice = await getUser(t, seeded.pool.id, 'alice');
    assert.equal(alice.username, 'alice');
    assert.equal(alice.sub, seeded.pool.alice.sub);
    assert.equal(alice.attributes.given_name, 'Alice');
    assert.equal(alice.status, 'CONFIRMED');
    assert.deepEqual(alice.groups.sort(), ['admins', 'readers']);
    const missing = await refusal(getUser(t, seeded.pool.id, 'nobody'));
    assert.match(missing.message, /^There is no user "nobody" in pool /);
  });

  it('finds users by username, email, phone or sub prefix', async () => {
    assert.deepEqual((await findUsers(t, seeded.pool.id, 'alice')).map((u) => u.username), ['alice']);
    assert.deepEqual((await findUsers(t, seeded.pool.id, 'bob@exa')).map((u) => u.username), ['bob']);
    assert.deepEqual((await findUsers(t, seeded.pool.id, seeded.pool.bob.sub.slice(0, 8))).map((u) => u.username), ['bob']);
    assert.deepEqual(await findUsers(t, seeded.pool.id, 'zzz-nobody'), []);
  });

  it('lists every user of a larger pool in parallel sub-prefix streams, each once', async () => {
    let progress = 0;
    const seen: string[] = [];
    for await (const page of listAllUsers(t, bigPool, { concurrency: 4, onProgress: (n) => (progress = n) })) seen.push(...page.map((u) => u.username));
    assert.equal(seen.length, bigNames.length);
    assert.deepEqual([...seen].sort(), bigNames);
    assert.equal(progress, bigNames.length);
  });

  it('a filtered listing of every user is one stream; attributes limited as asked', async () => {
    const users = [];
    for await (const page of listAllUsers(t, bigPool, { filter: 'username ^= "user001"', attributes: ['email'] })) users.push(...page);
    assert.deepEqual(users.map((u) => u.username).sort(), bigNames.filter((n) => n.startsWith('user001')));
    assert.ok(users.every((u) => Object.keys(u.attributes).join() === 'email' && u.sub));
  });

  it('stops early when the loop breaks, and when the signal aborts', async () => {
    let pages = 0;
    for await (const page of listAllUsers(t, bigPool)) {
      assert.ok(page.length > 0);
      if (++pages === 2) break;
    }
    assert.equal(pages, 2);
    const controller = new AbortController();
    const listing = (async () => {
      for await (const _page of listAllUsers(t, bigPool, { signal: controller.signal })) controller.abort();
    })();
    await assert.rejects(listing);
  });
});
