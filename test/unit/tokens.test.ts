import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { UserFacingError } from '../../src/core/errors';
import { redact } from '../../src/core/redact';
import { decodeToken } from '../../src/core/tokens/decode';
import { explainClaims } from '../../src/core/tokens/explain';
import { clearJwksCache, verifyForConnection, verifyToken, type VerificationReport } from '../../src/core/tokens/verify';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function throwsSentence(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof UserFacingError, `expected UserFacingError, got ${String(err)}`);
    assert.match(err.message, pattern);
    assert.match(err.message, /\.$/, 'a sentence ends with a full stop');
    return true;
  });
}

describe('decodeToken', () => {
  const header = { alg: 'RS256', kid: 'abc' };
  const payload = { sub: 'u-1', token_use: 'id', iat: 1_700_000_000, exp: 1_700_003_600, auth_time: 1_699_999_990, nbf: 1_700_000_000 };
  const token = `${b64(header)}.${b64(payload)}.${b64('sig')}`;

  it('decodes header, payload, kind and all four times', () => {
    const d = decodeToken(token);
    assert.deepEqual(d.header, header);
    assert.deepEqual(d.payload, payload);
    assert.equal(d.kind, 'id');
    assert.deepEqual(d.times.issuedAt, { epoch: 1_700_000_000, iso: '2023-11-14T22:13:20.000Z' });
    assert.deepEqual(d.times.expiresAt, { epoch: 1_700_003_600, iso: '2023-11-14T23:13:20.000Z' });
    assert.equal(d.times.authTime?.iso, '2023-11-14T22:13:10.000Z');
    assert.equal(d.times.notBefore?.epoch, 1_700_000_000);
  });

  it('accepts a Bearer prefix, quotes and surrounding whitespace', () => {
    assert.deepEqual(decodeToken(`  Bearer ${token}\n`).payload, payload);
    assert.deepEqual(decodeToken(`bearer   ${token}`).header, header);
    assert.deepEqual(decodeToken(`"${token}"`).payload, payload);
  });

  it('tells access tokens from ID tokens and others', () => {
    assert.equal(decodeToken(`${b64(header)}.${b64({ token_use: 'access' })}.x`).kind, 'access');
    assert.equal(decodeToken(`${b64(header)}.${b64({ sub: 'a' })}.x`).kind, 'unknown');
  });

  it('leaves out times whose claims are not numbers', () => {
    const d = decodeToken(`${b64(header)}.${b64({ exp: 'tomorrow', iat: 5 })}.x`);
    assert.equal(d.times.expiresAt, undefined);
    assert.equal(d.times.issuedAt?.iso, '1970-01-01T00:00:05.000Z');
  });

  it('rejects malformed input with a sentence saying what is wrong', () => {
    throwsSentence(() => decodeToken(''), /empty/);
    throwsSentence(() => decodeToken('   '), /empty/);
    throwsSentence(() => decodeToken('Bearer '), /empty/);
    throwsSentence(() => decodeToken('abc.def'), /^This is not a JWT: expected three parts separated by dots, found 2\.$/);
    throwsSentence(() => decodeToken('a.b.c.d.e'), /found 5.*encrypted/);
    throwsSentence(() => decodeToken(`${b64(header)}.${b64('not json')}.x`), /payload is not valid JSON/);
    throwsSentence(() => decodeToken(`${b64('{')}.${b64(payload)}.x`), /header is not valid JSON/);
    throwsSentence(() => decodeToken(`${b64(header)}.${b64([1, 2])}.x`), /payload must be a JSON object/);
    throwsSentence(() => decodeToken(`${b64(header)}.pay+load.x`), /payload contains characters that are not base64url/);
    throwsSentence(() => decodeToken(`.${b64(payload)}.x`), /header part is empty/);
  });

  it('still decodes an unsigned (alg none) token so it can be shown', () => {
    const d = decodeToken(`${b64({ alg: 'none' })}.${b64(payload)}.`);
    assert.equal(d.header.alg, 'none');
  });
});

