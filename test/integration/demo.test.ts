import assert from 'node:assert/strict';
import { startSignIn } from '../../src/core/auth/flow';
import { signIn } from '../../src/core/auth/signIn';
import type { Connection } from '../../src/core/connection';
import { getCredentialsForUser, toAwsCredentials } from '../../src/core/identity/credentials';
import { listBuckets } from '../../src/core/resources/s3';
import { targetOf } from '../../src/core/aws';
import { DEMO_PASSWORD, DEMO_TEMPORARY_PASSWORD, seedDemo } from '../support/demo';
import { useMoto } from '../support/moto';

describe('npm run demo: the seeded demo works as its banner promises', function () {
  this.timeout(30_000);
  const moto = useMoto({ env: { MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' } });

  it('signs alice in, gets credentials and lists the demo buckets; dave and mallory meet their challenges', async () => {
    const ids = await seedDemo(moto().endpoint);
    const conn: Connection = { id: 'demo', name: 'Demo', region: 'us-east-1', userPoolId: ids.poolId, clientId: ids.clientId, identityPoolId: ids.identityPoolId, endpointUrl: moto().endpoint };
    const tokens = await signIn({ connection: conn, username: 'alice', password: DEMO_PASSWORD });
    const creds = await getCredentialsForUser(conn, tokens.idToken);
    const buckets = (await listBuckets(targetOf(conn, toAwsCredentials(creds)))).map((b) => b.name);
    assert.deepEqual(buckets.filter((b) => b.startsWith('demo-')).sort(), ['demo-bucket', 'demo-logs']);

    const dave = await startSignIn({ connection: conn, username: 'dave', password: DEMO_TEMPORARY_PASSWORD });
    assert.equal(dave.kind === 'challenge' && dave.challenge.name, 'NEW_PASSWORD_REQUIRED');

    const mfaConn: Connection = { id: 'demo-mfa', name: 'Demo MFA', region: 'us-east-1', userPoolId: ids.mfaPoolId, clientId: ids.mfaClientId, endpointUrl: moto().endpoint };
    const mallory = await startSignIn({ connection: mfaConn, username: 'mallory', password: DEMO_TEMPORARY_PASSWORD });
    assert.equal(mallory.kind === 'challenge' && mallory.challenge.name, 'NEW_PASSWORD_REQUIRED');
  });
});
