/**
 * The ID and access token checks run at the same time and share one key-set request, while each keeps its own
 * deadline and cancel: against a local key server that counts requests and answers late on purpose.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { keySetFor } from '../../src/core/tokens/jwks';
import { clearJwksCache, verifyForPool } from '../../src/core/tokens/verify';
import { rsaKey, signRaw, startKeyServer, type KeyServer } from '../support/jwksServer';

const POOL = 'local_6mMsEx9W';
const PATH = `/${POOL}/.well-known/jwks.json`;

describe('shared key-set requests', function () {
  this.timeout(20_000);
  const key = rsaKey('k1');
  let server: KeyServer;
  let url: string;
  // abandoned: requests whose connection closed before the answer was written (the client aborted them).
  let [abandoned, delayMs] = [0, 300];

  const slowKeys = (_req: IncomingMessage, res: ServerResponse) => {
    const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.jwk] })), delayMs);
    res.on('close', () => {
      if (!res.writableEnded) {
        abandoned += 1;
        clearTimeout(timer);
      }
    });
  };
  const jwksRequests = () => server.requests.filter((r) => r === PATH).length;
  const waitFor = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(cond(), 'condition not reached within 2 s');
  };

  before(async () => {
    server = await startKeyServer();
    server.route(PATH, slowKeys);
    url = `${server.base}${PATH}`;
  });
  after(() => server.close());
  beforeEach(() => {
    clearJwksCache();
    server.requests.length = 0;
    abandoned = 0;
    delayMs = 300;
  });

  it('verifies the ID and the access token at once with one JWKS request', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const iss = `${server.base}/${POOL}`;
    const id = signRaw(key.privateKey, { alg: 'RS256', kid: 'k1' }, { iss, token_use: 'id', aud: 'c1', sub: 's', iat, exp: iat + 300 });
    const access = signRaw(key.privateKey, { alg: 'RS256', kid: 'k1' }, { iss, token_use: 'access', client_id: 'c1', sub: 's', iat, exp: iat + 300 });
    const pool = { region: 'us-east-1', userPoolId: POOL, clientId: 'c1', endpointUrl: server.base };
    const [a, b] = await Promise.all([verifyForPool(id, pool, 'id'), verifyForPool(access, pool, 'access')]);
    assert.equal(a.verified, true, a.reason);
    assert.equal(b.verified, true, b.reason);
    assert.equal(jwksRequests(), 1);
    // Cached afterwards: a third check asks nothing.
    assert.equal((await verifyForPool(id, pool, 'id')).verified, true);
    assert.equal(jwksRequests(), 1);
  });

  it('a caller that cancels stops waiting alone; the other still gets the keys from the same request', async () => {
    const cancel = new AbortController();
    const first = keySetFor(url, { signal: cancel.signal });
    const second = keySetFor(url);
    await waitFor(() => jwksRequests() === 1);
    cancel.abort();
    await assert.rejects(first, { message: `Cancelled before the signing keys arrived from ${url}.` });
    const got = await second;
    assert.equal(got.fetched, true);
    assert.deepEqual(got.set.keys.map((k) => k.kid), ['k1']);
    assert.equal(jwksRequests(), 1);
    assert.equal(abandoned, 0);
  });

  it('each caller keeps its own deadline: the short one gives up, the long one gets the keys', async () => {
    delayMs = 600;
    const short = keySetFor(url, { timeoutMs: 200 });
    const long = keySetFor(url, { timeoutMs: 5_000 });
    await assert.rejects(short, { message: `Could not fetch the signing keys from ${url}: no answer within 0.2 s.` });
    assert.deepEqual((await long).set.keys.map((k) => k.kid), ['k1']);
    assert.equal(jwksRequests(), 1);
    assert.equal(abandoned, 0);
  });

  it('when every caller has given up the request is aborted, and the next call asks again', async () => {
    delayMs = 2_000;
    const one = new AbortController();
    const two = new AbortController();
    const a = keySetFor(url, { signal: one.signal });
    const b = keySetFor(url, { signal: two.signal });
    await waitFor(() => jwksRequests() === 1);
    one.abort();
    await assert.rejects(a, /Cancelled before/);
    assert.equal(abandoned, 0, 'the request must live while a caller still waits');
    two.abort();
    await assert.rejects(b, /Cancelled before/);
    await waitFor(() => abandoned === 1);
    delayMs = 10;
    assert.deepEqual((await keySetFor(url)).set.keys.map((k) => k.kid), ['k1']);
    assert.equal(jwksRequests(), 2);
  });

  it('an already cancelled caller sends nothing', async () => {
    await assert.rejects(keySetFor(url, { signal: AbortSignal.abort() }), /Cancelled before the signing keys arrived/);
    assert.equal(jwksRequests(), 0);
  });
});
