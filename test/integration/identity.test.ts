import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Connection } from '../../src/core/connection';
import { UserFacingError } from '../../src/core/errors';
import { getCredentialsForUser, toAwsCredentials } from '../../src/core/identity/credentials';
import { listBuckets } from '../../src/core/resources/s3';
import { useMoto } from '../support/moto';
import { idpClient, seedStandard, type Seeded } from '../support/seed';

interface Recorded {
  target: string;
  body: Record<string, unknown>;
}

/** Forwards to moto and records each JSON request, so the test sees exactly what was sent (moto ignores Logins). */
async function recordingProxy(upstream: string): Promise<{ url: string; calls: Recorded[]; close(): Promise<void> }> {
  const calls: Recorded[] = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      try {
        calls.push({ target: String(req.headers['x-amz-target'] ?? ''), body: JSON.parse(raw.toString('utf8') || '{}') });
      } catch {
        calls.push({ target: String(req.headers['x-amz-target'] ?? ''), body: {} });
      }
      const fwd = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      fwd.on('error', (err) => res.writeHead(502).end(String(err)));
      fwd.end(raw);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('identity pool credentials through moto', function () {
  this.timeout(30_000);
  const moto = useMoto();
  let seeded: Seeded;
  let idToken: string;
  let conn: Connection;

  before(async () => {
    seeded = await seedStandard(moto().endpoint);
    const out = await idpClient(moto().endpoint).send(
      new AdminInitiateAuthCommand({
        UserPoolId: seeded.pool.id,
        ClientId: seeded.pool.publicClient.id,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'bob', PASSWORD: seeded.pool.bob.password },
      }),
    );
    idToken = out.AuthenticationResult!.IdToken!;
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
