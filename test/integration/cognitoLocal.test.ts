/**
 * The product against cognito-local as a new user would try it: the CLI (in-process) signs in with and without a
 * client secret, refreshes, reads the user, verifies the tokens and revokes; the core verifies its issuer forms.
 * Where cognito-local lacks a feature (USER_SRP_AUTH, GlobalSignOut) the test expects the emulator's own error.
 */
import assert from 'node:assert/strict';
import type { Connection } from '../../src/core/connection';
import { decodeToken } from '../../src/core/tokens/decode';
import { clearJwksCache, verifyForConnection } from '../../src/core/tokens/verify';
import { oneErrorLine, runInProcess } from '../support/cliRun';
import { LOCAL_ACCESS_MINUTES, seedCognitoLocal, startCognitoLocal, useCognitoLocal, type CognitoLocal, type SeededLocal } from '../support/cognitoLocal';
import type { SeededClient } from '../support/seed';

interface SignInJson {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
  ExpiresIn: number;
}

const cli = (argv: string[], opts: { input?: string; env?: Record<string, string> } = {}) => runInProcess(argv, { stdin: opts.input ?? '', env: opts.env });

function target(endpoint: string, poolId: string, client: SeededClient): string[] {
  return ['--user-pool-id', poolId, '--client-id', client.id, '--endpoint-url', endpoint];
}

async function signIn(local: Pick<CognitoLocal, 'endpoint'>, s: SeededLocal, opts: { client?: SeededClient; flow?: string; env?: Record<string, string> } = {}) {
  const client = opts.client ?? s.pool.publicClient;
  const env = { ...(client.secret ? { COGNITO_CLIENT_SECRET: client.secret } : {}), ...opts.env };
  const args = ['sign-in', ...target(local.endpoint, s.pool.id, client), '--username', s.pool.alice.username, '--auth-flow', opts.flow ?? 'password', '--password-stdin'];
  return cli(args, { input: `${s.pool.alice.password}\n`, env });
}

async function signedIn(local: Pick<CognitoLocal, 'endpoint'>, s: SeededLocal, opts: Parameters<typeof signIn>[2] = {}): Promise<SignInJson> {
  const r = await signIn(local, s, opts);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as SignInJson;
}

