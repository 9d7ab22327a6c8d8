/**
 * The admin CLI (pools, clients, groups, users) in-process against moto, signed with a throwaway profile; CSV read
 * back with Python's csv module; throttling and AccessDenied from a proxy in front of moto.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { useAdminFixture } from '../support/awsProfile';
import { oneErrorLine, runInProcess } from '../support/cliRun';
import { startFaultProxy } from '../support/faultProxy';
import { idpClient } from '../support/seed';

function csvRead(text: string): string[][] {
  const script = 'import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode("utf-8"), newline="")))))';
  const out = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

describe('CLI pools, clients, groups and users against moto', function () {
  this.timeout(120_000);
  const fixture = useAdminFixture('clipools');
  const base = (): string[] => ['--profile', fixture().t.profile!, '--endpoint-url', fixture().moto.endpoint];
  const inPool = (): string[] => [...base(), '--user-pool-id', fixture().seeded.pool.id];
  const cli = (argv: string[], stdin?: string) => runInProcess(argv, { stdin });
  const ok = async (argv: string[], stdin?: string) => {
    const r = await cli(argv, stdin);
    assert.equal(r.code, 0, r.stderr);
    return r;
  };

  it('pools list and describe', async () => {
    const list = JSON.parse((await ok(['pools', 'list', ...base(), '--region', 'us-east-1'])).stdout);
    assert.deepEqual(list.pools.map((p: { name: string }) => p.name).sort(), ['explorer-emails', 'explorer-usernames']);
    const text = (await ok(['pools', 'list', ...base(), '--output', 'text'])).stdout;
    assert.ok(text.includes(`${fixture().seeded.pool.id}\texplorer-usernames\n`), text);
    const pool = JSON.parse((await ok(['pools', 'describe', ...base(), '--user-pool-id', fixture().seeded.emailPool.id])).stdout);
    assert.deepEqual(pool.usernameAttributes, ['email']);
  });

  it('clients list and describe with preflight warnings, never the secret', async () => {
    const { seeded } = fixture();
    const list = JSON.parse((await ok(['clients', 'list', ...inPool()])).stdout);
    assert.equal(list.clients.length, 2);
    const r = await ok(['clients', 'describe', ...inPool(), '--client-id', seeded.pool.secretClient.id]);
    const client = JSON.parse(r.stdout);
    assert.equal(client.hasSecret, true);
    assert.ok(client.warnings.some((w: { sentence: string }) => w.sentence.startsWith('This client has a secret')));
    assert.ok(!r.stdout.includes(seeded.pool.secretClient.secret));
  });

  it('groups list and members (CSV)', async () => {
    const groups = JSON.parse((await ok(['groups', 'list', ...inPool()])).stdout);
    assert.deepEqual(groups.groups.map((g: { name: string }) => g.name), ['admins', 'readers']);
    const rows = csvRead((await ok(['groups', 'members', ...inPool(), '--group', 'readers', '--output', 'csv'])).stdout);
    assert.deepEqual(rows[0].slice(0, 4), ['username', 'sub', 'status', 'enabled']);
    assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), ['alice', 'bob']);
  });

  it('users list: a page with nextToken, the next page, a filter, chosen attributes and an attribute map', async () => {
    const first = JSON.parse((await ok(['users', 'list', ...inPool(), '--limit', '3'])).stdout);
    assert.equal(first.users.length, 3);
    assert.ok(first.nextToken);
    const second = JSON.parse((await ok(['users', 'list', ...inPool(), '--limit', '3', '--pagination-token', first.nextToken])).stdout);
    assert.deepEqual([...first.users, ...second.users].map((u: { username: string }) => u.username).sort(), ['alice', 'bob', 'dora', 'newcomer']);
    assert.equal(second.nextToken, undefined);

    const mapFile = join(process.env.HOME!, 'names.json');
    writeFileSync(mapFile, JSON.stringify({ given_name: 'First name', email: 'E-mail' }));
    const filtered = JSON.parse((await ok(['users', 'list', ...inPool(), '--filter', 'email ^= "ali"', '--attributes', 'email,given_name', '--attr-map', mapFile])).stdout);
    assert.deepEqual(filtered.users.map((u: { username: string }) => u.username), ['alice']);
    assert.deepEqual(filtered.users[0].attributes, { 'E-mail': 'alice@example.com', 'First name': 'Alice' });
    const csv = csvRead((await ok(['users', 'list', ...inPool(), '--all', '--output', 'csv', '--attributes', 'email,given_name', '--attr-map', mapFile])).stdout);
    assert.deepEqual(csv[0], ['username', 'sub', 'status', 'enabled', 'created', 'lastModified', 'E-mail', 'First name']);
    assert.equal(csv.length, 5);
    assert.deepEqual(csv.find((r) => r[0] === 'alice')!.slice(6), ['alice@example.com', 'Alice']);
    const text = (await ok(['users', 'list', ...inPool(), '--all', '--output', 'text'])).stdout;
    assert.ok(text.split('\n').some((l) => l.startsWith('dora\tCONFIRMED\tdisabled\t')), text);

    writeFileSync(mapFile, '["not", "a map"]');
    const broken = await ok(['users', 'list', ...inPool(), '--filter', 'username = "bob"', '--attr-map', mapFile]);
    assert.match(broken.stderr, /^warning: The attribute map must be an object .*; it was ignored\.\n$/);
    assert.equal(JSON.parse(broken.stdout).users[0].attributes.email, 'bob@example.com');
  });

  it('bad input: a malformed filter, an unknown pool, an unknown user, a missing subcommand', async () => {
    const filter = await cli(['users', 'list', ...inPool(), '--filter', 'email == alice']);
    assert.equal(filter.code, 2);
    oneErrorLine(filter, /^error: A filter compares with = \(exact\) or \^= \(starts with\) only/);
    const pool = await cli(['users', 'list', ...base(), '--user-pool-id', 'us-east-1_Missing1']);
    assert.equal(pool.code, 1);
    oneErrorLine(pool, /^error: User pool us-east-1_Missing1 was not found in us-east-1/);
    const user = await cli(['users', 'get', ...inPool(), '--username', 'nobody']);
    assert.equal(user.code, 1);
    oneErrorLine(user, /^error: There is no user "nobody" in pool /);
    const none = await cli(['users']);
    assert.equal(none.code, 2);
    oneErrorLine(none, /users needs a subcommand: list, get, find, create/);
    const unknown = await cli(['users', 'frobnicate']);
    assert.equal(unknown.code, 2);
    oneErrorLine(unknown, /Unknown command "users frobnicate"/);
    assert.equal((await cli(['users', '--help'])).code, 0);
    assert.match((await ok(['users', 'list', '--help'])).stdout, /--filter EXPR/);
    const noPool = await cli(['users', 'list', ...base()]);
    assert.equal(noPool.code, 2);
    oneErrorLine(noPool, /users list needs --user-pool-id\./);
  });

  it('users get and find', async () => {
    const { seeded } = fixture();
    const alice = JSON.parse((await ok(['users', 'get', ...inPool(), '--username', 'alice'])).stdout);
    assert.deepEqual(alice.groups.sort(), ['admins', 'readers']);
    assert.equal(alice.attributes.given_name, 'Alice');
    const found = JSON.parse((await ok(['users', 'find', ...inPool(), seeded.pool.bob.sub.slice(0, 6)])).stdout);
    assert.deepEqual(found.users.map((u: { username: string }) => u.username), ['bob']);
  });

  it('admin actions: create, disable, enable, set-password from stdin, groups, confirm, verify, sign-out, reset, delete', async () => {
    const { seeded, moto } = fixture();
    const user = (sub: string, ...rest: string[]) => ['users', sub, ...inPool(), '--username', 'hank', ...rest];
    const created = JSON.parse((await ok(user('create', '--attribute', 'email=hank@example.com', '--attribute', 'email_verified=true', '--suppress-message', '--temporary-password-stdin'), 'Hank-Temp-Passw0rd!\n')).stdout);
    assert.equal(created.summary, `Created user hank in pool ${seeded.pool.id} (status FORCE_CHANGE_PASSWORD); no invitation was sent.`);
    assert.equal((await ok([...user('disable'), '--output', 'text'])).stdout, 'Disabled user hank: they can no longer sign in, and their tokens were revoked.\n');
    assert.match((await ok(user('enable'))).stdout, /Enabled user hank/);

    const flag = await cli([...user('set-password'), '--password', 'x']);
    assert.equal(flag.code, 2);
    oneErrorLine(flag, /Passwords are never taken as arguments/);
    await ok(user('set-password', '--permanent'), 'Hank-Perm-Passw0rd!\n');
    const auth = await idpClient(moto.endpoint).send(
      new AdminInitiateAuthCommand({ UserPoolId: seeded.pool.id, ClientId: seeded.pool.publicClient.id, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'hank', PASSWORD: 'Hank-Perm-Passw0rd!' } }),
    );
    assert.ok(auth.AuthenticationResult?.AccessToken);
    const empty = await cli(user('set-password'), '');
    assert.equal(empty.code, 2);

    assert.match((await ok(user('add-to-group', '--group', 'admins'))).stdout, /Added hank to group admins/);
    assert.deepEqual(JSON.parse((await ok(user('get'))).stdout).groups, ['admins']);
    assert.match((await ok(user('remove-from-group', '--group', 'admins'))).stdout, /Removed hank from group admins/);
    assert.match((await ok(user('verify-attribute', '--attribute-name', 'email'))).stdout, /Marked the email address of hank as verified/);
    assert.match((await ok(user('sign-out'))).stdout, /Signed hank out everywhere/);
    assert.match((await ok(user('reset-password'))).stdout, /Reset the password of hank/);
    assert.match((await ok(user('confirm'))).stdout, /Confirmed the sign-up of hank/);

    const unconfirmed = await cli(user('delete'));
    assert.equal(unconfirmed.code, 2);
    oneErrorLine(unconfirmed, /--confirm-username hank/);
    const mismatch = await cli(user('delete', '--confirm-username', 'alice'));
    assert.equal(mismatch.code, 2);
    assert.match((await ok(user('delete', '--confirm-username', 'hank'))).stdout, /Deleted user hank/);
    assert.equal((await cli(user('get'))).code, 1);
  });

  it('a throttled page is retried; AccessDenied is one sentence', async () => {
    const proxy = await startFaultProxy(fixture().moto.endpoint);
    try {
      const args = ['users', 'list', '--profile', fixture().t.profile!, '--endpoint-url', proxy.endpoint, '--user-pool-id', fixture().seeded.pool.id, '--all'];
      let n = 0;
      proxy.rule = (req) => (req.operation === 'ListUsers' && n++ === 0 ? { type: 'TooManyRequestsException', message: 'Rate exceeded' } : undefined);
      assert.equal(JSON.parse((await ok(args)).stdout).users.length, 4);
      proxy.rule = (req) => (req.operation === 'ListUsers' ? { type: 'AccessDeniedException', message: 'not authorized' } : undefined);
      const denied = await cli(args);
      assert.equal(denied.code, 1);
      oneErrorLine(denied, /^error: Access denied while trying to list users: the credentials' role does not allow it\.$/);
    } finally {
      await proxy.stop();
    }
  });
});