describe('explainClaims', () => {
  it('explains Cognito claims, formats times, lists and objects, and marks the rest as custom', () => {
    const rows = explainClaims({
      sub: 'aaaa-bbbb',
      'cognito:groups': ['admins', 'dev'],
      exp: 1_700_003_600,
      email_verified: true,
      identities: [{ providerName: 'Google' }],
      'custom:tenant': 'acme',
      favourite_colour: 'blue',
    });
    const by = Object.fromEntries(rows.map((r) => [r.claim, r]));
    assert.deepEqual(rows.map((r) => r.claim), ['sub', 'cognito:groups', 'exp', 'email_verified', 'identities', 'custom:tenant', 'favourite_colour']);
    assert.match(by.sub.meaning, /unique/);
    assert.equal(by['cognito:groups'].value, 'admins, dev');
    assert.match(by['cognito:groups'].meaning, /groups/);
    assert.equal(by.exp.value, '2023-11-14T23:13:20.000Z (1700003600)');
    assert.match(by.exp.meaning, /Expiry/);
    assert.equal(by.email_verified.value, 'true');
    assert.equal(by.identities.value, '[{"providerName":"Google"}]');
    assert.match(by['custom:tenant'].meaning, /Custom user attribute/);
    assert.equal(by.favourite_colour.meaning, 'custom claim');
  });

  it('has a meaning for every claim moto and Cognito put in ID and access tokens', () => {
    const claims = ['sub', 'iss', 'aud', 'client_id', 'token_use', 'auth_time', 'exp', 'iat', 'jti', 'origin_jti', 'event_id', 'username', 'cognito:username', 'email', 'scope', 'version'];
    for (const row of explainClaims(Object.fromEntries(claims.map((c) => [c, 'x'])))) {
      assert.notEqual(row.meaning, 'custom claim', `${row.claim} should be explained`);
    }
  });
});

