import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changePassword } from '../../src/core/account/selfService';
import { answerChallenge, startSignIn } from '../../src/core/auth/flow';
import { signIn } from '../../src/core/auth/signIn';
import type { Connection } from '../../src/core/connection';
import { getCredentialsForUser, toAwsCredentials } from '../../src/core/identity/credentials';
import { listBuckets } from '../../src/core/resources/s3';
import { targetOf } from '../../src/core/aws';
import { DEMO_PASSWORD, DEMO_TEMPORARY_PASSWORD, demoCliLines, seedDemo, startDemoFront, type DemoIds } from '../support/demo';
import { useMoto } from '../support/moto';
import { repoRoot } from '../support/paths';
import type { SrpFront } from '../support/srpFront';

describe('npm run demo: the seeded demo works as its banner promises, and checks passwords', function () {
  this.timeout(60_000);
  const moto = useMoto({ env: { MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' } });
  let ids: DemoIds;
  let front: SrpFront;
  let conn: Connection;
  let mfaConn: Connection;

  before(async () => {
    ids = await seedDemo(moto().endpoint);
    front = await startDemoFront(moto().endpoint, ids);
    conn = { id: 'demo', name: 'Demo', region: 'us-east-1', userPoolId: ids.poolId, clientId: ids.clientId, identityPoolId: ids.identityPoolId, endpointUrl: front.endpoint };
    mfaConn = { id: 'demo-mfa', name: 'Demo MFA', region: 'us-east-1', userPoolId: ids.mfaPoolId, clientId: ids.mfaClientId, endpointUrl: front.endpoint };
  });
  after(() => front?.stop());

  it('signs alice in with SRP through the front, gets credentials and lists the demo buckets', async () => {
    const tokens = await signIn({ connection: conn, username: 'alice', password: DEMO_PASSWORD });
    const creds = await getCredentialsForUser(conn, tokens.idToken);
    const buckets = (await listBuckets(targetOf(conn, toAwsCredentials(creds)))).map((b) => b.name);
    assert.deepEqual(buckets.filter((b) => b.startsWith('demo-')).sort(), ['demo-bucket', 'demo-logs']);
  });

  it('refuses a wrong password with SRP (moto alone would accept it) and with the password flow', async () => {
    await assert.rejects(signIn({ connection: conn, username: 'alice', password: 'wrong-Passw0rd!' }), /Incorrect username or password/);
    await assert.rejects(signIn({ connection: conn, username: 'alice', password: 'wrong-Passw0rd!', flow: 'password' }), /Incorrect username or password/);
    await assert.rejects(signIn({ connection: conn, username: 'nobody', password: DEMO_PASSWORD }), /Incorrect username or password/);
  });

  it('learns passwords set through it: dave\'s new password works with SRP afterwards, the temporary one no longer does', async () => {
    await assert.rejects(startSignIn({ connection: conn, username: 'dave', password: 'not-the-temp-one' }), /Incorrect username or password/);
    const first = await startSignIn({ connection: conn, username: 'dave', password: DEMO_TEMPORARY_PASSWORD });
    assert.ok(first.kind === 'challenge' && first.challenge.name === 'NEW_PASSWORD_REQUIRED');
    const done = await answerChallenge(first.state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'Dave-New-Passw0rd!' }, {}, {});
    assert.equal(done.kind, 'done');
    const tokens = await signIn({ connection: conn, username: 'dave', password: 'Dave-New-Passw0rd!' });
    await assert.rejects(signIn({ connection: conn, username: 'dave', password: DEMO_TEMPORARY_PASSWORD }), /Incorrect username or password/);
    await changePassword(conn, tokens.accessToken, 'Dave-New-Passw0rd!', 'Dave-Third-Passw0rd!');
    await signIn({ connection: conn, username: 'dave', password: 'Dave-Third-Passw0rd!' });
    await assert.rejects(signIn({ connection: conn, username: 'dave', password: 'Dave-New-Passw0rd!' }), /Incorrect username or password/);
  });

  it('mallory on the MFA pool meets the new-password challenge through the front', async () => {
    const mallory = await startSignIn({ connection: mfaConn, username: 'mallory', password: DEMO_TEMPORARY_PASSWORD });
    assert.equal(mallory.kind === 'challenge' && mallory.challenge.name, 'NEW_PASSWORD_REQUIRED');
  });

  it('the CLI lines the demo prints work as pasted: sign-in, decode --verify, credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-cli-'));
    try {
      const cli = `node ${join(repoRoot, 'dist', 'cli.js')}`;
      const [signInLine, decodeLine, credsLine] = demoCliLines(front.endpoint, ids, cli);
      // Asynchronous: the front runs in this process, so a synchronous spawn would stall it.
      const run = (line: string) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          execFile('bash', ['-c', line], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: dir } }, (err, stdout, stderr) =>
            resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
          );
        });
      const signed = await run(signInLine);
      assert.equal(signed.status, 0, signed.stderr);
      const decoded = await run(decodeLine);
      assert.equal(decoded.status, 0, decoded.stderr);
      assert.equal(JSON.parse(decoded.stdout).verified, true);
      const creds = await run(credsLine);
      assert.equal(creds.status, 0, creds.stderr);
      assert.match(creds.stdout, /^export AWS_ACCESS_KEY_ID=/m);
      const wrong = await run(signInLine.replace(DEMO_PASSWORD, 'wrong-Passw0rd!'));
      assert.equal(wrong.status, 1);
      assert.match(wrong.stderr, /^error: .*Incorrect username or password/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
