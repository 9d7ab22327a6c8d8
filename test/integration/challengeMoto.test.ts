/**
 * The sign-in state machine against moto, for what moto really does: new-password challenges, SMS MFA, TOTP MFA
 * with real codes (MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP), MFA setup, SECRET_HASH on MFA answers, and the admin
 * flow signed with a named AWS profile.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerChallenge, startSignIn, type SignInChallengeStep, type SignInDone, type SignInStep } from '../../src/core/auth/flow';
import { setTotpPreferred } from '../../src/core/auth/mfa';
import type { Connection } from '../../src/core/connection';
import { useMoto } from '../support/moto';
import { createClient, createMfaPool, createUser, enableSmsMfa, seedStandard, type Seeded } from '../support/seed';
import { MOTO_TOTP_SECRET, totp } from '../support/totp';
import { refusal } from '../support/assertions';

function challenge(step: SignInStep, name: string): SignInChallengeStep {
  assert.equal(step.kind, 'challenge', `expected ${name}, got tokens`);
  const c = step as SignInChallengeStep;
  assert.equal(c.challenge.name, name);
  return c;
}
function done(step: SignInStep): SignInDone {
  assert.equal(step.kind, 'done', step.kind === 'challenge' ? `unexpected challenge ${step.challenge.name}` : '');
  return step as SignInDone;
}
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;


describe('sign-in challenges against moto', function () {
  this.timeout(60_000);
  const moto = useMoto({ env: { MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' } });
  let seeded: Seeded;
  let conn: Connection;

  before(async () => {
    seeded = await seedStandard(moto().endpoint, { bucketPrefix: 'challenges' });
    conn = { id: 'moto', name: 'moto pool', region: 'us-east-1', userPoolId: seeded.pool.id, clientId: seeded.pool.publicClient.id, endpointUrl: moto().endpoint };
  });

  it('new password, then MFA setup with a real TOTP code, then the TOTP challenge on the next sign-in', async () => {
    const endpoint = moto().endpoint;
    const poolId = await createMfaPool(endpoint, { name: 'mfa-on' });
    const client = await createClient(endpoint, poolId, { name: 'mfa-web' });
    await createUser(endpoint, poolId, { username: 'mallory', email: 'mallory@example.com', password: 'Temp-Passw0rd!', temporary: true });
    const mfaConn: Connection = { ...conn, id: 'mfa', name: 'Dev MFA', userPoolId: poolId, clientId: client.id };

    const first = challenge(await startSignIn({ connection: mfaConn, username: 'mallory', password: 'Temp-Passw0rd!', flow: 'password' }), 'NEW_PASSWORD_REQUIRED');
    const setup = challenge(await answerChallenge(roundTrip(first.state), { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'Mallory-N3w-Pass!' }), 'MFA_SETUP');
    assert.equal(setup.challenge.name === 'MFA_SETUP' && setup.challenge.secretCode, MOTO_TOTP_SECRET);
    assert.equal(setup.challenge.name === 'MFA_SETUP' && setup.challenge.otpauthUri, `otpauth://totp/Dev%20MFA:mallory?secret=${MOTO_TOTP_SECRET}&issuer=Dev%20MFA`);

    const wrong = await refusal(answerChallenge(roundTrip(setup.state), { name: 'MFA_SETUP', code: totp(MOTO_TOTP_SECRET, Date.now() - 120_000) === '000000' ? '111111' : '000000' }));
    assert.equal(wrong.code, 'CodeMismatchException');
    assert.equal(wrong.message, 'The code is wrong; check it and try again.');

    const fin = done(await answerChallenge(roundTrip(setup.state), { name: 'MFA_SETUP', code: totp(MOTO_TOTP_SECRET), friendlyDeviceName: 'phone' }));
    assert.equal(fin.mfaSetUp, 'SOFTWARE_TOKEN_MFA');
    assert.equal(claims(fin.tokens.idToken)['cognito:username'], 'mallory');
    assert.deepEqual(fin.trace.map((e) => e.operation), ['InitiateAuth', 'RespondToAuthChallenge', 'AssociateSoftwareToken', 'VerifySoftwareToken', 'RespondToAuthChallenge']);
    await setTotpPreferred(mfaConn, fin.tokens.accessToken);

    for (const flow of ['password', 'srp'] as const) {
      const mfa = challenge(await startSignIn({ connection: mfaConn, username: 'mallory', password: 'Mallory-N3w-Pass!', flow }), 'SOFTWARE_TOKEN_MFA');
      const bad = await refusal(answerChallenge(mfa.state, { name: 'SOFTWARE_TOKEN_MFA', code: '12345x' }));
      assert.equal(bad.code, 'CodeMismatchException');
      const again = done(await answerChallenge(mfa.state, { name: 'SOFTWARE_TOKEN_MFA', code: totp(MOTO_TOTP_SECRET) }));
      assert.equal(claims(again.tokens.accessToken).username, 'mallory');
    }
  });

  it('SMS MFA with a client secret: moto checks the SECRET_HASH of the MFA answer', async () => {
    const endpoint = moto().endpoint;
    await createUser(endpoint, seeded.pool.id, { username: 'sam', email: 'sam@example.com', password: 'Sam-Passw0rd!' });
    await enableSmsMfa(endpoint, seeded.pool.id, 'sam');
    const secretConn = { ...conn, clientId: seeded.pool.secretClient.id, hasClientSecret: true };
    const clientSecret = seeded.pool.secretClient.secret;
    const sms = challenge(await startSignIn({ connection: secretConn, username: 'sam', password: 'Sam-Passw0rd!', flow: 'password', clientSecret }), 'SMS_MFA');
    const noSecret = await refusal(answerChallenge(sms.state, { name: 'SMS_MFA', code: '123456' }));
    assert.equal(noSecret.code, 'NotAuthorizedException');
    const fin = done(await answerChallenge(sms.state, { name: 'SMS_MFA', code: '123456' }, { clientSecret }));
    assert.equal(claims(fin.tokens.accessToken).client_id, seeded.pool.secretClient.id);
  });

  it('new password through the SRP flow in the email-as-username pool answers with Cognito\'s internal username', async () => {
    const endpoint = moto().endpoint;
    const user = await createUser(endpoint, seeded.emailPool.id, { username: 'nina@example.com', email: 'nina@example.com', password: 'Temp-Passw0rd!', temporary: true });
    const emailConn = { ...conn, userPoolId: seeded.emailPool.id, clientId: seeded.emailPool.publicClient.id };
    const step = challenge(await startSignIn({ connection: emailConn, username: 'nina@example.com', password: 'Temp-Passw0rd!' }), 'NEW_PASSWORD_REQUIRED');
    assert.equal(step.state.username, user.sub);
    const fin = done(await answerChallenge(step.state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'Nina-N3w-Passw0rd!' }));
    assert.equal(claims(fin.tokens.idToken).email, 'nina@example.com');
    done(await startSignIn({ connection: emailConn, username: 'nina@example.com', password: 'Nina-N3w-Passw0rd!', flow: 'password' }));
  });

  describe('admin flow with a named AWS profile', () => {
    let dir: string;
    const saved: Record<string, string | undefined> = {};
    const ENV = ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'cognito-explorer-profile-'));
      writeFileSync(join(dir, 'credentials'), '[explorer-admin]\naws_access_key_id = AKIDPROFILEEXAMPLE\naws_secret_access_key = profile-secret\n');
      writeFileSync(join(dir, 'config'), '');
      for (const k of ENV) saved[k] = process.env[k];
      for (const k of ENV) delete process.env[k];
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
    });
    after(() => {
      for (const k of ENV) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('signs in with ADMIN_USER_PASSWORD_AUTH using the profile\'s credentials', async () => {
      const fin = done(await startSignIn({ connection: conn, username: 'alice', password: seeded.pool.alice.password, flow: 'admin', profile: 'explorer-admin' }));
      assert.equal(claims(fin.tokens.idToken)['cognito:username'], 'alice');
      assert.deepEqual(fin.trace.map((e) => [e.operation, e.authFlow]), [['AdminInitiateAuth', 'ADMIN_USER_PASSWORD_AUTH']]);
      assert.deepEqual(fin.trace[0].parameters, { USERNAME: 'alice', PASSWORD: '[redacted]' });
    });

    it('answers NEW_PASSWORD_REQUIRED with AdminRespondToAuthChallenge', async () => {
      await createUser(moto().endpoint, seeded.pool.id, { username: 'adminnew', email: 'adminnew@example.com', password: 'Temp-Passw0rd!', temporary: true });
      const step = challenge(await startSignIn({ connection: conn, username: 'adminnew', password: 'Temp-Passw0rd!', flow: 'admin', profile: 'explorer-admin' }), 'NEW_PASSWORD_REQUIRED');
      assert.equal(step.state.profile, 'explorer-admin');
      const fin = done(await answerChallenge(roundTrip(step.state), { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'Admin-N3w-Passw0rd!' }));
      assert.deepEqual(fin.trace.map((e) => e.operation), ['AdminInitiateAuth', 'AdminRespondToAuthChallenge']);
    });

    it('names a profile that does not exist', async () => {
      const err = await refusal(startSignIn({ connection: conn, username: 'alice', password: seeded.pool.alice.password, flow: 'admin', profile: 'no-such-profile' }));
      assert.equal(
        err.message,
        'Could not get AWS credentials from profile "no-such-profile" for the admin sign-in; check that the profile exists in ~/.aws/credentials or ~/.aws/config (or run aws sso login --profile no-such-profile).',
      );
    });
  });
});
