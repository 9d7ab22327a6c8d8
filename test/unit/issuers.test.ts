/**
 * Issuer forms: AWS's ORIGINAL and UPDATED everywhere a pool is read from `iss`, the emulator forms with an endpoint,
 * emulator pool ids, and the token lifetime taken from the tokens when Cognito sends no ExpiresIn.
 */
import assert from 'node:assert/strict';
import { lifetimeOf, tokensFrom } from '../../src/core/auth/result';
import { awsIssuer, parseCognitoIssuer, poolOfIssuer, regionOfPool, validateUserPoolId, type Connection } from '../../src/core/connection';
import { msUntilExpiry, refreshDueAt } from '../../src/core/session';
import { issuerForms } from '../../src/core/tokens/issuers';
import { clearJwksCache, verifyForPool } from '../../src/core/tokens/verify';
import { b64url, rsaKey, signRaw, startKeyServer, type KeyServer } from '../support/jwksServer';

const POOL = 'us-east-1_Forms1';
const ORIGINAL = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const UPDATED = `https://issuer-cognito-idp.us-east-1.amazonaws.com/${POOL}`;

describe('issuer forms and pool ids', () => {
  it('parses both AWS issuer forms, and nothing else without an endpoint', () => {
    assert.deepEqual(parseCognitoIssuer(ORIGINAL), { region: 'us-east-1', userPoolId: POOL, form: 'ORIGINAL' });
    assert.deepEqual(parseCognitoIssuer(UPDATED), { region: 'us-east-1', userPoolId: POOL, form: 'UPDATED' });
    assert.equal(awsIssuer('eu-west-2', 'eu-west-2_x', 'UPDATED'), 'https://issuer-cognito-idp.eu-west-2.amazonaws.com/eu-west-2_x');
    for (const iss of [`${ORIGINAL}/`, `http://cognito-idp.us-east-1.amazonaws.com/${POOL}`, `https://cognito-idp.us-east-1.amazonaws.com.evil/${POOL}`, 42, undefined, { iss: ORIGINAL }]) {
      assert.equal(parseCognitoIssuer(iss), undefined, String(iss));
    }
    assert.equal(poolOfIssuer('http://127.0.0.1:9229/local_6mMsEx9W'), undefined, 'an emulator form needs an endpoint');
  });

  it('reads the pool from emulator issuers when an endpoint is set', () => {
    assert.deepEqual(poolOfIssuer('http://127.0.0.1:9229/local_6mMsEx9W', true), { userPoolId: 'local_6mMsEx9W' });
    assert.deepEqual(poolOfIssuer(`http://localhost.localstack.cloud:4566/${POOL}`, true), { userPoolId: POOL, region: 'us-east-1' });
    assert.deepEqual(poolOfIssuer(UPDATED, true), { userPoolId: POOL, region: 'us-east-1' });
    assert.equal(poolOfIssuer('http://127.0.0.1:9229/', true), undefined);
    assert.equal(poolOfIssuer('javascript:alert(1)/local_x', true), undefined);
  });

  it('accepts word_id pool ids only with an endpoint; a region prefix must still match', () => {
    assert.equal(validateUserPoolId('local_6mMsEx9W', 'us-east-1', 'http://127.0.0.1:9229'), undefined);
    assert.equal(validateUserPoolId('local_6mMsEx9W', 'us-east-1', true), undefined);
    assert.match(validateUserPoolId('local_6mMsEx9W', 'us-east-1')!, /is not a user pool id; .*for an emulator such as cognito-local, set the endpoint URL\.$/);
    assert.match(validateUserPoolId('local_6mMsEx9W', 'us-east-1', '  ')!, /set the endpoint URL/);
    assert.match(validateUserPoolId('us-east-1_abc', 'eu-west-1', 'http://127.0.0.1:9229')!, /starts with us-east-1 but the region is eu-west-1/);
    for (const bad of ['local_a/../b', 'local_', '_abc', 'local_a?x=1']) assert.ok(validateUserPoolId(bad, 'us-east-1', 'http://x'), bad);
    assert.equal(regionOfPool('local_abc'), undefined);
    assert.equal(regionOfPool(POOL), 'us-east-1');
  });

  it('lists AWS forms with keys from their own hosts, and with an endpoint the emulator forms with keys at the endpoint', () => {
    assert.deepEqual(issuerForms({ region: 'us-east-1', userPoolId: POOL }), [
      { issuer: ORIGINAL, why: "AWS's ORIGINAL issuer form", jwksUrl: `${ORIGINAL}/.well-known/jwks.json` },
      { issuer: UPDATED, why: "AWS's UPDATED issuer form", jwksUrl: `${UPDATED}/.well-known/jwks.json` },
    ]);
    const forms = issuerForms({ region: 'us-east-1', userPoolId: 'local_x', endpointUrl: 'http://127.0.0.1:9229/' }, 'http://localhost:9229/local_x');
    assert.ok(forms.every((f) => f.jwksUrl === 'http://127.0.0.1:9229/local_x/.well-known/jwks.json'));
    assert.deepEqual(forms.map((f) => f.issuer), [
      'https://cognito-idp.us-east-1.amazonaws.com/local_x',
      'https://issuer-cognito-idp.us-east-1.amazonaws.com/local_x',
      'http://127.0.0.1:9229/local_x',
      'http://localhost:9229/local_x',
      'http://[::1]:9229/local_x',
      'http://localhost.localstack.cloud:4566/local_x',
      'http://localhost:4566/local_x',
    ], 'the discovered issuer is already listed, so it is not repeated');
    assert.deepEqual(issuerForms({ region: 'us-east-1', userPoolId: 'p_1', endpointUrl: 'https://emu.test/base' }, 'https://other.test/p_1').map((f) => f.issuer).slice(2), [
      'https://emu.test/base/p_1',
      'http://localhost.localstack.cloud:4566/p_1',
      'http://localhost:4566/p_1',
      'https://other.test/p_1',
    ]);
  });
});

