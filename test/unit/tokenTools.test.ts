import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Connection } from '../../src/core/connection';
import { UserFacingError } from '../../src/core/errors';
import { decodeToken, MAX_TOKEN_CHARS } from '../../src/core/tokens/decode';
import { claimDisplay, diffClaims, formatClaimDiff } from '../../src/core/tokens/diff';
import { formatRequest, parseRequestTarget, requestTargetProblem, shellQuote, validateRequestUrl } from '../../src/core/tokens/request';
import { findJwts, jwtAt, summarizeToken } from '../../src/core/tokens/scan';
import { buildPanelState, EDITOR_SUBJECT_ID, editorTokenSubject, PENDING } from '../../src/extension/panels/tokenPanelState';
import { parseHostMessage } from '../../src/shared/validate';
import { fakeJwt, idClaims } from '../support/jwt';

const NOW = 1_764_748_800; // 2025-12-03T08:00:00Z

describe('findJwts / jwtAt', () => {
  const token = fakeJwt(idClaims(NOW));

  it('finds tokens in JSON, .env, .http and source text with exact offsets', () => {
    const texts = [
      `{"idToken":"${token}","other":1}`,
      `ID_TOKEN=${token}\nOTHER=x`,
      `GET https://api.example.com/\nAuthorization: Bearer ${token}\n`,
      `const t = '${token}';`,
    ];
    for (const text of texts) {
      const found = findJwts(text);
      assert.equal(found.length, 1, text);
      assert.equal(text.slice(found[0].start, found[0].end), token);
      assert.equal(found[0].token, token);
    }
  });

  it('finds several tokens, and drops the full stop that ends a sentence', () => {
    const other = fakeJwt({ ...idClaims(NOW), token_use: 'access' });
    const found = findJwts(`first ${token}. then ${other}.`);
    assert.deepEqual(found.map((m) => m.token), [token, other]);
  });

  it('ignores text that only looks like a token start, and tokens glued to a longer word', () => {
    assert.deepEqual(findJwts('eyJ is how base64 JSON starts; eyJhbGciOi.eyJzdWIi is two parts'), []);
    assert.deepEqual(findJwts(`abc${token}`), [], 'preceded by a base64url character: part of something bigger');
    assert.deepEqual(findJwts(`${token.split('.').slice(0, 2).join('.')}.`), [], 'no signature');
    // Three parts that do not decode as JSON objects are not tokens.
    assert.deepEqual(findJwts('eyJhbGciOi.eyJzdWIi.c2ln'), []);
  });

  it('stops after maxMatches and skips candidates longer than a token can be', () => {
    const text = Array.from({ length: 20 }, () => token).join('\n');
    assert.equal(findJwts(text, { maxMatches: 5 }).length, 5);
    const huge = fakeJwt({ blob: 'x'.repeat(MAX_TOKEN_CHARS) });
    assert.deepEqual(findJwts(`${huge} ${token}`).map((m) => m.token), [token]);
  });

  it('jwtAt finds the token under an offset, and nothing beside it', () => {
    const text = `prefix ${token} suffix`;
    const start = 'prefix '.length;
    assert.equal(jwtAt(text, start)?.token, token);
    assert.equal(jwtAt(text, start + 100)?.token, token);
    assert.equal(jwtAt(text, start + token.length)?.token, token, 'the end of the token still hovers it');
    assert.equal(jwtAt(text, 2), undefined);
    assert.equal(jwtAt(text, text.length - 2), undefined);
  });

  it('jwtAt looks only at a window, so a token deep in a long line is found with its offsets', () => {
    const filler = ', '.repeat(200_000);
    const text = `${filler}${token}${filler}`;
    const m = jwtAt(text, filler.length + 10);
    assert.deepEqual(m && { start: m.start, end: m.end }, { start: filler.length, end: filler.length + token.length });
  });
});