describe('cognito-local through the CLI and the core', function () {
  this.timeout(60_000);
  const local = useCognitoLocal();
  let s: SeededLocal;
  const conn = (): Connection => ({ id: 'l', name: 'local', region: 'us-east-1', userPoolId: s.pool.id, clientId: s.pool.publicClient.id, endpointUrl: local().endpoint });

  before(async () => {
    s = await seedCognitoLocal(local());
  });
  beforeEach(() => clearJwksCache());

  it('password sign-in without a client secret keeps the tokens; ExpiresIn is the access token\'s exp - iat', async () => {
    const out = await signedIn(local(), s);
    assert.equal(decodeToken(out.IdToken).payload.iss, s.pool.issuer);
    assert.equal(decodeToken(out.IdToken).payload.email, s.pool.alice.email);
    assert.equal(out.ExpiresIn, LOCAL_ACCESS_MINUTES * 60);
  });

  it('password sign-in with a client secret (cognito-local never checks SECRET_HASH, so a wrong one passes too)', async () => {
    const out = await signedIn(local(), s, { client: s.pool.secretClient });
    assert.equal(decodeToken(out.AccessToken).payload.client_id, s.pool.secretClient.id);
    const wrong = await signIn(local(), s, { client: s.pool.secretClient, env: { COGNITO_CLIENT_SECRET: 'not-the-secret' } });
    assert.equal(wrong.code, 0, wrong.stderr);
  });

  it('admin sign-in (ADMIN_USER_PASSWORD_AUTH) with and without a client secret', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    try {
      for (const client of [s.pool.publicClient, s.pool.secretClient]) {
        const out = await signedIn(local(), s, { client, flow: 'admin' });
        assert.equal(decodeToken(out.IdToken).payload.aud, client.id);
      }
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.key]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('SRP: cognito-local does not support USER_SRP_AUTH, and the sign-in says so in one line', async () => {
    const r = await signIn(local(), s, { flow: 'srp' });
    assert.equal(r.code, 1);
    oneErrorLine(r, /cognito-local does not support SRP sign-in \(USER_SRP_AUTH\); use the password flow/);
  });

  it('refresh (REFRESH_TOKEN_AUTH) with and without a client secret keeps the refresh token', async () => {
    for (const client of [s.pool.publicClient, s.pool.secretClient]) {
      const tokens = await signedIn(local(), s, { client });
      const r = await cli(['refresh', ...target(local().endpoint, s.pool.id, client)], { input: JSON.stringify(tokens), env: client.secret ? { COGNITO_CLIENT_SECRET: client.secret } : {} });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as SignInJson;
      assert.equal(out.RefreshToken, tokens.RefreshToken);
      assert.equal(decodeToken(out.AccessToken).payload.sub, s.pool.alice.sub);
      const life = (jwt: string) => Number(decodeToken(jwt).payload.exp) - Number(decodeToken(jwt).payload.iat);
      assert.equal(out.ExpiresIn, Math.min(life(out.AccessToken), life(out.IdToken)));
      assert.equal(out.ExpiresIn, client.secret ? 86_400 : LOCAL_ACCESS_MINUTES * 60, 'cognito-local gives 24 h unless the client says otherwise');
    }
  });

  it('get-user finds the pool from the token\'s cognito-local issuer (local_ pool id, endpoint given)', async () => {
    const tokens = await signedIn(local(), s);
    const r = await cli(['get-user', '--endpoint-url', local().endpoint], { input: JSON.stringify(tokens) });
    assert.equal(r.code, 0, r.stderr);
    const user = JSON.parse(r.stdout);
    assert.equal(user.Username, s.pool.alice.sub);
  });

  it('decode --verify passes for the ID and access tokens with the endpoint, and names the issuer form', async () => {
    const tokens = JSON.stringify(await signedIn(local(), s));
    for (const which of ['id', 'access']) {
      const r = await cli(['decode', '--verify', '--token', which, '--endpoint-url', local().endpoint], { input: tokens });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.verified, true);
      assert.equal(out.payload.token_use, which);
      assert.match(out.checks.find((c: { name: string }) => c.name === 'issuer').detail, /\(the endpoint's own form\)/);
    }
    const refresh = await cli(['decode', '--token', 'refresh'], { input: tokens });
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.equal(JSON.parse(refresh.stdout).payload['cognito:username'], s.pool.alice.sub);
  });

  it('decode --verify without the endpoint cannot name the pool, and says to pass --endpoint-url', async () => {
    const tokens = JSON.stringify(await signedIn(local(), s));
    const r = await cli(['decode', '--verify'], { input: tokens });
    assert.equal(r.code, 1);
    oneErrorLine(r, /is not a Cognito user pool issuer; pass --user-pool-id, or --endpoint-url for a token from an emulator\.$/);
  });

  it('the core verifies both tokens on a connection with the endpoint, also when it is named localhost', async () => {
    const tokens = await signedIn(local(), s);
    for (const endpointUrl of [local().endpoint, local().endpoint.replace('127.0.0.1', 'localhost')]) {
      const id = await verifyForConnection(tokens.IdToken, { ...conn(), endpointUrl }, 'id');
      assert.equal(id.verified, true, id.reason);
      const access = await verifyForConnection(tokens.AccessToken, { ...conn(), endpointUrl }, 'access');
      assert.equal(access.verified, true, access.reason);
    }
  });

  it('revoke, after which the refresh token no longer works', async () => {
    const tokens = await signedIn(local(), s);
    const revoke = await cli(['revoke', ...target(local().endpoint, s.pool.id, s.pool.publicClient)], { input: JSON.stringify(tokens) });
    assert.equal(revoke.code, 0, revoke.stderr);
    const r = await cli(['refresh', ...target(local().endpoint, s.pool.id, s.pool.publicClient)], { input: JSON.stringify(tokens) });
    assert.equal(r.code, 1);
    oneErrorLine(r, /sign in again/i);
  });

  it('GlobalSignOut: cognito-local does not implement it, and the command says so in one line', async () => {
    const tokens = await signedIn(local(), s);
    const r = await cli(['global-sign-out', '--endpoint-url', local().endpoint], { input: JSON.stringify(tokens) });
    assert.equal(r.code, 1);
    oneErrorLine(r, /GlobalSignOut/);
  });
});

describe('cognito-local issuer forms (IssuerDomain set as teams do)', function () {
  this.timeout(60_000);

  async function withIssuer<T>(issuerDomain: string, fn: (local: CognitoLocal, s: SeededLocal, conn: Connection) => Promise<T>): Promise<T> {
    const local = await startCognitoLocal({ issuerDomain });
    try {
      const s = await seedCognitoLocal(local);
      clearJwksCache();
      return await fn(local, s, { id: 'l', name: 'local', region: 'us-east-1', userPoolId: s.pool.id, clientId: s.pool.publicClient.id, endpointUrl: local.endpoint });
    } finally {
      await local.stop();
    }
  }

  it('LocalStack\'s form is accepted with any endpoint', () =>
    withIssuer('http://localhost.localstack.cloud:4566', async (local, s, conn) => {
      const tokens = await signedIn(local, s);
      const r = await verifyForConnection(tokens.IdToken, conn, 'id');
      assert.equal(r.verified, true, r.reason);
      assert.match(r.checks.find((c) => c.name === 'issuer')!.detail, /LocalStack's form/);
    }));

  it('the issuer its openid-configuration names (cognito-local says localhost:9229) is accepted on another port', () =>
    withIssuer('http://localhost:9229', async (local, s, conn) => {
      assert.notEqual(local.port, 9229);
      const tokens = await signedIn(local, s);
      const r = await verifyForConnection(tokens.AccessToken, conn, 'access');
      assert.equal(r.verified, true, r.reason);
      assert.match(r.checks.find((c) => c.name === 'issuer')!.detail, /named by .*\/\.well-known\/openid-configuration/);
    }));

  it('any other issuer: sign-in keeps the tokens, verification fails saying what was expected and why, --issuer pins it', () =>
    withIssuer('https://auth.example.test', async (local, s, conn) => {
      const tokens = await signedIn(local, s);
      const r = await verifyForConnection(tokens.IdToken, conn, 'id');
      assert.equal(r.verified, false);
      assert.equal(r.checks.find((c) => c.name === 'signature')!.ok, true);
      assert.match(r.reason!, new RegExp(`^Issued by https://auth\\.example\\.test/${s.pool.id}, not .*\\(AWS's ORIGINAL issuer form\\).*\\(the endpoint's own form\\).*another pool, emulator or host`));
      const args = ['decode', '--verify', '--endpoint-url', local.endpoint, '--user-pool-id', s.pool.id];
      const refused = await cli(args, { input: JSON.stringify(tokens) });
      assert.equal(refused.code, 1);
      oneErrorLine(refused, /^error: Verification failed: Issued by https:\/\/auth\.example\.test\//);
      const pinned = await cli([...args, '--issuer', `https://auth.example.test/${s.pool.id}`], { input: JSON.stringify(tokens) });
      assert.equal(pinned.code, 0, pinned.stderr);
      assert.match(JSON.parse(pinned.stdout).checks.find((c: { name: string }) => c.name === 'issuer').detail, /pinned with --issuer/);
    }));
});
