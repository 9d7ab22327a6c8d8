import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListIdentitiesCommand } from '@aws-sdk/client-cognito-identity';
import type { Connection } from '../../src/core/connection';
import { withCallScope } from '../../src/core/aws';
import { CancelledError, UserFacingError } from '../../src/core/errors';
import { DEVELOPER_LOGIN_PROVIDER, getCredentialsForUser, getDeveloperCredentials, getGuestCredentials, toAwsCredentials } from '../../src/core/identity/credentials';
import { developerTokenFromAws, developerTokenFromBackend } from '../../src/core/identity/developer';
import { listBuckets } from '../../src/core/resources/s3';
import { startDeveloperBackend, type DeveloperBackendFixture } from '../support/developerBackend';
import { useMoto } from '../support/moto';
import { recordingProxy } from '../support/recordingProxy';
import { awsError, startRecordingCognito } from '../support/recordingCognito';
import { adminTokens, createIdentityPool, identityClient, seedStandard, TEST_CREDENTIALS, type Seeded } from '../support/seed';

const ROLE = 'arn:aws:iam::123456789012:role/Readers';
const PROVIDER = 'login.explorer.tests';

describe('identity pool flows through moto', function () {
  this.timeout(30_000);
  const moto = useMoto();
  let seeded: Seeded;
  let idToken: string;
  let conn: Connection;
  let guestPool: string;
  let backend: DeveloperBackendFixture;

  const identitiesIn = async (poolId: string) =>
    (await identityClient(moto().endpoint).send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60 }))).Identities?.length ?? 0;
  const reachesBucket = async (creds: Parameters<typeof toAwsCredentials>[0]) => {
    const buckets = await listBuckets({ region: 'us-east-1', endpointUrl: moto().endpoint, credentials: toAwsCredentials(creds) });
    assert.ok(buckets.some((b) => b.name === seeded.bucket.name), 'the credentials list the seeded bucket');
  };

  before(async () => {
    seeded = await seedStandard(moto().endpoint, { bucketPrefix: 'flows' });
    idToken = (await adminTokens(moto().endpoint, seeded.pool.id, seeded.pool.publicClient.id, seeded.pool.bob)).IdToken!;
    guestPool = await createIdentityPool(moto().endpoint, { name: 'guests_and_devs', providers: [], allowUnauthenticated: true, developerProviderName: PROVIDER });
    conn = {
      id: 'f',
      name: 'flows',
      region: 'us-east-1',
      userPoolId: seeded.pool.id,
      clientId: seeded.pool.publicClient.id,
      identityPoolId: seeded.identityPool.id,
      endpointUrl: moto().endpoint,
    };
    backend = await startDeveloperBackend({ motoEndpoint: moto().endpoint, identityPoolId: guestPool, providerName: PROVIDER, users: { dana: 'Dana-Backend-1!' } });
  });

  after(() => backend?.stop());

  it('enhanced: a remembered identity id skips GetId, so renewals keep one identity', async () => {
    const before = await identitiesIn(seeded.identityPool.id);
    const proxy = await recordingProxy(moto().endpoint);
    try {
      const first = await getCredentialsForUser({ ...conn, endpointUrl: proxy.url }, idToken);
      const second = await getCredentialsForUser({ ...conn, endpointUrl: proxy.url }, idToken, { identityId: first.identityId });
      assert.equal(second.identityId, first.identityId);
      assert.equal(second.flow, 'enhanced');
      assert.deepEqual(proxy.calls.map((c) => c.target.split('.').pop()), ['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
      assert.equal(proxy.calls[2].body.IdentityId, first.identityId);
      assert.equal(await identitiesIn(seeded.identityPool.id), before + 1, 'moto minted exactly one identity');
      await reachesBucket(second);
    } finally {
      await proxy.close();
    }
  });

  it('enhanced: an identity id the pool no longer knows is replaced by a fresh GetId', async () => {
    const fake = await startRecordingCognito({
      GetCredentialsForIdentity: (body) => {
        if (body.IdentityId === 'us-east-1:00000000-0000-0000-0000-0000000000aa') throw awsError('ResourceNotFoundException', 'Identity not found.');
        return { IdentityId: body.IdentityId, Credentials: { AccessKeyId: 'AKIAFRESH', SecretKey: 'fresh-secret', SessionToken: 'fresh-token', Expiration: Date.now() / 1000 + 3600 } };
      },
      GetId: () => ({ IdentityId: 'us-east-1:00000000-0000-0000-0000-0000000000bb' }),
    });
    try {
      const creds = await getCredentialsForUser({ ...conn, endpointUrl: fake.endpoint }, idToken, { identityId: 'us-east-1:00000000-0000-0000-0000-0000000000aa' });
      assert.equal(creds.identityId, 'us-east-1:00000000-0000-0000-0000-0000000000bb');
      assert.deepEqual(fake.calls.map((c) => c.operation), ['GetCredentialsForIdentity', 'GetId', 'GetCredentialsForIdentity']);
    } finally {
      await fake.stop();
    }
  });

  it('basic: GetId, GetOpenIdToken, then STS AssumeRoleWithWebIdentity with the chosen role', async () => {
    const proxy = await recordingProxy(moto().endpoint);
    try {
      const creds = await getCredentialsForUser({ ...conn, endpointUrl: proxy.url }, idToken, { flow: 'basic', customRoleArn: ROLE });
      const logins = { [`cognito-idp.us-east-1.amazonaws.com/${seeded.pool.id}`]: idToken };
      assert.deepEqual(proxy.calls.map((c) => c.target.split('.').pop()), ['GetId', 'GetOpenIdToken', 'AssumeRoleWithWebIdentity']);
      assert.deepEqual(proxy.calls[1].body, { IdentityId: creds.identityId, Logins: logins });
      const sts = proxy.calls[2].body;
      assert.equal(sts.RoleArn, ROLE);
      assert.equal(sts.RoleSessionName, 'cognito-explorer');
      assert.ok(typeof sts.WebIdentityToken === 'string' && sts.WebIdentityToken.length > 0, 'the OpenID token from GetOpenIdToken');
      assert.equal(creds.flow, 'basic');
      assert.equal(creds.roleArn, ROLE);
      assert.ok(Date.parse(creds.expiration) > Date.now() + 30 * 60_000, 'STS credentials last the hour');
      await reachesBucket(creds);
    } finally {
      await proxy.close();
    }
  });

  it('basic: without a role (and none preferred in the token) it says what to do, before any call', async () => {
    await assert.rejects(getCredentialsForUser(conn, idToken, { flow: 'basic' }), (err: unknown) => {
      assert.ok(err instanceof UserFacingError);
      assert.match(err.message, /^The basic flow needs a role to assume .*choose a role ARN, or use the enhanced flow\.$/);
      return true;
    });
  });

  it('guest: GetId and GetCredentialsForIdentity without any login; the identity id is reused', async () => {
    const proxy = await recordingProxy(moto().endpoint);
    try {
      const pool = { identityPoolId: guestPool, endpointUrl: proxy.url };
      const first = await getGuestCredentials(pool);
      const again = await getGuestCredentials(pool, { identityId: first.identityId });
      assert.equal(again.identityId, first.identityId);
      assert.deepEqual(proxy.calls.map((c) => c.target.split('.').pop()), ['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
      assert.deepEqual(proxy.calls[0].body, { IdentityPoolId: guestPool });
      assert.deepEqual(proxy.calls[1].body, { IdentityId: first.identityId });
      assert.equal(first.flow, 'guest');
      await reachesBucket(again);
    } finally {
      await proxy.close();
    }
  });

  it('developer (AWS): GetOpenIdTokenForDeveloperIdentity is signed and names the provider and user, then the token gets credentials', async () => {
    const proxy = await recordingProxy(moto().endpoint);
    try {
      const token = await developerTokenFromAws({ identityPoolId: guestPool, providerName: PROVIDER, userIdentifier: 'user-42', endpointUrl: proxy.url, credentials: TEST_CREDENTIALS });
      const creds = await getDeveloperCredentials({ identityPoolId: guestPool, endpointUrl: proxy.url }, token);
      assert.deepEqual(proxy.calls.map((c) => c.target.split('.').pop()), ['GetOpenIdTokenForDeveloperIdentity', 'GetCredentialsForIdentity']);
      assert.deepEqual(proxy.calls[0].body, { IdentityPoolId: guestPool, Logins: { [PROVIDER]: 'user-42' } });
      assert.match(proxy.calls[0].authorization ?? '', /^AWS4-HMAC-SHA256 Credential=test\//);
      assert.equal(proxy.calls[1].authorization, undefined, 'GetCredentialsForIdentity stays unsigned');
      assert.deepEqual(proxy.calls[1].body, { IdentityId: token.identityId, Logins: { [DEVELOPER_LOGIN_PROVIDER]: token.token } });
      assert.equal(creds.identityId, token.identityId);
      assert.equal(creds.flow, 'developer');
      await reachesBucket(creds);
    } finally {
      await proxy.close();
    }
  });

  it('developer (backend): logs in with JSON or a form, asks the identity URL with the token, and keeps the identity', async () => {
    const first = await developerTokenFromBackend({ loginUrl: backend.loginUrl, identityUrl: backend.identityUrl }, 'dana', 'Dana-Backend-1!');
    const second = await developerTokenFromBackend({ loginUrl: backend.loginUrl, identityUrl: backend.identityUrl, loginFormat: 'form' }, 'dana', 'Dana-Backend-1!');
    assert.equal(second.identityId, first.identityId, 'the backend links the second login to the same identity');
    const [jsonLogin, identity, formLogin] = backend.requests.slice(-4);
    assert.equal(jsonLogin.contentType, 'application/json');
    assert.deepEqual(jsonLogin.body, { username: 'dana', password: 'Dana-Backend-1!' });
    assert.match(identity.authorization ?? '', /^Token \w+$/);
    assert.match(identity.cookie ?? '', /^sessionid=\w+$/);
    assert.equal('password' in identity.body, false, 'the password goes only to the login URL');
    assert.equal(formLogin.contentType, 'application/x-www-form-urlencoded');
    assert.deepEqual(formLogin.body, { username: 'dana', password: 'Dana-Backend-1!' });
    const creds = await getDeveloperCredentials({ identityPoolId: guestPool, endpointUrl: moto().endpoint }, second);
    assert.equal(creds.identityId, first.identityId);
    await reachesBucket(creds);
  });

  it('developer (backend): a wrong password, a missing identity URL and a stalled backend each end in one sentence', async () => {
    await assert.rejects(developerTokenFromBackend({ loginUrl: backend.loginUrl, identityUrl: backend.identityUrl }, 'dana', 'wrong'), {
      message: `The backend at ${backend.loginUrl} refused the login (HTTP 400: ["Unable to log in with provided credentials."]); check the username and password.`,
    });
    await assert.rejects(developerTokenFromBackend({ loginUrl: backend.loginUrl }, 'dana', 'Dana-Backend-1!'), /answered without IdentityId and Token; set the backend's identity URL\.$/);
    const stalled = createServer(() => undefined);
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/login`;
    try {
      await assert.rejects(developerTokenFromBackend({ loginUrl: url }, 'dana', 'pw', { timeoutMs: 300 }), {
        message: `The backend at ${url} did not answer the login within 300 ms; check that it is running.`,
      });
      // A Cancel button (the ambient call scope) ends the wait at once, as for every AWS call.
      const cancel = new AbortController();
      const pending = withCallScope({ signal: cancel.signal }, () => developerTokenFromBackend({ loginUrl: url }, 'dana', 'pw'));
      setTimeout(() => cancel.abort(), 50);
      await assert.rejects(pending, (err: unknown) => err instanceof CancelledError);
    } finally {
      stalled.closeAllConnections();
      stalled.close();
    }
  });
});