describe('verifying both AWS issuer forms', function () {
  this.timeout(20_000);
  let server: KeyServer;
  const key = rsaKey('k1');
  const sign = (iss: string) => {
    const iat = Math.floor(Date.now() / 1000);
    return signRaw(key.privateKey, { alg: 'RS256', kid: 'k1' }, { iss, token_use: 'id', aud: 'c1', sub: 's', iat, exp: iat + 3600 });
  };

  before(async () => {
    server = await startKeyServer();
    server.route(`/${POOL}/.well-known/jwks.json`, { keys: [key.jwk] });
  });
  after(() => server.close());
  beforeEach(() => clearJwksCache());

  it('accepts ORIGINAL and UPDATED tokens of the pool and names the form', async () => {
    for (const [iss, form] of [[ORIGINAL, 'ORIGINAL'], [UPDATED, 'UPDATED']]) {
      const r = await verifyForPool(sign(iss), { region: 'us-east-1', userPoolId: POOL, clientId: 'c1', endpointUrl: server.base }, 'id');
      assert.equal(r.verified, true, r.reason);
      assert.equal(r.checks.find((c) => c.name === 'issuer')!.detail, `Issued by ${iss} (AWS's ${form} issuer form).`);
    }
  });

  it('without an endpoint fetches the keys from the host the token names (UPDATED: issuer-cognito-idp)', async () => {
    for (const iss of [ORIGINAL, UPDATED]) {
      const r = await verifyForPool(sign(iss), { region: 'us-east-1', userPoolId: POOL, clientId: 'c1' }, 'id', { timeoutMs: 1_000 });
      const signature = r.checks.find((c) => c.name === 'signature')!;
      // No internet here: the fetch fails, and the sentence names where it went.
      assert.ok(signature.ok || signature.detail.includes(`${iss}/.well-known/jwks.json`), signature.detail);
      assert.equal(r.checks.find((c) => c.name === 'issuer')!.ok, true);
    }
  });

  it('a token naming another pool in the UPDATED form is a mismatch', async () => {
    const r = await verifyForPool(sign(UPDATED.replace(POOL, 'us-east-1_Other')), { region: 'us-east-1', userPoolId: POOL, clientId: 'c1', endpointUrl: server.base }, 'id');
    assert.equal(r.verified, false);
    assert.match(r.reason!, /^Issued by https:\/\/issuer-cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_Other, not /);
  });
});

describe('token lifetime when Cognito sends no ExpiresIn', () => {
  const jwt = (claims: object) => `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify(claims))}.c2ln`;
  const conn: Connection = { id: 'c', name: 'c', region: 'us-east-1', userPoolId: POOL, clientId: 'c1' };

  it('takes the shortest of ExpiresIn and each token\'s exp - iat, else 3600', () => {
    const access = jwt({ iss: ORIGINAL, iat: 1000, exp: 1300 });
    const id = jwt({ iss: ORIGINAL, iat: 1000, exp: 1000 + 86_400 });
    assert.equal(lifetimeOf({ AccessToken: access, IdToken: id }), 300);
    assert.equal(lifetimeOf({ AccessToken: access, IdToken: id, ExpiresIn: 3600 }), 300, 'never later than the real expiry');
    assert.equal(lifetimeOf({ AccessToken: jwt({ iat: 'x', exp: 5 }), IdToken: 'not a jwt', ExpiresIn: 900 }), 900);
    assert.equal(lifetimeOf({ AccessToken: jwt({ iat: 5, exp: 1 }), IdToken: jwt({}) }), 3600);
  });

  it('schedules the refresh before the real expiry of a 5-minute token', () => {
    const access = jwt({ iss: ORIGINAL, iat: 1000, exp: 1300 });
    const tokens = tokensFrom({ AccessToken: access, IdToken: jwt({ iss: ORIGINAL, iat: 1000, exp: 4600 }) }, { now: () => 50_000 }, conn);
    assert.equal(tokens.expiresIn, 300);
    assert.equal(msUntilExpiry(tokens, 50_000), 300_000);
    assert.ok(refreshDueAt(tokens, 5) < 50_000 + 300_000);
    assert.ok(refreshDueAt(tokens, 0) <= 50_000 + 300_000);
  });
});
