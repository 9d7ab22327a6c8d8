/**
 * ListUsers and AdminGetUser on the second emulator, cognito-local, with its `local_...` pool ids: the core and the
 * CLI. cognito-local answers ListUsers in one page (no Limit, no token) and understands `sub ^=` filters, so
 * listing every user takes one request there.
 */
import assert from 'node:assert/strict';
import type { AdminTarget } from '../../src/core/pools/adminTarget';
import { getUser, listAllUsers, listUsers } from '../../src/core/pools/users';
import { refusal } from '../support/assertions';
import { useTestProfile } from '../support/awsProfile';
import { oneErrorLine, runInProcess } from '../support/cliRun';
import { seedCognitoLocal, useCognitoLocal, type SeededLocal } from '../support/cognitoLocal';
import { startFaultProxy } from '../support/faultProxy';

describe('pools on cognito-local (local_ pool ids)', function () {
  this.timeout(60_000);
  const local = useCognitoLocal();
  const profile = useTestProfile();
  let seeded: SeededLocal;
  let t: AdminTarget;

  before(async () => {
    seeded = await seedCognitoLocal(local());
    t = { region: 'us-east-1', profile: profile().name, endpointUrl: local().endpoint };
    assert.match(seeded.pool.id, /^local_/);
  });

  it('lists users, with filters on email and on sub prefixes', async () => {
    const all = await listUsers(t, seeded.pool.id);
    assert.deepEqual(all.users.map((u) => u.attributes.email).sort(), ['alice@example.com', 'bob@example.com']);
    const alice = all.users.find((u) => u.attributes.email === 'alice@example.com')!;
    assert.equal(alice.status, 'CONFIRMED');
    assert.ok(alice.sub);
    const byEmail = await listUsers(t, seeded.pool.id, { filter: 'email = "bob@example.com"' });
    assert.deepEqual(byEmail.users.map((u) => u.attributes.email), ['bob@example.com']);
    const bySub = await listUsers(t, seeded.pool.id, { filter: `sub ^= "${alice.sub!.slice(0, 3)}"` });
    assert.ok(bySub.users.every((u) => u.sub!.startsWith(alice.sub!.slice(0, 3))));
    assert.ok(bySub.users.some((u) => u.username === alice.username));
  });

  it('lists every user in one request (the first answer has no token)', async () => {
    const proxy = await startFaultProxy(local().endpoint);
    try {
      const users = [];
      for await (const page of listAllUsers({ ...t, endpointUrl: proxy.endpoint }, seeded.pool.id)) users.push(...page);
      assert.equal(users.length, 2);
      assert.deepEqual(proxy.seen.map((r) => r.operation), ['ListUsers']);
    } finally {
      await proxy.stop();
    }
  });

  it('gets one user with their attributes and groups', async () => {
    const user = await getUser(t, seeded.pool.id, 'alice@example.com');
    assert.equal(user.attributes.email, 'alice@example.com');
    assert.equal(user.sub, seeded.pool.alice.sub);
    assert.equal(user.enabled, true);
    assert.deepEqual(user.groups, ['readers']);
    const missing = await refusal(getUser(t, seeded.pool.id, 'nobody@example.com'));
    assert.match(missing.message, /^There is no user "nobody@example.com" in pool local_/);
  });

  it('the CLI takes the local_ pool id with an endpoint', async () => {
    const args = ['--profile', profile().name, '--endpoint-url', local().endpoint, '--user-pool-id', seeded.pool.id];
    const list = await runInProcess(['users', 'list', ...args, '--all']);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(JSON.parse(list.stdout).users.length, 2);
    const get = await runInProcess(['users', 'get', ...args, '--username', 'bob@example.com', '--output', 'text']);
    assert.equal(get.code, 0, get.stderr);
    const lines = get.stdout.split('\n');
    assert.ok(lines.includes(`sub\t${seeded.pool.bob.sub}`), get.stdout);
    assert.ok(lines.includes('attributes.email\tbob@example.com'), get.stdout);
    assert.ok(lines.some((l) => /^created\t\d{4}-\d\d-\d\dT/.test(l)), get.stdout);
    const noEndpoint = await runInProcess(['users', 'list', '--user-pool-id', seeded.pool.id]);
    assert.equal(noEndpoint.code, 2);
    oneErrorLine(noEndpoint, /is not a user pool id/);
  });
});
