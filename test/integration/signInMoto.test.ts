/**
 * signIn() against moto, for what moto really checks: users, passwords on the password flow, SECRET_HASH on SRP initiate,
 * the USERNAME it looks users up by, challenges. moto accepts any SRP signature; signInSrp.test.ts covers that part.
 */
import assert from 'node:assert/strict';
import { signIn, UnsupportedChallengeError, type SignInRequest } from '../../src/core/auth/signIn';
import type { Connection } from '../../src/core/connection';
import { useMoto } from '../support/moto';
import { seedStandard, type Seeded } from '../support/seed';
import { refusal } from '../support/assertions';

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}


describe('signIn against moto', function () {
  this.timeout(30_000);
  const moto = useMoto();
  let seeded: Seeded;
  let usernames: Connection;
  let emails: Connection;

  before(async () => {
    seeded = await seedStandard(moto().endpoint, { bucketPrefix: 'signin' });
    const base = { region: 'us-east-1', endpointUrl: moto().endpoint };
    usernames = { ...base, id: 'moto-usernames', name: 'usernames', userPoolId: seeded.pool.id, clientId: seeded.pool.publicClient.id };
    emails = { ...base, id: 'moto-emails', name: 'emails', userPoolId: seeded.emailPool.id, clientId: seeded.emailPool.publicClient.id };
  });

  const alice = (overrides: Partial<SignInRequest> = {}): SignInRequest => ({
    connection: usernames,
    username: seeded.pool.alice.username,
    password: seeded.pool.alice.password,
    ...overrides,
  });

  it('password flow: the right password returns moto-signed tokens for that user', async () => {
    const tokens = await signIn(alice({ flow: 'password' }), { clock: { now: () => 42 } });
    assert.equal(claims(tokens.idToken)['cognito:username'], 'alice');
    assert.equal(claims(tokens.accessToken).token_use, 'access');
    assert.ok(tokens.refreshToken);
    assert.equal(tokens.expiresIn, 3600);
    assert.equal(tokens.obtainedAt, 42);
  });

  it('password flow: a wrong password is refused with one sentence', async () => {
    const err = await refusal(signIn(alice({ flow: 'password', password: 'Not-Alice-1!' })));
    assert.equal(err.message, `Incorrect username or password for pool ${seeded.pool.id}.`);
  });

  it('SRP flow (default): signs in alice', async () => {
    const tokens = await signIn(alice());
    assert.equal(claims(tokens.idToken)['cognito:username'], 'alice');
  });

  it('SRP flow in an email-as-username pool, where USER_ID_FOR_SRP is the sub and USERNAME is what moto finds', async () => {
    const user = seeded.emailPool.user;
    const tokens = await signIn({ connection: emails, username: user.username, password: user.password });
    assert.equal(claims(tokens.idToken).sub, user.sub);
    assert.equal(claims(tokens.idToken).email, 'erin@example.com');
  });

  it('SRP flow with a client secret: required, checked, and accepted when right', async () => {
    const secretConn = { ...usernames, id: 'moto-secret', clientId: seeded.pool.secretClient.id, hasClientSecret: true };
    // moto refuses with an empty message (real Cognito's wording is covered against the SRP server), so only the refusal is asserted.
    const missing = await refusal(signIn(alice({ connection: secretConn })));
    assert.equal(missing.code, 'NotAuthorizedException');
    const wrong = await refusal(signIn(alice({ connection: secretConn, clientSecret: 'wrong-secret-value' })));
    assert.equal(wrong.code, 'NotAuthorizedException');
    const tokens = await signIn(alice({ connection: secretConn, clientSecret: seeded.pool.secretClient.secret }));
    assert.equal(claims(tokens.accessToken).client_id, seeded.pool.secretClient.id);
  });

  it('a user with a temporary password gets the NEW_PASSWORD_REQUIRED sentence', async () => {
    const user = seeded.pool.newcomer;
    const err = await refusal(signIn(alice({ username: user.username, password: user.password, flow: 'password' })));
    assert.ok(err instanceof UnsupportedChallengeError);
    assert.match(err.message, /NEW_PASSWORD_REQUIRED challenge; sign in from the sign-in panel or the CLI/);
  });

  it('an unknown app client is named in the sentence', async () => {
    const err = await refusal(signIn(alice({ connection: { ...usernames, clientId: 'doesnotexist123' }, flow: 'password' })));
    assert.match(err.message, /doesnotexist123/);
  });
});
