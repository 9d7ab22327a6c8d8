import assert from 'node:assert/strict';
import type { Connection } from '../../src/core/connection';
import { UserFacingError } from '../../src/core/errors';
import { getCredentialsForUser, toAwsCredentials } from '../../src/core/identity/credentials';
import { listBuckets } from '../../src/core/resources/s3';
import { useMoto } from '../support/moto';
import { recordingProxy } from '../support/recordingProxy';
import { adminTokens, seedStandard, type Seeded } from '../support/seed';

describe('identity pool credentials through moto', function () {
  this.timeout(30_000);
  const moto = useMoto();
  let seeded: Seeded;
  let idToken: string;
  let conn: Connection;

  before(async () => {
    seeded = await seedStandard(moto().endpoint);
    idToken = (await adminTokens(moto().endpoint, seeded.pool.id, seeded.pool.publicClient.id, seeded.pool.bob)).IdToken!;
    conn = {
      id: 'i',
      name: 'i',
      region: 'us-east-1',
      userPoolId: seeded.pool.id,
      clientId: seeded.pool.publicClient.id,
      identityPoolId: seeded.identityPool.id,
      endpointUrl: moto().endpoint,
    };
  });

  it('sends GetId then GetCredentialsForIdentity with the user pool login, and returns usable credentials', async () => {
    const proxy = await recordingProxy(moto().endpoint);
    try {
      const role = 'arn:aws:iam::123456789012:role/Readers';
      const creds = await getCredentialsForUser({ ...conn, endpointUrl: proxy.url }, idToken, { customRoleArn: role });
      const logins = { [`cognito-idp.us-east-1.amazonaws.com/${seeded.pool.id}`]: idToken };
      assert.deepEqual(proxy.calls.map((c) => c.target), ['AWSCognitoIdentityService.GetId', 'AWSCognitoIdentityService.GetCredentialsForIdentity']);
      assert.deepEqual(proxy.calls[0].body, { IdentityPoolId: seeded.identityPool.id, Logins: logins });
      assert.equal('AccountId' in proxy.calls[0].body, false);
      assert.deepEqual(proxy.calls[1].body, { IdentityId: creds.identityId, Logins: logins, CustomRoleArn: role });
      assert.match(creds.identityId, /^us-east-1:/);
      assert.ok(creds.accessKeyId && creds.secretAccessKey && creds.sessionToken);
      assert.ok(Date.parse(creds.expiration) > Date.now(), 'expires in the future');
      // The credentials work for the next step of the journey.
      const buckets = await listBuckets({ region: conn.region, endpointUrl: moto().endpoint, credentials: toAwsCredentials(creds) });
      assert.ok(buckets.some((b) => b.name === seeded.bucket.name));
    } finally {
      await proxy.close();
    }
  });

  it('reports an identity pool id that does not exist in one sentence', async () => {
    const missing = 'us-east-1:00000000-0000-0000-0000-00000000dead';
    await assert.rejects(getCredentialsForUser({ ...conn, identityPoolId: missing }, idToken), (err: unknown) => {
      assert.ok(err instanceof UserFacingError);
      // Real Cognito answers ResourceNotFoundException; moto 5.2 crashes with an HTML 500 page instead.
      assert.match(
        err.message,
        /^(Identity pool us-east-1:00000000-0000-0000-0000-00000000dead was not found|Could not get AWS credentials: the endpoint http:\/\/127\.0\.0\.1:\d+ sent an answer that is not a valid AWS response \(HTTP 500\))/,
      );
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    });
  });
});
