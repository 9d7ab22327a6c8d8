/**
 * Account self-service, refresh and global sign-out against moto: sign up and confirm, password reset with the
 * code moto hands out, change password, attributes, and the session ending after GlobalSignOut.
 */
import assert from 'node:assert/strict';
import {
  changePassword,
  confirmForgotPassword,
  confirmSignUp,
  forgotPassword,
  getUser,
  signUp,
  updateUserAttributes,
} from '../../src/core/account/selfService';
import { startSignIn, type SignInDone } from '../../src/core/auth/flow';
import { refreshTokens } from '../../src/core/auth/refresh';
import { cognitoUsernameOf, signIn } from '../../src/core/auth/signIn';
import { globalSignOut } from '../../src/core/auth/signOut';
import type { Connection } from '../../src/core/connection';
import { useMoto } from '../support/moto';
import { createUser, forgotPasswordCode, seedStandard, type Seeded } from '../support/seed';
import { refusal } from '../support/assertions';

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

describe('account self-service, refresh and sign-out against moto', function () {
  this.timeout(60_000);
  const moto = useMoto();
  let seeded: Seeded;
  let conn: Connection;
  let secretConn: Connection;
  let clientSecret: string;

  before(async () => {
    seeded = await seedStandard(moto().endpoint, { bucketPrefix: 'account' });
    conn = { id: 'moto', name: 'moto', region: 'us-east-1', userPoolId: seeded.pool.id, clientId: seeded.pool.publicClient.id, endpointUrl: moto().endpoint };
    secretConn = { ...conn, clientId: seeded.pool.secretClient.id, hasClientSecret: true };
    clientSecret = seeded.pool.secretClient.secret;
  });

  it('signs up with attributes, cannot sign in until confirmed, then signs in', async () => {
    const out = await signUp(conn, { username: 'sally', password: 'Sally-Passw0rd!', attributes: { email: 'sally@example.com', email_verified: 'true', name: 'Sally' } });
    assert.equal(out.userConfirmed, false);
    assert.match(out.userSub ?? '', /^[0-9a-f-]{36}$/);
    // moto picks the legacy recovery order (phone first, with a placeholder number); the shape is what matters here.
    assert.match(out.codeDelivery?.destination ?? '', /\*/);
    assert.ok(['SMS', 'EMAIL'].includes(out.codeDelivery?.deliveryMedium ?? ''));
    const early = await refusal(signIn({ connection: conn, username: 'sally', password: 'Sally-Passw0rd!', flow: 'password' }));
    assert.equal(early.message, 'This user has not confirmed their account yet; confirm the sign-up code first.');
    await confirmSignUp(conn, { username: 'sally', code: '123456' });
    const tokens = await signIn({ connection: conn, username: 'sally', password: 'Sally-Passw0rd!', flow: 'password' });
    assert.equal(claims(tokens.idToken).name, 'Sally');

    const again = await refusal(signUp(conn, { username: 'sally', password: 'Sally-Passw0rd!' }));
    assert.equal(again.code, 'UsernameExistsException');
    assert.match(again.message, /^An account with this username already exists for pool /);
    const weak = await refusal(signUp(conn, { username: 'weak', password: 'short' }));
    assert.equal(weak.code, 'InvalidPasswordException');
  });

  it('resets a forgotten password with the emailed code (a wrong code is refused)', async () => {
    await createUser(moto().endpoint, seeded.pool.id, { username: 'fred', email: 'fred@example.com', password: 'Fred-Passw0rd!' });
    const delivery = await forgotPassword(secretConn, 'fred', { clientSecret });
    assert.match(delivery?.destination ?? '', /\*/);
    assert.ok(delivery?.attributeName);
    const code = await forgotPasswordCode(moto().endpoint, conn.clientId, 'fred');
    const wrong = await refusal(confirmForgotPassword(conn, { username: 'fred', code: 'moto-confirmation-code:000000', newPassword: 'Fred-N3w-Passw0rd!' }));
    assert.equal(wrong.code, 'ExpiredCodeException');
    assert.equal(wrong.message, 'The code has expired; request a new one.');
    await confirmForgotPassword(secretConn, { username: 'fred', code, newPassword: 'Fred-N3w-Passw0rd!' }, { clientSecret });
    await signIn({ connection: conn, username: 'fred', password: 'Fred-N3w-Passw0rd!', flow: 'password' });
    await refusal(signIn({ connection: conn, username: 'fred', password: 'Fred-Passw0rd!', flow: 'password' }));
  });

  it('changes the password, reads and updates attributes with the access token', async () => {
    await createUser(moto().endpoint, seeded.pool.id, { username: 'carl', email: 'carl@example.com', password: 'Carl-Passw0rd!' });
    const tokens = await signIn({ connection: conn, username: 'carl', password: 'Carl-Passw0rd!', flow: 'password' });
    const wrongOld = await refusal(changePassword(conn, tokens.accessToken, 'Not-Carl-Passw0rd!', 'Carl-N3w-Passw0rd!'));
    assert.equal(wrongOld.code, 'NotAuthorizedException');
    await changePassword(conn, tokens.accessToken, 'Carl-Passw0rd!', 'Carl-N3w-Passw0rd!');
    await signIn({ connection: conn, username: 'carl', password: 'Carl-N3w-Passw0rd!', flow: 'password' });

    const before = await getUser(conn, tokens.accessToken);
    assert.equal(before.username, 'carl');
    assert.equal(before.attributes.email, 'carl@example.com');
    assert.match(before.attributes.sub, /^[0-9a-f-]{36}$/);
    const update = await updateUserAttributes(conn, tokens.accessToken, { name: 'Carl C', family_name: 'C' });
    assert.deepEqual(update.needsVerification, [], 'moto returns no CodeDeliveryDetails');
    const after = await getUser(conn, tokens.accessToken);
    assert.equal(after.attributes.name, 'Carl C');
  });

  it('refreshes (secret client: SECRET_HASH with Cognito\'s username), keeps the refresh token, and ends with "sign in again" after global sign-out', async () => {
    const step = (await startSignIn({ connection: secretConn, username: 'bob', password: seeded.pool.bob.password, flow: 'password', clientSecret })) as SignInDone;
    assert.equal(step.kind, 'done');
    const username = cognitoUsernameOf(step.tokens);
    assert.equal(username, 'bob');
    const refreshed = await refreshTokens(secretConn, step.tokens.refreshToken!, { clientSecret, username });
    assert.equal(refreshed.refreshToken, step.tokens.refreshToken);
    assert.notEqual(refreshed.accessToken, step.tokens.accessToken);
    assert.equal(claims(refreshed.idToken)['cognito:username'], 'bob');
    const badHash = await refusal(refreshTokens(secretConn, step.tokens.refreshToken!, { clientSecret, username: 'someone-else' }));
    assert.notEqual(badHash.code, 'SessionExpired', 'a wrong SECRET_HASH is not reported as an ended session');

    await globalSignOut(secretConn, refreshed.accessToken);
    const ended = await refusal(refreshTokens(secretConn, step.tokens.refreshToken!, { clientSecret, username }));
    assert.equal(ended.code, 'SessionExpired');
    assert.equal(ended.message, 'The refresh token is no longer valid (expired, revoked or signed out); sign in again.');
    const user = await refusal(getUser(secretConn, refreshed.accessToken));
    assert.equal(user.code, 'NotAuthorizedException');
  });

  it('refreshes in the email-as-username pool, where the token\'s username is the sub', async () => {
    const emailConn = { ...conn, userPoolId: seeded.emailPool.id, clientId: seeded.emailPool.secretClient.id, hasClientSecret: true };
    const secret = seeded.emailPool.secretClient.secret;
    const user = seeded.emailPool.user;
    const step = (await startSignIn({ connection: emailConn, username: user.username, password: user.password, clientSecret: secret })) as SignInDone;
    assert.equal(step.cognitoUsername, user.sub);
    const refreshed = await refreshTokens(emailConn, step.tokens.refreshToken!, { clientSecret: secret, username: cognitoUsernameOf(step.tokens) });
    assert.equal(claims(refreshed.idToken).sub, user.sub);
  });
});