describe('summarizeToken', () => {
  it('names who, the pool, token_use and a relative expiry', () => {
    const s = summarizeToken(decodeToken(fakeJwt(idClaims(NOW, 3240))), NOW * 1000);
    assert.deepEqual(s, {
      who: 'alice',
      email: 'alice@example.com',
      pool: 'us-east-1_TestPool1 (us-east-1)',
      tokenUse: 'id',
      clientId: 'testclient123',
      expiresAt: new Date((NOW + 3240) * 1000).toISOString(),
      expiry: 'expires in 54 min',
      expired: false,
    });
  });

  it('says expired, reads access-token claims, and escapes control characters', () => {
    const access = fakeJwt({ iss: 'https://other.example/\u001b]0;pwned\u0007', username: 'bob\u001b[2J', client_id: 'c1', token_use: 'access', exp: NOW - 180 });
    const s = summarizeToken(decodeToken(access), NOW * 1000);
    assert.equal(s.expired, true);
    assert.equal(s.expiry, 'expired 3 min ago');
    assert.equal(s.who, 'bob\\x1b[2J');
    assert.equal(s.pool, 'https://other.example/\\x1b]0;pwned\\x07');
    assert.equal(s.clientId, 'c1');
  });

  it('leaves out what the token does not say', () => {
    assert.deepEqual(summarizeToken(decodeToken(fakeJwt({ foo: 1 })), NOW * 1000), { expired: false });
  });

  it("names an emulator's pool and origin, and the saved connection with that endpoint", () => {
    const saved: Connection[] = [
      { id: 'a', name: 'aws', region: 'us-east-1', userPoolId: 'local_6mMsEx9W', clientId: 'c1' },
      { id: 'b', name: 'cognito-local', region: 'us-east-1', userPoolId: 'local_6mMsEx9W', clientId: 'c1', endpointUrl: 'http://localhost:9229/' },
    ];
    const token = decodeToken(fakeJwt({ ...idClaims(NOW), aud: 'c1', iss: 'http://127.0.0.1:9229/local_6mMsEx9W' }));
    const s = summarizeToken(token, NOW * 1000, saved);
    assert.equal(s.pool, 'local_6mMsEx9W (emulator at http://127.0.0.1:9229)');
    assert.equal(s.connection, 'cognito-local');
    assert.equal(summarizeToken(token, NOW * 1000, [saved[0]]).connection, undefined);
    assert.equal(summarizeToken(decodeToken(fakeJwt(idClaims(NOW))), NOW * 1000, saved).connection, undefined);
  });
});

describe('diffClaims', () => {
  it('reports added, removed, changed and unchanged claims in a stable order, times as dates', () => {
    const a = { sub: 's1', iat: NOW, exp: NOW + 3600, 'cognito:groups': ['a', 'b'], email: 'alice@example.com', addr: { city: 'X', zip: '1' } };
    const b = { sub: 's1', iat: NOW + 3600, exp: NOW + 7200, 'cognito:groups': ['a'], addr: { zip: '1', city: 'X' }, jti: 'j2' };
    const d = diffClaims(a, b);
    assert.deepEqual(d.map((e) => [e.claim, e.change]), [
      ['sub', 'same'],
      ['iat', 'changed'],
      ['exp', 'changed'],
      ['cognito:groups', 'changed'],
      ['email', 'removed'],
      ['addr', 'same'],
      ['jti', 'added'],
    ]);
    const iat = d.find((e) => e.claim === 'iat')!;
    assert.equal(iat.before, `2025-12-03 08:00:00 UTC (${NOW})`);
    assert.equal(iat.after, `2025-12-03 09:00:00 UTC (${NOW + 3600})`);
    assert.equal(iat.delta, '+1 h');
    assert.equal(d.find((e) => e.claim === 'cognito:groups')!.after, '["a"]');
    assert.deepEqual(d.find((e) => e.claim === 'email'), { claim: 'email', change: 'removed', before: 'alice@example.com' });
    assert.deepEqual(d.find((e) => e.claim === 'jti'), { claim: 'jti', change: 'added', after: 'j2' });
  });

  it('treats a time claim that is not a number as a plain value', () => {
    assert.equal(claimDisplay('exp', 'soon'), 'soon');
    assert.equal(claimDisplay('exp', 1e20), '100000000000000000000', 'beyond what a Date holds');
    assert.equal(diffClaims({ exp: NOW }, { exp: NOW - 40 })[0].delta, '-40 s');
  });

  it('formats a readable document: counts, marks, both values, unchanged claims last; control characters escaped', () => {
    const text = formatClaimDiff(diffClaims({ sub: 's', exp: NOW, evil: 'x' }, { sub: 's', exp: NOW + 60, name: 'n\u001b[31m' }), { a: 'alice (ID token)', b: 'bob (ID token)' });
    assert.equal(
      text,
      [
        'Comparing claims',
        '  A: alice (ID token)',
        '  B: bob (ID token)',
        '1 changed, 1 added, 1 removed, 1 the same.',
        '',
        '~ exp',
        `    A: 2025-12-03 08:00:00 UTC (${NOW})`,
        `    B: 2025-12-03 08:01:00 UTC (${NOW + 60})`,
        '    moved +1 min',
        '- evil (removed)',
        '    A: x',
        '+ name (added)',
        '    B: n\\x1b[31m',
        '',
        'Unchanged:',
        '  sub: s',
        '',
      ].join('\n'),
    );
    assert.match(formatClaimDiff(diffClaims({ a: 1 }, { a: 1 }), { a: 'x', b: 'y' }), /carry the same claims/);
  });
});

