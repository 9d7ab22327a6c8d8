import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { issuerOf, type Connection } from '../../src/core/connection';
import type { StoredSession } from '../../src/core/session';
import { clearJwksCache } from '../../src/core/tokens/verify';
import { PENDING, buildPanelState, rawToken, verificationSummary, verifyBoth } from '../../src/extension/panels/tokenPanelState';
import { parseHostMessage } from '../../src/shared/validate';

// A JWKS served from 127.0.0.1, as the emulator would: the real decode, explain and verify paths run end to end.
describe('token panel state', () => {
  let server: Server;
  let privateKey: CryptoKey;
  let conn: Connection;
  const now = Math.floor(Date.now() / 1000);

  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      if (req.url === '/us-east-1_Panel1/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    conn = { id: 'c1', name: 'dev', region: 'us-east-1', userPoolId: 'us-east-1_Panel1', clientId: 'client123', endpointUrl: `http://127.0.0.1:${port}` };
    clearJwksCache();
  });

  after(() => new Promise<void>((r) => server.close(() => r())));

  async function sign(claims: Record<string, unknown>, exp = now + 3600): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuerOf(conn)).setIssuedAt(now - 60).setExpirationTime(exp).sign(privateKey);
  }

  async function session(over: { idExp?: number; accessClient?: string } = {}): Promise<StoredSession> {
    const idToken = await sign({ sub: 's-1', aud: conn.clientId, token_use: 'id', auth_time: now - 60, 'cognito:username': 'alice' }, over.idExp);
    const accessToken = await sign({ sub: 's-1', client_id: over.accessClient ?? conn.clientId, token_use: 'access', username: 'alice', scope: 'aws.cognito.signin.user.admin' });
    return { username: 'alice', tokens: { idToken, accessToken, expiresIn: 3600, tokenType: 'Bearer', obtainedAt: Date.now() } };
  }

  it('decodes and explains both tokens, with pending verification, and passes the webview guard', async () => {
    const s = await session();
    const state = buildPanelState(conn, s, 'access', 3, PENDING);
    assert.equal(state.selected, 'access');
    assert.equal(state.selectSeq, 3);
    assert.equal(state.username, 'alice');
    assert.equal(state.connection.endpointUrl, conn.endpointUrl);
    assert.equal(state.tokens.id.kind, 'id');
    assert.equal(state.tokens.id.payload['cognito:username'], 'alice');
    assert.equal(state.tokens.access.header.kid, 'k1');
    assert.equal(state.tokens.id.times.expiresAt?.epoch, now + 3600);
    assert.equal(state.tokens.id.times.authTime?.epoch, now - 60);
    assert.ok(state.tokens.access.claims.some((c) => c.claim === 'client_id' && c.value === conn.clientId && /app client/.test(c.meaning)));
    const parsed = parseHostMessage(structuredClone({ kind: 'push', event: 'state', data: state }));
    assert.equal(parsed.ok, true);
  });

  it('never puts a raw token in the state sent to the webview', async () => {
    const s = await session();
    const text = JSON.stringify(buildPanelState(conn, s, 'id', 1, await verifyBoth(conn, s)));
    assert.ok(!text.includes(s.tokens.idToken) && !text.includes(s.tokens.accessToken));
    assert.ok(!text.includes(s.tokens.idToken.split('.')[2]), 'not even the signature part');
  });

  it('verifies both tokens against the JWKS: signature valid, all checks pass', async () => {
    const s = await session();
    const v = await verifyBoth(conn, s);
    for (const which of ['id', 'access'] as const) {
      const state = v[which];
      assert.equal(state.status, 'done');
      if (state.status !== 'done') continue;
      assert.equal(state.result.verified, true, JSON.stringify(state.result));
      assert.deepEqual(state.result.checks.map((c) => c.name), ['format', 'algorithm', 'signature', 'issuer', 'token_use', 'audience', 'expiry']);
    }
    assert.equal(verificationSummary(conn, v), 'Token panel for "dev": id verified, access verified.');
  });

  it('reports which check failed for each token', async () => {
    const s = await session({ idExp: now - 3600, accessClient: 'someoneElse' });
    const v = await verifyBoth(conn, s);
    assert.ok(v.id.status === 'done' && !v.id.result.verified);
    assert.ok(v.id.status === 'done' && v.id.result.checks.find((c) => c.name === 'expiry')?.ok === false);
    assert.ok(v.id.status === 'done' && v.id.result.checks.find((c) => c.name === 'signature')?.ok === true);
    assert.ok(v.access.status === 'done' && /client_id is someoneElse/.test(v.access.result.reason ?? ''));
    assert.match(verificationSummary(conn, v), /id rejected \(The token expired at .*\), access rejected \(client_id is someoneElse/);
  });

  it('turns a failing verifier into an error state with a sentence', async () => {
    const s = await session();
    const v = await verifyBoth(conn, s, async (_t, _c, which) => {
      if (which === 'access') throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return { verified: true, checks: [] };
    });
    assert.deepEqual(v.id, { status: 'done', result: { verified: true, checks: [] } });
    assert.equal(v.access.status, 'error');
    assert.match(v.access.status === 'error' ? v.access.error : '', /Could not reach the endpoint http:\/\/127\.0\.0\.1:\d+ to verify the access token/);
  });

  it('shows a malformed token as a decode error instead of throwing', async () => {
    const s = await session();
    s.tokens.accessToken = 'not-a-jwt';
    const state = buildPanelState(conn, s, 'id', 1, PENDING);
    assert.match(state.tokens.access.decodeError ?? '', /This is not a JWT: expected three parts/);
    assert.deepEqual(state.tokens.access.claims, []);
    assert.equal(state.tokens.id.decodeError, undefined);
    assert.equal(rawToken(s, 'access'), 'not-a-jwt');
  });
});
