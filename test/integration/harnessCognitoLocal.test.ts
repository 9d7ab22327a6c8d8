import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InitiateAuthCommand, ListUserPoolClientsCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_ACCESS_MINUTES, seedCognitoLocal, startCognitoLocal, useCognitoLocal, type SeededLocal } from '../support/cognitoLocal';
import { adminTokens, idpClient } from '../support/seed';

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

describe('test harness: cognito-local fixture and seed', function () {
  this.timeout(30_000);
  const local = useCognitoLocal();
  let seeded: SeededLocal;

  before(async () => {
    seeded = await seedCognitoLocal(local());
  });

  it('serves on a free loopback port with its data in a temp folder', () => {
    assert.match(local().endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(existsSync(join(local().dataDir, '.cognito')));
    assert.match(seeded.pool.id, /^local_\w+$/);
  });

  it('seeds a public and a secret client and users with permanent passwords', async () => {
    const clients = await idpClient(local().endpoint).send(new ListUserPoolClientsCommand({ UserPoolId: seeded.pool.id }));
    assert.equal(clients.UserPoolClients!.length, 2);
    assert.ok(seeded.pool.secretClient.secret.length > 5);
    assert.equal(seeded.pool.publicClient.secret, undefined);
    const users = await idpClient(local().endpoint).send(new ListUsersCommand({ UserPoolId: seeded.pool.id }));
    assert.deepEqual(users.Users!.map((u) => u.UserStatus), ['CONFIRMED', 'CONFIRMED']);
  });

  it('issues tokens with its own issuer, no ExpiresIn, and the client validity in exp', async () => {
    const out = await idpClient(local().endpoint).send(
      new InitiateAuthCommand({
        ClientId: seeded.pool.publicClient.id,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: seeded.pool.alice.username, PASSWORD: seeded.pool.alice.password },
      }),
    );
    const result = out.AuthenticationResult!;
    assert.equal(result.ExpiresIn, undefined);
    const access = payloadOf(result.AccessToken!);
    assert.equal(access.iss, `${local().endpoint}/${seeded.pool.id}`);
    assert.equal(access.iss, seeded.pool.issuer);
    assert.equal(Number(access.exp) - Number(access.iat), LOCAL_ACCESS_MINUTES * 60);
    assert.deepEqual(payloadOf(result.IdToken!)['cognito:groups'], ['readers']);
  });

  it('serves the pool JWKS with kid CognitoLocal', async () => {
    const res = await fetch(`${local().endpoint}/${seeded.pool.id}/.well-known/jwks.json`);
    const jwks = (await res.json()) as { keys: { kid: string }[] };
    assert.deepEqual(jwks.keys.map((k) => k.kid), ['CognitoLocal']);
  });

  it('reset wipes every pool and keeps the port', async () => {
    const port = local().port;
    await local().reset();
    assert.equal(local().port, port);
    await assert.rejects(idpClient(local().endpoint).send(new ListUsersCommand({ UserPoolId: seeded.pool.id })), /ResourceNotFound|not found/i);
    seeded = await seedCognitoLocal(local());
    assert.ok((await adminTokens(local().endpoint, seeded.pool.id, seeded.pool.secretClient.id, seeded.pool.bob)).IdToken);
  });

  it('takes an IssuerDomain, as a team pointing tokens at a named host would', async () => {
    const other = await startCognitoLocal({ issuerDomain: 'http://localhost.localstack.cloud:4566' });
    try {
      const s = await seedCognitoLocal(other);
      const out = await idpClient(other.endpoint).send(
        new InitiateAuthCommand({ ClientId: s.pool.publicClient.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: s.pool.bob.username, PASSWORD: s.pool.bob.password } }),
      );
      assert.equal(payloadOf(out.AuthenticationResult!.IdToken!).iss, `http://localhost.localstack.cloud:4566/${s.pool.id}`);
      assert.equal(s.pool.issuer, `http://localhost.localstack.cloud:4566/${s.pool.id}`);
    } finally {
      await other.stop();
    }
    assert.equal(existsSync(other.dataDir), false);
  });
});