describe('verifyToken', function () {
  this.timeout(20_000);
  const POOL = 'us-east-1_TestPool1';
  const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
  const CLIENT = 'client123';
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  let publicJwk: JWK;
  let requests = 0;

  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      requests++;
      if (req.url === `/${POOL}/.well-known/jwks.json`) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [publicJwk] }));
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${POOL}/.well-known/jwks.json`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => clearJwksCache());

  const nowSec = () => Math.floor(Date.now() / 1000);
  async function sign(claims: Record<string, unknown>, opts: { kid?: string; key?: CryptoKey; expSec?: number } = {}) {
    const iat = nowSec();
    return new SignJWT({ token_use: 'id', aud: CLIENT, sub: 'user-1', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'key-1' })
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(opts.expSec ?? iat + 3600)
      .sign(opts.key ?? privateKey);
  }
  const verify = (token: string, extra: Partial<Parameters<typeof verifyToken>[1]> = {}) =>
    verifyToken(token, { jwksUrl, issuer: ISSUER, clientId: CLIENT, ...extra });
  const check = (r: VerificationReport, name: string) => r.checks.find((c) => c.name === name)!;

  it('verifies a valid ID token and reports every check as passed', async () => {
    const r = await verify(await sign({}));
    assert.equal(r.verified, true, r.reason);
    assert.equal(r.reason, undefined);
    assert.deepEqual(r.checks.map((c) => c.name), ['format', 'algorithm', 'signature', 'issuer', 'token_use', 'audience', 'expiry']);
    assert.ok(r.checks.every((c) => c.ok));
    assert.match(check(r, 'signature').detail, /key-1/);
  });

  it('verifies an access token by its client_id, and via a connection with an endpoint', async () => {
    const token = await sign({ token_use: 'access', aud: undefined, client_id: CLIENT, scope: 'aws.cognito.signin.user.admin' });
    const endpointUrl = jwksUrl.replace(`/${POOL}/.well-known/jwks.json`, '/');
    const r = await verifyForConnection(token, { region: 'us-east-1', userPoolId: POOL, clientId: CLIENT, endpointUrl }, 'access');
    assert.equal(r.verified, true, r.reason);
    assert.match(check(r, 'audience').detail, /client_id/);
  });

  it('caches the key set per URL', async () => {
    const before = requests;
    await verify(await sign({}));
    await verify(await sign({}));
    assert.equal(requests - before, 1);
  });

  it('fails the signature for a kid the JWKS does not have', async () => {
    const r = await verify(await sign({}, { kid: 'other' }));
    assert.equal(r.verified, false);
    assert.equal(check(r, 'signature').ok, false);
    assert.match(r.reason!, /No key with kid "other" in the JWKS at http:\/\/127\.0\.0\.1/);
  });

  it('fails the signature for a token signed by another key under the right kid', async () => {
    const r = await verify(await sign({}, { key: otherKey }));
    assert.equal(check(r, 'signature').ok, false);
    assert.match(r.reason!, /signature does not match/);
  });

  it('fails a tampered payload', async () => {
    const [h, , s] = (await sign({})).split('.');
    const r = await verify(`${h}.${b64({ token_use: 'id', aud: CLIENT, iss: ISSUER, sub: 'admin', exp: nowSec() + 3600 })}.${s}`);
    assert.equal(check(r, 'signature').ok, false);
    assert.equal(r.verified, false);
  });

  it('rejects alg none', async () => {
    const token = `${b64({ alg: 'none', kid: 'key-1' })}.${b64({ token_use: 'id', aud: CLIENT, iss: ISSUER, exp: nowSec() + 3600 })}.`;
    const r = await verify(token);
    assert.equal(r.verified, false);
    assert.equal(check(r, 'algorithm').ok, false);
    assert.equal(check(r, 'signature').ok, false);
    assert.match(r.reason!, /"none"; only RS256/);
  });

  it('rejects HS256 signed with the public key as the HMAC secret', async () => {
    const h = b64({ alg: 'HS256', kid: 'key-1' });
    const p = b64({ token_use: 'id', aud: CLIENT, iss: ISSUER, exp: nowSec() + 3600 });
    const sig = createHmac('sha256', JSON.stringify(publicJwk)).update(`${h}.${p}`).digest('base64url');
    const r = await verify(`${h}.${p}.${sig}`);
    assert.equal(r.verified, false);
    assert.match(r.reason!, /"HS256"; only RS256/);
  });

  it('fails a wrong issuer', async () => {
    const token = await new SignJWT({ token_use: 'id', aud: CLIENT })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other')
      .setExpirationTime(nowSec() + 3600)
      .sign(privateKey);
    const r = await verify(token);
    assert.equal(check(r, 'signature').ok, true);
    assert.equal(check(r, 'issuer').ok, false);
    assert.match(r.reason!, /Issued by .*us-east-1_Other, not .*us-east-1_TestPool1/);
  });

  it('fails a wrong audience and a wrong client_id', async () => {
    const id = await verify(await sign({ aud: 'someone-else' }));
    assert.equal(id.verified, false);
    assert.match(id.reason!, /aud is someone-else, not the app client client123/);
    const access = await verify(await sign({ token_use: 'access', aud: undefined, client_id: 'someone-else' }));
    assert.match(access.reason!, /client_id is someone-else, not the app client client123/);
  });

  it('fails a token_use that is missing, unknown, or not the expected one', async () => {
    assert.match((await verify(await sign({ token_use: 'refresh' }))).reason!, /token_use is "refresh"/);
    const r = await verify(await sign({}), { expectedUse: 'access' });
    assert.equal(r.verified, false);
    assert.match(r.reason!, /id token but an access token was expected/);
  });

  it('fails a token expired beyond the leeway and passes one within it', async () => {
    const expired = await verify(await sign({}, { expSec: nowSec() - 120 }));
    assert.equal(expired.verified, false);
    assert.match(expired.reason!, /expired at .* beyond the 60 s leeway/);
    const within = await verify(await sign({}, { expSec: nowSec() - 30 }));
    assert.equal(within.verified, true, within.reason);
    assert.match(check(within, 'expiry').detail, /within the 60 s leeway/);
    const strict = await verify(await sign({}, { expSec: nowSec() - 30 }), { clockToleranceSec: 0 });
    assert.equal(strict.verified, false);
  });

  it('uses the given clock', async () => {
    const token = await sign({}, { expSec: 2_000_000_000 });
    assert.equal((await verify(token, { now: 2_000_000_000_000 + 61_000 })).verified, false);
    assert.equal((await verify(token, { now: 1_999_999_000_000 })).verified, true);
  });

  it('reports an unreachable JWKS as a failed signature naming the URL, without throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/${POOL}/.well-known/jwks.json`;
    const r = await verify(await sign({}), { jwksUrl: url });
    assert.equal(r.verified, false);
    assert.equal(check(r, 'signature').ok, false);
    assert.ok(r.reason!.includes(url), r.reason);
    assert.match(r.reason!, /Could not fetch the signing keys/);
  });

  it('reports a JWKS URL that answers 404', async () => {
    const r = await verify(await sign({}), { jwksUrl: jwksUrl.replace(POOL, 'us-east-1_Nope') });
    assert.match(r.reason!, /did not answer 200 OK/);
  });

  it('returns a format failure for a malformed token', async () => {
    const r = await verify('not-a-token');
    assert.deepEqual(r, { verified: false, reason: 'This is not a JWT: expected three parts separated by dots, found 1.', checks: [{ name: 'format', ok: false, detail: 'This is not a JWT: expected three parts separated by dots, found 1.' }] });
  });
});

