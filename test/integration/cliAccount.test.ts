/**
 * The signed-in user's account commands against moto, run in-process (runCli) with sign-in's output piped in.
 * moto implements GetUser and UpdateUserAttributes; the verification-code, DeleteUser and device operations it
 * lacks are covered by test/unit/cliAccount.test.ts with recorded responses.
 */
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { runCli } from '../../src/cli/run';
import { decodeToken } from '../../src/core/tokens/decode';
import { useMoto } from '../support/moto';
import { createUser, idpClient, seedStandard, type Seeded } from '../support/seed';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], input = ''): Promise<Run> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => new Writable({ write: (c, _e, cb) => (into.push(Buffer.from(c)), cb()) });
  const code = await runCli(argv, { stdin: Readable.from(input ? [Buffer.from(input)] : []), stdout: sink(out), stderr: sink(err), env: {}, isTTY: false });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

describe('CLI account commands of the signed-in user (against moto)', function () {
  this.timeout(60_000);
  const moto = useMoto();
  let seeded: Seeded;
  let endpoint: string;

  before(async () => {
    endpoint = moto().endpoint;
    seeded = await seedStandard(endpoint, { bucketPrefix: 'cliaccount' });
  });

  async function signIn(username: string, password: string, poolId = seeded.pool.id, clientId = seeded.pool.publicClient.id): Promise<string> {
    const r = await cli(['sign-in', '--user-pool-id', poolId, '--client-id', clientId, '--endpoint-url', endpoint, '--username', username, '--auth-flow', 'password', '--password-stdin'], `${password}\n`);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  }

  it('sign-in | get-user prints the username and attributes, the pool taken from the token', async () => {
    const tokens = await signIn('alice', seeded.pool.alice.password);
    const r = await cli(['get-user', '--endpoint-url', endpoint], tokens);
    assert.equal(r.code, 0, r.stderr);
    const user = JSON.parse(r.stdout);
    assert.equal(user.Username, 'alice');
    assert.equal(user.UserAttributes.email, 'alice@example.com');
    assert.equal(user.UserAttributes.given_name, 'Alice');
    assert.equal(user.UserAttributes.sub, seeded.pool.alice.sub);
    assert.ok(Array.isArray(user.UserMFASettingList));

    const text = await cli(['get-user', '--endpoint-url', endpoint, '--output', 'text'], `${JSON.parse(tokens).AccessToken}\n`);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout.split('\n')[0], 'Username\talice');
  });

  it('update-attributes changes the attributes that get-user then shows', async () => {
    await createUser(endpoint, seeded.pool.id, { username: 'ursula', email: 'ursula@example.com', password: 'Ursula-Passw0rd!', attributes: { given_name: 'Ursula' } });
    const tokens = await signIn('ursula', 'Ursula-Passw0rd!');
    const r = await cli(['update-attributes', '--endpoint-url', endpoint, '--attribute', 'given_name=Ula', '--attribute', 'email=ula@example.com'], tokens);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).UpdatedAttributes, ['given_name', 'email']);

    const after = await cli(['get-user', '--endpoint-url', endpoint], tokens);
    assert.equal(after.code, 0, after.stderr);
    const attributes = JSON.parse(after.stdout).UserAttributes;
    assert.equal(attributes.given_name, 'Ula');
    assert.equal(attributes.email, 'ula@example.com');
    const admin = await idpClient(endpoint).send(new AdminGetUserCommand({ UserPoolId: seeded.pool.id, Username: 'ursula' }));
    assert.equal(admin.UserAttributes?.find((a) => a.Name === 'given_name')?.Value, 'Ula');

  });

  it('update-attributes to an email another account signs in with exits 1 with one sentence (email pool)', async () => {
    await createUser(endpoint, seeded.emailPool.id, { username: 'fay@example.com', email: 'fay@example.com', password: 'Fay-Passw0rd!' });
    const tokens = await signIn('fay@example.com', 'Fay-Passw0rd!', seeded.emailPool.id, seeded.emailPool.publicClient.id);
    const r = await cli(['update-attributes', '--endpoint-url', endpoint, '--attribute', `email=${seeded.emailPool.user.email}`], tokens);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: Another account already uses this email address or phone number; use a different one, or sign in to that account.\n');
    const after = await cli(['get-user', '--endpoint-url', endpoint], tokens);
    assert.equal(JSON.parse(after.stdout).UserAttributes.email, 'fay@example.com');
  });

  it('delete-user in an email pool refuses the email as confirmation and names the real username, sending nothing', async () => {
    const user = seeded.emailPool.user;
    const tokens = await signIn(user.username, user.password, seeded.emailPool.id, seeded.emailPool.publicClient.id);
    const sub = decodeToken(JSON.parse(tokens).AccessToken).payload.username;
    assert.equal(sub, user.sub);
    const r = await cli(['delete-user', '--endpoint-url', endpoint, '--confirm-username', user.email], tokens);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `error: Not deleting: --confirm-username "${user.email}" is not the signed-in user, whose username is "${user.sub}". Run "cognito-explorer delete-user --help" for usage.\n`);
    const still = await cli(['get-user', '--endpoint-url', endpoint], tokens);
    assert.equal(still.code, 0, still.stderr);
    assert.equal(JSON.parse(still.stdout).UserAttributes.email, user.email);
  });

  it('after global-sign-out, get-user with the old access token exits 1 saying to sign in again', async () => {
    await createUser(endpoint, seeded.pool.id, { username: 'gwen', email: 'gwen@example.com', password: 'Gwen-Passw0rd!' });
    const tokens = await signIn('gwen', 'Gwen-Passw0rd!');
    assert.equal((await cli(['get-user', '--endpoint-url', endpoint], tokens)).code, 0);
    const out = await cli(['global-sign-out', '--endpoint-url', endpoint], tokens);
    assert.equal(out.code, 0, out.stderr);
    const r = await cli(['get-user', '--endpoint-url', endpoint], tokens);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'error: The session has expired or was signed out; sign in again.\n');
  });
});