describe('formatRequest', () => {
  const token = fakeJwt(idClaims(NOW));

  it('formats the header, curl, fetch and a REST Client request', () => {
    assert.equal(formatRequest('header', { token }), `Authorization: Bearer ${token}`);
    assert.equal(formatRequest('curl', { token, url: 'https://api.example.com/items?a=1&b=2' }), `curl -sS -H 'Authorization: Bearer ${token}' 'https://api.example.com/items?a=1&b=2'`);
    assert.equal(formatRequest('curl', { token, url: 'https://api.example.com/x', method: 'DELETE' }), `curl -sS -X DELETE -H 'Authorization: Bearer ${token}' https://api.example.com/x`);
    assert.equal(
      formatRequest('fetch', { token, url: 'https://api.example.com/x' }),
      `const response = await fetch("https://api.example.com/x", {\n  method: "GET",\n  headers: { Authorization: "Bearer ${token}" },\n});`,
    );
    assert.equal(formatRequest('http', { token, url: 'https://api.example.com/x', method: 'POST', label: "alice's\nID token" }), `### alice's ID token\nPOST https://api.example.com/x\nAuthorization: Bearer ${token}\n`);
  });

  it('takes a pasted "Bearer …" and refuses what is not a JWT', () => {
    assert.equal(formatRequest('header', { token: `Bearer ${token}` }), `Authorization: Bearer ${token}`);
    for (const bad of ['', 'not a token', `${token}\nX-Evil: 1`, `${token}' ; rm -rf ~ '`]) {
      assert.throws(() => formatRequest('curl', { token: bad, url: 'https://a.example/' }), (err: unknown) => err instanceof UserFacingError && /not a JWT/.test(err.message));
    }
  });

  it('validates URLs with one sentence each', () => {
    assert.equal(validateRequestUrl('https://api.example.com/'), undefined);
    assert.match(validateRequestUrl('') ?? '', /Type the URL/);
    assert.match(validateRequestUrl('api.example.com') ?? '', /not an absolute URL/);
    assert.match(validateRequestUrl('file:///etc/passwd') ?? '', /Only http and https/);
    assert.match(validateRequestUrl('https://a.example/\nX-Evil: 1') ?? '', /spaces or control characters/);
    assert.throws(() => formatRequest('http', { token, url: 'https://a.example/ x' }), /spaces or control characters/);
  });

  it('reads an optional method before the URL, as typed into the input box', () => {
    assert.deepEqual(parseRequestTarget(' https://api.example.com/x '), { method: 'GET', url: 'https://api.example.com/x' });
    assert.deepEqual(parseRequestTarget('post https://api.example.com/x'), { method: 'POST', url: 'https://api.example.com/x' });
    assert.equal(requestTargetProblem('DELETE https://api.example.com/x'), undefined);
    assert.match(requestTargetProblem('FETCH https://api.example.com/x') ?? '', /^FETCH is not an HTTP method; use one of GET, POST/);
    assert.match(requestTargetProblem('POST https://a.example/ x') ?? '', /spaces or control characters/);
    assert.match(requestTargetProblem('') ?? '', /Type the URL/);
  });

  it('shell-quotes so the shell passes every word through unchanged', () => {
    const words = ['plain', "it's", 'a b', '$(touch /tmp/x)', '`id`', '"q"', "'''", 'https://a.example/?q=$HOME&x=\\'];
    for (const word of words) {
      const echoed = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
      assert.equal(echoed, word);
    }
    const url = "https://a.example/it's?x=$(id)";
    const cmd = formatRequest('curl', { token, url });
    const argv = execFileSync('sh', ['-c', `for a in ${cmd.replace(/^curl /, '')}; do printf '%s\\n' "$a"; done`], { encoding: 'utf8' });
    assert.deepEqual(argv.trimEnd().split('\n'), ['-sS', '-H', `Authorization: Bearer ${token}`, url]);
  });
});

