/**
 * One test per named verification reason: each token or key server breaks exactly one rule, and the report's first
 * failed check names it in a clean sentence (no control characters, no "[object Object]", no NaN or Infinity times).
 */
import assert from 'node:assert/strict';
import { MAX_CLAIM_DEPTH } from '../../src/core/tokens/decode';
import { issuerForms, mismatchHint } from '../../src/core/tokens/issuers';
import { clearJwksCache, verifyForConnection, verifyForPool, verifyToken, type CheckName, type VerificationReport } from '../../src/core/tokens/verify';
import { assertCleanSentence } from '../support/assertions';
import { b64url, closedPort, rsaKey, signRaw, startKeyServer, type KeyServer } from '../support/jwksServer';

const POOL = 'us-east-1_Reasons1';
const REGION = 'us-east-1';
const CLIENT = 'client-r';
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;
const key = rsaKey('k1');
const impostor = rsaKey('k1');
const nowSec = () => Math.floor(Date.now() / 1000);

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSec();
  return { token_use: 'id', aud: CLIENT, iss: ISSUER, sub: 'user-1', iat, exp: iat + 3600, ...extra };
}
const token = (extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => signRaw(key.privateKey, { alg: 'RS256', kid: 'k1', ...header }, claims(extra));
/** A payload written as text, for values JSON.stringify cannot produce (1e400 parses as Infinity). */
const rawToken = (payloadText: string) => signRaw(key.privateKey, { alg: 'RS256', kid: 'k1' }, payloadText);

describe('verification: one named reason per broken rule', function () {
  this.timeout(20_000);
  let server: KeyServer;
  const conn = () => ({ region: REGION, userPoolId: POOL, clientId: CLIENT, endpointUrl: server.base });
  const at = (path: string) => `${server.base}${path}`;

  before(async () => {
    server = await startKeyServer();
    server.route(`/${POOL}/.well-known/jwks.json`, { keys: [key.jwk] });
    server.route('/two/jwks.json', { keys: [key.jwk, { ...key.jwk }] });
    server.route('/html/jwks.json', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
    server.route('/nokeys/jwks.json', { keys: 'none' });
    server.route('/huge/jwks.json', (_req, res) => res.writeHead(200).end(JSON.stringify({ keys: [], pad: 'x'.repeat(600 * 1024) })));
    server.route('/silent/jwks.json', () => undefined);
  });
  after(() => server.close());
  beforeEach(() => clearJwksCache());

  const viaEndpoint = (t: string, use?: 'id' | 'access', extra = {}) => verifyForConnection(t, conn(), use, extra);
  const viaUrl = (path: string, extra = {}) => (t: string) => verifyToken(t, { issuer: ISSUER, jwksUrl: at(path), clientId: CLIENT, ...extra });

  interface Row {
    name: string;
    check: CheckName;
    reason: RegExp;
    token: () => string;
    verify?: (t: string) => Promise<VerificationReport>;
  }
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const rows: Row[] = [
    { check: 'format', name: 'not three parts', token: () => 'abc.def', reason: /^This is not a JWT: expected three parts separated by dots, found 2\.$/ },
    { check: 'format', name: 'too long for a Cognito token', token: () => token({ pad: 'x'.repeat(70_000) }), reason: /too long for a Cognito token/ },
    {
      check: 'format',
      name: 'claims nested 4,500 deep (no stack overflow)',
      token: () => rawToken(`{"token_use":"id","aud":${deep(4500)}}`),
      reason: new RegExp(`payload nests objects or arrays more than ${MAX_CLAIM_DEPTH} levels deep`),
    },
    { check: 'format', name: 'crit header', token: () => token({}, { crit: ['exp'], exp: 1 }), reason: /^The header sets crit \["exp"\], which changes how the signature is read; .*refused before any signature check\.$/ },
    { check: 'format', name: 'b64 header (RFC 7797 unencoded payload)', token: () => token({}, { b64: false, crit: ['b64'] }), reason: /sets crit \["b64"\] and b64 false/ },
    {
      check: 'format',
      name: 'non-canonical base64url signature',
      token: () => {
        const t = token();
        const last = t.at(-1)!;
        // 256 signature bytes leave 4 unused bits in the last character; flipping one keeps the bytes the same.
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        return t.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
      },
      reason: /signature is not canonical base64url/,
    },
    { check: 'algorithm', name: 'alg none', token: () => `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(claims()))}.`, reason: /^The algorithm is "none"; only RS256 is accepted/ },
    { check: 'algorithm', name: 'HS256', token: () => token({}, { alg: 'HS256' }), reason: /"HS256"; only RS256/ },
    { check: 'signature', name: 'no kid', token: () => token({}, { kid: undefined }), reason: /^The token's header has no kid/ },
    { check: 'signature', name: 'kid missing from the JWKS even after fetching it again', token: () => token({}, { kid: 'k9' }), reason: /^No key with kid "k9" in the JWKS at .*, even after fetching it again/ },
    { check: 'signature', name: 'signed by another key', token: () => signRaw(impostor.privateKey, { alg: 'RS256', kid: 'k1' }, claims()), reason: /signature does not match the pool's key/ },
    { check: 'signature', name: 'several keys match', token: () => token(), verify: viaUrl('/two/jwks.json'), reason: /several keys matching this token/ },
    { check: 'signature', name: 'JWKS answers 404', token: () => token(), verify: viaUrl('/missing/jwks.json'), reason: /did not answer 200 OK \(HTTP 404\); check the pool id, region and endpoint\.$/ },
    { check: 'signature', name: 'JWKS is not JSON', token: () => token(), verify: viaUrl('/html/jwks.json'), reason: /^The document at .* is not valid JSON\.$/ },
    { check: 'signature', name: 'JWKS is not a key set', token: () => token(), verify: viaUrl('/nokeys/jwks.json'), reason: /is not a valid JSON Web Key Set/ },
    { check: 'signature', name: 'JWKS far too large', token: () => token(), verify: viaUrl('/huge/jwks.json'), reason: /larger than 512 KB/ },
    { check: 'signature', name: 'JWKS never answers (deadline)', token: () => token(), verify: viaUrl('/silent/jwks.json', { timeoutMs: 300 }), reason: /no answer within 0\.3 s\.$/ },
    {
      check: 'signature',
      name: 'cancelled by the caller',
      token: () => token(),
      verify: viaUrl('/silent/jwks.json', { signal: AbortSignal.timeout(200), timeoutMs: 10_000 }),
      reason: /^Cancelled before the signing keys arrived from /,
    },
    {
      check: 'signature',
      name: 'JWKS host unreachable',
      token: () => token(),
      verify: async (t) => verifyToken(t, { issuer: ISSUER, jwksUrl: `http://127.0.0.1:${await closedPort()}/x/jwks.json`, clientId: CLIENT }),
      reason: /^Could not fetch the signing keys from http:\/\/127\.0\.0\.1:\d+\/x\/jwks\.json: nothing is listening there \(connection refused\); check the endpoint URL and that the emulator is running\.$/,
    },
    {
      check: 'signature',
      name: 'connection with an invalid pool id (no request made)',
      token: () => token(),
      verify: (t) => verifyForConnection(t, { ...conn(), userPoolId: 'us-east-1_a/../b' }),
      reason: /^Not checked: .* is not a user pool id.*; fix the connection\.$/,
    },
    { check: 'issuer', name: 'no iss', token: () => token({ iss: undefined }), verify: (t) => viaEndpoint(t), reason: /^The token has no iss claim; expected https:\/\/cognito-idp/ },
    {
      check: 'issuer',
      name: 'foreign issuer without an endpoint (hint: set one)',
      token: () => token({ iss: 'http://127.0.0.1:9229/us-east-1_Reasons1' }),
      verify: (t) => verifyToken(t, { issuer: issuerForms({ region: REGION, userPoolId: POOL }), jwksUrl: at(`/${POOL}/.well-known/jwks.json`), clientId: CLIENT, issuerHint: mismatchHint({}, false) }),
      reason: /^Issued by http:\/\/127\.0\.0\.1:9229\/us-east-1_Reasons1, not https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_Reasons1 \(AWS's ORIGINAL issuer form\); https:\/\/issuer-cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_Reasons1 \(AWS's UPDATED issuer form\)\. Without an endpoint URL only AWS's two issuer forms are real Cognito; .*set the endpoint URL/,
    },
    { check: 'issuer', name: 'foreign issuer with an endpoint', token: () => token({ iss: 'https://evil.example/us-east-1_Reasons1' }), verify: (t) => viaEndpoint(t), reason: /\(the endpoint's own form\); .*\(LocalStack's form\)\. Anything else was issued by another pool, emulator or host/ },
    { check: 'issuer', name: 'issuer other than the one pinned', token: () => token(), verify: (t) => verifyForPool(t, conn(), undefined, { issuer: 'http://localhost:9229/us-east-1_Reasons1' }), reason: /\(pinned with --issuer\)\. The issuer was pinned with --issuer/ },
    { check: 'token_use', name: 'token_use is not id or access', token: () => token({ token_use: { kind: 'id' } }), reason: /^token_use is \{"kind":"id"\}; a Cognito token says "id" or "access"\.$/ },
    { check: 'token_use', name: 'another kind than expected', token: () => token(), verify: (t) => viaEndpoint(t, 'access'), reason: /^This is an id token but an access token was expected\.$/ },
    { check: 'audience', name: 'access token without client_id', token: () => token({ token_use: 'access', aud: undefined }), reason: /^The token has no client_id claim; expected client-r\.$/ },
    { check: 'audience', name: 'access token for another client', token: () => token({ token_use: 'access', aud: undefined, client_id: ['x'] }), reason: /^client_id is \["x"\], not the app client client-r\.$/ },
    { check: 'audience', name: 'ID token without aud', token: () => token({ aud: undefined }), reason: /^The token has no aud claim; expected client-r\.$/ },
    { check: 'audience', name: 'aud as an object, printed as JSON', token: () => token({ aud: {} }), reason: /^aud is \{\}, not the app client client-r\.$/ },
    { check: 'audience', name: 'aud with terminal escape sequences, escaped', token: () => token({ aud: '\u001b]0;pwned\u0007\u001b[2J' }), reason: /^aud is \\x1b\]0;pwned\\x07\\x1b\[2J, not the app client/ },
    { check: 'expiry', name: 'no exp', token: () => token({ exp: undefined }), reason: /^The token has no numeric exp claim, so it never expires/ },
    { check: 'expiry', name: 'exp that is a string', token: () => token({ exp: '9999999999' }), reason: /no numeric exp claim \(exp is 9999999999\)/ },
    { check: 'expiry', name: 'exp 1e400 (Infinity)', token: () => rawToken(`{"token_use":"id","aud":"${CLIENT}","iss":"${ISSUER}","exp":1e400}`), reason: /^The token's exp claim is Infinity, not a finite number of seconds/ },
    { check: 'expiry', name: 'nbf that is not a number', token: () => token({ nbf: 'tomorrow' }), reason: /^The token's nbf claim is tomorrow, not a finite number of seconds/ },
    { check: 'expiry', name: 'iat that is null', token: () => token({ iat: null }), reason: /^The token's iat claim is null, not a finite number/ },
    { check: 'expiry', name: 'iat -1e400 (-Infinity)', token: () => rawToken(`{"token_use":"id","aud":"${CLIENT}","iss":"${ISSUER}","exp":${nowSec() + 60},"iat":-1e400}`), reason: /iat claim is -Infinity/ },
    { check: 'expiry', name: 'nbf beyond what a date holds (no "Infinity d NaN h")', token: () => token({ nbf: 1.797693134862316e305 }), reason: /^The token is not valid before 1\.797693134862316e\+305 \(not a valid date\)\.$/ },
    { check: 'expiry', name: 'exp beyond what a date holds', token: () => token({ exp: 1e16 }), reason: /exp claim \(10000000000000000\) is not a valid time/ },
    { check: 'expiry', name: 'not valid yet (nbf)', token: () => token({ nbf: nowSec() + 600 }), reason: /^The token is not valid before .* \(10 min from now\)\.$/ },
    { check: 'expiry', name: 'issued in the future (iat)', token: () => token({ iat: nowSec() + 86_400 }), reason: /claims to be issued at .* \(1 d from now\); check this computer's clock/ },
    { check: 'expiry', name: 'expired beyond the leeway', token: () => token({ exp: nowSec() - 120 }), reason: /^The token expired at .* \(expired 2 min ago\), beyond the 60 s leeway\.$/ },
  ];

  for (const row of rows) {
    it(`${row.check}: ${row.name}`, async () => {
      const r = await (row.verify ?? ((t: string) => viaEndpoint(t)))(row.token());
      assert.equal(r.verified, false);
      const failed = r.checks.find((c) => !c.ok)!;
      assert.equal(failed.name, row.check, r.reason);
      assert.equal(r.reason, failed.detail);
      assert.match(r.reason!, row.reason);
      for (const c of r.checks) assertCleanSentence(c.detail);
    });
  }

  it('the control token verifies, so each row above fails for its own reason only', async () => {
    const r = await viaEndpoint(token(), 'id');
    assert.equal(r.verified, true, r.reason);
    assert.deepEqual(r.checks.map((c) => c.name), ['format', 'algorithm', 'signature', 'issuer', 'token_use', 'audience', 'expiry']);
  });

  it('a configurable leeway: expired 90 s ago passes with 120 s and fails with the default 60 s', async () => {
    const t = token({ exp: nowSec() - 90 });
    const lenient = await viaEndpoint(t, 'id', { clockToleranceSec: 120 });
    assert.equal(lenient.verified, true, lenient.reason);
    assert.match(lenient.checks.at(-1)!.detail, /within the 120 s leeway/);
    assert.match((await viaEndpoint(t)).reason!, /beyond the 60 s leeway/);
  });

  it('reports clock skew against the key server\'s Date header', async () => {
    server.route('/behind/jwks.json', { keys: [key.jwk] }, new Date(Date.now() - 10 * 60_000));
    const r = await viaUrl('/behind/jwks.json')(token());
    assert.equal(r.verified, true, r.reason);
    assert.ok(Math.abs(r.clockSkewSec! - 600) <= 2, String(r.clockSkewSec));
    assert.match(r.checks.at(-1)!.detail, /This computer's clock is 10 min ahead of the key server's \(its Date header\)\.$/);
    const expired = await viaUrl('/behind/jwks.json')(token({ exp: nowSec() - 300 }));
    assert.match(expired.reason!, /beyond the 60 s leeway\. This computer's clock is 10 min ahead/);
  });

  it('an unknown kid refetches the JWKS once: a key rotated in after the cache was filled verifies', async () => {
    const rotated = rsaKey('k2');
    let keys = [key.jwk];
    server.route('/rotating/jwks.json', (_req, res) => res.writeHead(200).end(JSON.stringify({ keys })));
    const verify = viaUrl('/rotating/jwks.json');
    assert.equal((await verify(token())).verified, true);
    keys = [key.jwk, rotated.jwk];
    const before = server.requests.length;
    const r = await verify(signRaw(rotated.privateKey, { alg: 'RS256', kid: 'k2' }, claims()));
    assert.equal(r.verified, true, r.reason);
    assert.equal(server.requests.length - before, 1, 'one refetch');
    const again = await verify(token({}, { kid: 'k3' }));
    assert.equal(again.verified, false);
    assert.equal(server.requests.length - before, 2, 'an unknown kid costs one fetch, not a loop');
  });
});
