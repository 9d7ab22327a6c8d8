import assert from 'node:assert/strict';
import { AdminInitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Connection } from '../../src/core/connection';
import { decodeToken } from '../../src/core/tokens/decode';
import { explainClaims } from '../../src/core/tokens/explain';
import { clearJwksCache, verifyForConnection } from '../../src/core/tokens/verify';
import { useMoto } from '../support/moto';
import { idpClient, seedStandard, type Seeded } from '../support/seed';

describe('tokens against moto-issued JWTs', function () {
  this.timeout(30_000);
  const moto = useMoto();
  let seeded: Seeded;
  let conn: Connection;
  let idToken: string;
  let accessToken: string;

  before(async () => {
    seeded = await seedStandard(moto().endpoint);
    conn = { id: 't', name: 't', region: 'us-east-1', userPoolId: seeded.pool.id, clientId: seeded.pool.publicClient.id, endpointUrl: moto().endpoint };
    const out = await idpClient(moto().endpoint).send(
      new AdminInitiateAuthCommand({
        UserPoolId: seeded.pool.id,
        ClientId: seeded.pool.publicClient.id,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'alice', PASSWORD: seeded.pool.alice.password },
      }),
    );
    idToken = out.AuthenticationResult!.IdToken!;
    accessToken = out.AuthenticationResult!.AccessToken!;
  });
  beforeEach(() => clearJwksCache());

  it('decodes the ID token: Cognito claims, kind and times', () => {
    const d = decodeToken(idToken);
    assert.equal(d.kind, 'id');
    assert.equal(d.header.alg, 'RS256');
    assert.equal(d.payload.iss, `https://cognito-idp.us-east-1.amazonaws.com/${seeded.pool.id}`);
    assert.equal(d.payload['cognito:username'], 'alice');
    assert.equal(d.payload.email, 'alice@example.com');
    assert.equal(d.times.expiresAt!.epoch - d.times.issuedAt!.epoch, 3600);
    const rows = explainClaims(d.payload);
    assert.match(rows.find((r) => r.claim === 'cognito:username')!.meaning, /username/);
  });

  it('verifies the ID token with the JWKS served at the emulator endpoint', async () => {
    const r = await verifyForConnection(idToken, conn, 'id');
    assert.equal(r.verified, true, r.reason);
    assert.ok(r.checks.find((c) => c.name === 'signature')!.detail.includes(`${moto().endpoint}/${seeded.pool.id}/.well-known/jwks.json`));
    // moto issues the AWS ORIGINAL form while serving the keys itself: the emulator form moto uses.
    assert.equal(r.checks.find((c) => c.name === 'issuer')!.detail, `Issued by https://cognito-idp.us-east-1.amazonaws.com/${seeded.pool.id} (AWS's ORIGINAL issuer form).`);
  });

  it('verifies the access token by its client_id', async () => {
    const r = await verifyForConnection(accessToken, conn, 'access');
    assert.equal(r.verified, true, r.reason);
    assert.equal(decodeToken(accessToken).kind, 'access');
  });

  it('fails a moto token checked against another pool or client', async () => {
    const otherPool = await verifyForConnection(idToken, { ...conn, userPoolId: seeded.emailPool.id });
    assert.equal(otherPool.verified, false);
    assert.equal(otherPool.checks.find((c) => c.name === 'issuer')!.ok, false);
    const otherClient = await verifyForConnection(idToken, { ...conn, clientId: seeded.pool.secretClient.id });
    assert.equal(otherClient.verified, false);
    assert.match(otherClient.reason!, /not the app client/);
    const wrongUse = await verifyForConnection(accessToken, conn, 'id');
    assert.match(wrongUse.reason!, /access token but an id token was expected/);
  });

  it('fails the signature when the JWKS endpoint is not the one that issued it', async () => {
    const r = await verifyForConnection(idToken, { ...conn, endpointUrl: 'http://127.0.0.1:9' });
    assert.equal(r.verified, false);
    assert.match(r.reason!, /Could not fetch the signing keys from http:\/\/127\.0\.0\.1:9\//);
  });
});