describe('verifyToken edge cases', function () {
  this.timeout(20_000);
  const POOL = 'us-east-1_EdgePool1';
  const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
  const CLIENT = 'client123';
  let server: Server;
  let base: string;
  let privateKey: CryptoKey;
  let rsaJwk: JWK;
  const served: string[] = [];
  // Each path serves a different key set for the same signing key, under the token's kid "k1".
  const sets: Record<string, () => unknown> = {};

  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    rsaJwk = await exportJWK(pair.publicKey);
    const ec = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
    sets['/rsa/.well-known/jwks.json'] = () => ({ keys: [{ ...rsaJwk, kid: 'k1', alg: 'RS256', use: 'sig' }, { ...rsaJwk, kid: 'k2', alg: 'RS256', use: 'sig' }] });
    sets['/single/.well-known/jwks.json'] = () => ({ keys: [{ ...rsaJwk, kid: 'k1', alg: 'RS256', use: 'sig' }] });
    sets['/ec-only/.well-known/jwks.json'] = () => ({ keys: [{ ...ec, kid: 'k1', alg: 'ES256', use: 'sig' }] });
    sets['/alg-mismatch/.well-known/jwks.json'] = () => ({ keys: [{ ...rsaJwk, kid: 'k1', alg: 'RS512', use: 'sig' }] });
    sets['/enc-only/.well-known/jwks.json'] = () => ({ keys: [{ ...rsaJwk, kid: 'k1', alg: 'RS256', use: 'enc' }] });
    server = createServer((req, res) => {
      served.push(req.url ?? '');
      const set = Object.prototype.hasOwnProperty.call(sets, req.url ?? '') ? sets[req.url ?? ''] : undefined;
      res.writeHead(set ? 200 : 404, { 'content-type': 'application/json' });
      res.end(set ? JSON.stringify(set()) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    clearJwksCache();
    served.length = 0;
  });

  const nowSec = () => Math.floor(Date.now() / 1000);
  function sign(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }) {
    const iat = nowSec();
    return new SignJWT({ token_use: 'id', aud: CLIENT, iss: ISSUER, sub: 'user-1', iat, exp: iat + 3600, ...claims })
      .setProtectedHeader(header as { alg: string })
      .sign(privateKey);
  }
  const verify = (token: string, set = 'single') => verifyToken(token, { jwksUrl: `${base}/${set}/.well-known/jwks.json`, issuer: ISSUER, clientId: CLIENT });
  const check = (r: VerificationReport, name: string) => r.checks.find((c) => c.name === name)!;

  it('refuses a token without kid even when the key set has a single key that would verify it', async () => {
    const token = await sign({}, { alg: 'RS256' });
    const r = await verify(token);
    assert.equal(r.verified, false);
    assert.equal(check(r, 'signature').ok, false);
    assert.match(r.reason!, /^The token's header has no kid/);
    const numeric = await verify(await sign({}, { alg: 'RS256', kid: 7 }));
    assert.match(numeric.reason!, /has no kid/);
  });

  it('never uses a non-RSA key, a key for another algorithm or an encryption key, even under the right kid', async () => {
    const token = await sign({});
    assert.equal((await verify(token, 'single')).verified, true, 'the control verifies');
    for (const set of ['ec-only', 'alg-mismatch', 'enc-only']) {
      const r = await verify(token, set);
      assert.equal(r.verified, false, set);
      assert.equal(check(r, 'signature').ok, false, set);
      assert.match(r.reason!, /No key with kid "k1" in the JWKS/, set);
    }
  });

  it('picks the key by kid from a set with several keys', async () => {
    assert.equal((await verify(await sign({}, { alg: 'RS256', kid: 'k2' }), 'rsa')).verified, true);
  });

  it('fails a token without exp, or with a non-numeric one', async () => {
    for (const exp of [undefined, '9999999999']) {
      const r = await verify(await sign({ exp }));
      assert.equal(r.verified, false);
      assert.equal(check(r, 'signature').ok, true);
      assert.match(r.reason!, /no numeric exp claim/);
    }
  });

  it('reports time claims beyond what a date can hold as failed checks instead of throwing', async () => {
    const exp = await verify(await sign({ exp: 1e16 }));
    assert.equal(exp.verified, false);
    assert.match(exp.reason!, /exp claim \(10000000000000000\) is not a valid time/);
    for (const claims of [{ nbf: 1e16 }, { iat: 1e16 }]) {
      const r = await verify(await sign(claims));
      assert.equal(r.verified, false, JSON.stringify(claims));
      assert.match(r.reason!, /10000000000000000 \(not a valid date\)/);
    }
  });

  it('fails a token whose nbf is in the future beyond the leeway, and passes one within it', async () => {
    const future = await verify(await sign({ nbf: nowSec() + 600 }));
    assert.equal(future.verified, false);
    assert.match(future.reason!, /not valid before/);
    assert.equal((await verify(await sign({ nbf: nowSec() + 30 }))).verified, true);
  });

  it('fails a token issued far in the future, and passes a small clock skew', async () => {
    const iat = nowSec() + 86_400;
    const r = await verify(await sign({ iat, exp: iat + 3600 }));
    assert.equal(r.verified, false);
    assert.equal(check(r, 'signature').ok, true);
    assert.match(r.reason!, /claims to be issued at .* from now\); check this computer's clock/);
    assert.equal((await verify(await sign({ iat: nowSec() + 30 }))).verified, true);
  });

  it('refuses a huge token before decoding it, with a sentence, and never fetches keys for it', async () => {
    const huge = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ pad: 'x'.repeat(100_000) })}.sig`;
    throwsSentence(() => decodeToken(huge), /^This is too long for a Cognito token \(\d+ KB; tokens are at most 64 KB\); check what was pasted\.$/);
    assert.throws(() => decodeToken(huge), (err: Error) => redact(err.message) === err.message, 'the sentence survives log redaction');
    throwsSentence(() => decodeToken(`Bearer ${huge}${' '.repeat(200_000)}`), /tokens are at most 64 KB/);
    const r = await verify(huge);
    assert.equal(r.verified, false);
    assert.deepEqual(r.checks.map((c) => c.name), ['format']);
    assert.equal(served.length, 0);
    const big = await sign({ groups: Array.from({ length: 100 }, (_, i) => `group-with-a-long-name-${i}`.padEnd(120, 'x')) });
    assert.ok(big.length > 16_000, 'a token with 100 long group names still fits');
    assert.equal((await verify(big)).verified, true);
  });

  it('never builds a JWKS URL from an invalid pool id or region (no request is made)', async () => {
    const token = await sign({});
    for (const conn of [
      { region: 'us-east-1', userPoolId: 'us-east-1_abc/../../x', clientId: CLIENT, endpointUrl: base },
      { region: 'us-east-1', userPoolId: 'us-east-1_abc?x=', clientId: CLIENT, endpointUrl: base },
      { region: 'us-east-1/..', userPoolId: 'us-east-1_abc', clientId: CLIENT, endpointUrl: base },
      { region: 'eu-west-1', userPoolId: 'us-east-1_abc', clientId: CLIENT, endpointUrl: base },
    ]) {
      const r = await verifyForConnection(token, conn);
      assert.equal(r.verified, false, conn.userPoolId);
      assert.match(r.reason!, /^Not checked: .*; fix the connection\.$/);
    }
    assert.deepEqual(served, []);
  });
});
