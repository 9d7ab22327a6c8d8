/**
 * Admin actions against moto, each checked by reading the user back; and the faults moto cannot produce
 * (throttling, AccessDenied, a server that refuses or ignores sub filters) from a proxy in front of it.
 */
import assert from 'node:assert/strict';
import { AdminInitiateAuthCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as admin from '../../src/core/pools/admin';
import type { AdminTarget } from '../../src/core/pools/adminTarget';
import { listGroups, listUserPools } from '../../src/core/pools/pools';
import { getUser, listAllUsers } from '../../src/core/pools/users';
import { refusal } from '../support/assertions';
import { useAdminFixture } from '../support/awsProfile';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { idpClient, type Seeded } from '../support/seed';
import { seedManyUsers } from '../support/seedUsers';

describe('pools admin actions against moto', function () {
  this.timeout(120_000);
  const fixture = useAdminFixture('poolsadmin');
  const moto = () => fixture().moto;
  let seeded: Seeded;
  let t: AdminTarget;
  let pool: string;

  before(async () => {
    ({ seeded, t } = fixture());
    pool = seeded.pool.id;
  });

  it('creates a user with a temporary password and no invitation, then resends it', async () => {
    const summary = await admin.createUser(t, pool, { username: 'carol', temporaryPassword: 'Temp-Passw0rd!1', attributes: { email: 'carol@example.com', 'custom:tier': 'gold' }, suppressMessage: true });
    assert.equal(summary, `Created user carol in pool ${pool} (status FORCE_CHANGE_PASSWORD); no invitation was sent.`);
    const carol = await getUser(t, pool, 'carol');
    assert.equal(carol.status, 'FORCE_CHANGE_PASSWORD');
    assert.equal(carol.attributes.email, 'carol@example.com');
    assert.equal(await admin.resendInvitation(t, pool, 'carol'), 'Sent the invitation to carol again.');
    const again = await refusal(admin.createUser(t, pool, { username: 'carol', attributes: {}, suppressMessage: true }));
    assert.match(again.message, /already exists/);
  });

  it('disables and enables, saying when nothing changed', async () => {
    await admin.createUser(t, pool, { username: 'dave', attributes: { email: 'dave@example.com' }, suppressMessage: true });
    assert.equal(await admin.disableUser(t, pool, 'dave'), 'Disabled user dave: they can no longer sign in, and their tokens were revoked.');
    assert.equal((await getUser(t, pool, 'dave')).enabled, false);
    assert.equal(await admin.disableUser(t, pool, 'dave'), 'User dave was already disabled; nothing changed.');
    assert.equal(await admin.enableUser(t, pool, 'dave'), 'Enabled user dave: they can sign in again.');
    assert.equal((await getUser(t, pool, 'dave')).enabled, true);
    assert.equal(await admin.enableUser(t, pool, 'dave'), 'User dave was already enabled; nothing changed.');
  });

  it('sets a permanent password (the user can sign in with it), a temporary one, and resets it', async () => {
    await admin.createUser(t, pool, { username: 'erik', attributes: { email: 'erik@example.com', email_verified: 'true' }, suppressMessage: true });
    assert.equal(await admin.setPassword(t, pool, 'erik', 'Erik-Perm-Passw0rd!', true), 'Set a permanent password for erik (status CONFIRMED).');
    const auth = await idpClient(moto().endpoint).send(
      new AdminInitiateAuthCommand({ UserPoolId: pool, ClientId: seeded.pool.publicClient.id, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'erik', PASSWORD: 'Erik-Perm-Passw0rd!' } }),
    );
    assert.ok(auth.AuthenticationResult?.AccessToken);
    assert.match(await admin.resetPassword(t, pool, 'erik'), /^Reset the password of erik: the old one no longer works/);
    assert.equal((await getUser(t, pool, 'erik')).status, 'RESET_REQUIRED');
    assert.match(await admin.setPassword(t, pool, 'erik', 'Erik-Temp-Passw0rd!', false), /^Set a temporary password for erik/);
    assert.equal((await getUser(t, pool, 'erik')).status, 'FORCE_CHANGE_PASSWORD');
    const temporary = await refusal(admin.resetPassword(t, pool, 'erik'));
    assert.equal(temporary.message, 'The password of erik cannot be reset while it is temporary or unconfirmed; set a new temporary password instead, or resend the invitation.');
    const weak = await refusal(admin.setPassword(t, pool, 'erik', 'short', true));
    assert.match(weak.message, /password/i);
  });

  it('confirms a sign-up and verifies an email address', async () => {
    const { SignUpCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await idpClient(moto().endpoint).send(new SignUpCommand({ ClientId: seeded.pool.publicClient.id, Username: 'fran', Password: 'Fran-Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'fran@example.com' }] }));
    assert.equal((await getUser(t, pool, 'fran')).status, 'UNCONFIRMED');
    assert.equal(await admin.confirmSignUp(t, pool, 'fran'), 'Confirmed the sign-up of fran (status CONFIRMED).');
    assert.equal((await getUser(t, pool, 'fran')).status, 'CONFIRMED');
    assert.equal(await admin.verifyAttribute(t, pool, 'fran', 'email'), 'Marked the email address of fran as verified.');
    assert.equal((await getUser(t, pool, 'fran')).attributes.email_verified, 'true');
  });

  it('adds to and removes from a group; an unknown group is named', async () => {
    assert.equal(await admin.addToGroup(t, pool, 'bob', 'admins'), 'Added bob to group admins.');
    assert.deepEqual((await getUser(t, pool, 'bob')).groups.sort(), ['admins', 'readers']);
    assert.equal(await admin.removeFromGroup(t, pool, 'bob', 'admins'), 'Removed bob from group admins.');
    assert.deepEqual((await getUser(t, pool, 'bob')).groups, ['readers']);
    const err = await refusal(admin.addToGroup(t, pool, 'bob', 'no-such-group'));
    assert.equal(err.message, `There is no group "no-such-group" in pool ${pool}; check the group name.`);
  });

  it('signs a user out everywhere: their refresh token stops working', async () => {
    const idp = idpClient(moto().endpoint);
    const auth = await idp.send(
      new AdminInitiateAuthCommand({ UserPoolId: pool, ClientId: seeded.pool.publicClient.id, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: seeded.pool.alice.password } }),
    );
    assert.match(await admin.signOutEverywhere(t, pool, 'alice'), /^Signed alice out everywhere/);
    await assert.rejects(
      idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool, ClientId: seeded.pool.publicClient.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: auth.AuthenticationResult!.RefreshToken! } })),
      /NotAuthorized|revoked|invalid/i,
    );
  });

  it('deletes a user', async () => {
    await admin.createUser(t, pool, { username: 'gone', attributes: {}, suppressMessage: true });
    assert.equal(await admin.deleteUser(t, pool, 'gone'), `Deleted user gone from pool ${pool}.`);
    const err = await refusal(getUser(t, pool, 'gone'));
    assert.match(err.message, /^There is no user "gone"/);
  });

  it('creates a test user who can sign in with the generated password (email-as-username pool too)', async () => {
    for (const [poolId, clientId] of [[pool, seeded.pool.publicClient.id], [seeded.emailPool.id, seeded.emailPool.publicClient.id]]) {
      const made = await admin.createTestUser(t, poolId);
      assert.match(made.summary, /^Created test user /);
      const auth = await idpClient(moto().endpoint).send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: made.username, PASSWORD: made.password } }),
      );
      assert.ok(auth.AuthenticationResult?.IdToken, made.username);
    }
  });

  describe('faults from a proxy in front of moto', () => {
    let proxy: FaultProxy;
    let big: string;
    let names: string[];
    let viaProxy: AdminTarget;

    before(async () => {
      const out = await idpClient(moto().endpoint).send(new CreateUserPoolCommand({ PoolName: 'fault-pool' }));
      big = out.UserPool!.Id!;
      names = await seedManyUsers(moto().endpoint, big, 130);
      proxy = await startFaultProxy(moto().endpoint);
      viaProxy = { ...t, endpointUrl: proxy.endpoint };
    });
    after(() => proxy.stop());
    afterEach(() => {
      proxy.rule = () => undefined;
      proxy.seen.length = 0;
    });

    async function all(opts: Parameters<typeof listAllUsers>[2] = {}): Promise<string[]> {
      const out: string[] = [];
      for await (const page of listAllUsers(viaProxy, big, { baseDelayMs: 5, ...opts })) out.push(...page.map((u) => u.username));
      return out;
    }

    it('retries pages Cognito throttles and still lists everyone once', async () => {
      let n = 0;
      proxy.rule = (req) => (req.operation === 'ListUsers' && n++ % 3 === 1 ? { type: 'TooManyRequestsException', message: 'Too many requests' } : undefined);
      const users = await all();
      assert.deepEqual(users.sort(), names);
      assert.ok(n > 20, `only ${n} requests`);
    });

    it('gives up on endless throttling with one sentence', async () => {
      proxy.rule = (req) => (req.operation === 'ListUsers' ? { type: 'TooManyRequestsException', message: 'Too many requests' } : undefined);
      const err = await refusal(all({ maxRetries: 2 }));
      assert.equal(err.message, `Cognito kept throttling the listing of pool ${big} after 2 retries; wait a minute and try again (or list fewer users at once).`);
    });

    it('falls back to one stream where the server refuses sub filters', async () => {
      proxy.rule = (req) => (req.operation === 'ListUsers' && String(req.body.Filter ?? '').startsWith('sub') ? { type: 'InvalidParameterException', message: 'Invalid search attribute: sub' } : undefined);
      assert.deepEqual((await all()).sort(), names);
      assert.ok(proxy.seen.filter((r) => r.operation === 'ListUsers' && !r.body.Filter).length >= 3);
    });

    it('falls back to one stream where the server ignores filters', async () => {
      proxy.rule = (req) => {
        if (req.operation !== 'ListUsers' || !req.body.Filter) return undefined;
        const { Filter: _dropped, ...rest } = req.body;
        return { rewrite: rest };
      };
      assert.deepEqual((await all()).sort(), names);
    });

    it('AccessDenied on one pool is one sentence; other pools still list', async () => {
      proxy.rule = (req) => (req.body.UserPoolId === big ? { type: 'AccessDeniedException', message: 'User is not authorized to perform: cognito-idp:ListUsers' } : undefined);
      const err = await refusal(all());
      assert.equal(err.message, 'Access denied while trying to list users: the credentials\' role does not allow it.');
      assert.ok((await listGroups(viaProxy, pool)).groups.length === 2);
      assert.ok((await listUserPools(viaProxy)).pools.length >= 3);
    });
  });
});