describe('editorTokenSubject', () => {
  const saved: Connection[] = [
    { id: 'c1', name: 'dev', region: 'us-east-1', userPoolId: 'us-east-1_TestPool1', clientId: 'otherclient', endpointUrl: 'http://127.0.0.1:5000' },
    { id: 'c2', name: 'dev web', region: 'us-east-1', userPoolId: 'us-east-1_TestPool1', clientId: 'testclient123', endpointUrl: 'http://127.0.0.1:5000' },
  ];

  it('matches the saved connection of the pool and app client, keeping its endpoint for the keys', () => {
    const token = fakeJwt(idClaims(NOW));
    const s = editorTokenSubject(`Bearer ${token}`, saved, NOW * 1000);
    assert.equal(s.which, 'id');
    assert.equal(s.matched, 'dev web');
    assert.deepEqual({ ...s.connection }, { ...saved[1], id: EDITOR_SUBJECT_ID, name: 'Token from the editor, matched to dev web' });
    assert.deepEqual(s.session, { username: 'alice', tokens: { idToken: token, accessToken: '', expiresIn: 3600, tokenType: 'Bearer', obtainedAt: NOW * 1000 } });
    assert.equal(s.unverifiable, undefined);
    const state = buildPanelState(s.connection, s.session, s.which, 1, PENDING, s.which);
    assert.equal(state.only, 'id');
    const parsed = parseHostMessage({ kind: 'push', event: 'state', data: state });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parseHostMessage({ kind: 'push', event: 'state', data: { ...state, only: 'refresh' } }).ok, false);
  });

  it('falls back to the pool its issuer names, and says when there is no Cognito pool to verify against', () => {
    const access = fakeJwt({ ...idClaims(NOW), token_use: 'access', aud: undefined, client_id: 'cx', iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' });
    const s = editorTokenSubject(access, saved, NOW * 1000);
    assert.equal(s.which, 'access');
    assert.equal(s.matched, undefined);
    assert.deepEqual(s.connection, { id: EDITOR_SUBJECT_ID, name: 'Token from the editor', region: 'eu-west-1', userPoolId: 'eu-west-1_Other', clientId: 'cx' });
    assert.equal(s.session.tokens.accessToken, access);

    const foreign = editorTokenSubject(fakeJwt({ iss: 'https://login.example.com/', sub: 'x' }), saved, NOW * 1000);
    assert.equal(foreign.unverifiable, 'This token was not issued by a Cognito user pool (its iss is https://login.example.com/), so there is no pool key set to verify it against.');
    assert.equal(foreign.session.username, 'x');
    assert.throws(() => editorTokenSubject('not a token', saved, NOW), /This is not a JWT/);
  });

  it("matches an emulator's issuer (cognito-local, LocalStack) to the connection whose endpoint issues it", () => {
    const pool = 'local_6mMsEx9W';
    const emulators: Connection[] = [
      { id: 'e1', name: 'no endpoint', region: 'us-east-1', userPoolId: pool, clientId: 'app1' },
      { id: 'e2', name: 'localstack', region: 'eu-west-1', userPoolId: pool, clientId: 'app1', endpointUrl: 'http://127.0.0.1:4566' },
      { id: 'e3', name: 'cognito-local', region: 'us-east-1', userPoolId: pool, clientId: 'app2', endpointUrl: 'http://127.0.0.1:9229' },
      { id: 'e4', name: 'cognito-local app1', region: 'us-east-1', userPoolId: pool, clientId: 'app1', endpointUrl: 'http://localhost:9229' },
    ];
    const at = (iss: string, aud: string) => editorTokenSubject(fakeJwt({ ...idClaims(NOW), iss, aud }), emulators, NOW * 1000);
    // The exact issuer form decides the server; the app client decides among connections of that server.
    assert.equal(at(`http://127.0.0.1:9229/${pool}`, 'app1').matched, 'cognito-local app1');
    assert.equal(at(`http://127.0.0.1:9229/${pool}`, 'app2').matched, 'cognito-local');
    assert.equal(at(`http://localhost.localstack.cloud:4566/${pool}`, 'app1').matched, 'localstack');
    const matched = at(`http://127.0.0.1:9229/${pool}`, 'app2');
    assert.equal(matched.connection.endpointUrl, 'http://127.0.0.1:9229');
    assert.equal(matched.unverifiable, undefined);
    // An issuer no endpoint names (an IssuerDomain, a discovered one) still goes to a connection with an endpoint.
    assert.equal(at(`https://auth.dev.example/${pool}`, 'app1').matched, 'localstack');

    const lone = editorTokenSubject(fakeJwt({ ...idClaims(NOW), iss: `http://127.0.0.1:9229/${pool}` }), [emulators[0]], NOW * 1000);
    assert.equal(lone.matched, undefined);
    assert.equal(lone.connection.userPoolId, pool);
    assert.equal(
      lone.unverifiable,
      `This token was issued by an emulator at http://127.0.0.1:9229 (pool ${pool}), and no saved connection has that pool with an endpoint URL; add one (Add Connection, endpoint http://127.0.0.1:9229) to verify it.`,
    );
  });
});
