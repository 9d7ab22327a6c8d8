import assert from 'node:assert/strict';
import { forgetSecret, logLine, redact, redactValue, registerSecret } from '../../src/core/redact';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImR1bW15In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU';

describe('redact', () => {
  it('removes JWTs wherever they appear', () => {
    const out = redact(`Authorization: Bearer ${JWT} and again (${JWT})`);
    assert.ok(!out.includes(JWT));
    assert.ok(!out.includes('c2lnbmF0dXJl'));
    assert.match(out, /\[redacted-jwt\]/);
  });

  it('keeps only the prefix of AKIA and ASIA access key ids', () => {
    const out = redact('keys AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A');
    assert.equal(out, 'keys AKIA…[redacted] and ASIA…[redacted]');
  });

  it('removes values of password, secret and token fields in JSON and key=value text', () => {
    const json = JSON.stringify({ USERNAME: 'alice', PASSWORD: 'hunter2!', SecretAccessKey: 'wJalrXUtnFEMI', SessionToken: 'FwoGZX', clientSecret: 'abc123' });
    const out = redact(json);
    for (const secret of ['hunter2!', 'wJalrXUtnFEMI', 'FwoGZX', 'abc123']) assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    assert.ok(out.includes('alice'), 'non-secret fields stay readable');
    assert.equal(redact('password=hunter2 user=bob'), 'password=[redacted] user=bob');
    assert.equal(redact("aws_secret_access_key = 'abc/def+ghi'"), 'aws_secret_access_key = [redacted]');
  });

  it('removes registered secrets anywhere, and stops once forgotten', () => {
    const secret = 'Correct-Horse-42';
    registerSecret(secret);
    try {
      assert.equal(redact(`typed ${secret} into the box`), 'typed [redacted] into the box');
    } finally {
      forgetSecret(secret);
    }
    assert.equal(redact(`typed ${secret}`), `typed ${secret}`);
  });

  it('ignores registered values too short to be secrets', () => {
    registerSecret('ab');
    assert.equal(redact('abc ab'), 'abc ab');
  });

  it('redacts error stacks and objects through redactValue', () => {
    const err = new Error(`failed with token ${JWT}`);
    const out = redactValue(err);
    assert.match(out, /^Error: failed with token \[redacted-jwt\]/);
    assert.ok(!redactValue({ idToken: JWT, nested: { AccessKeyId: 'ASIAY34FZKBOKMUTVV7A' } }).includes('Y34FZKBOKMUTVV7A'));
  });
});

describe('redact: realistic SDK errors and request logs', () => {
  const SECRETS = {
    password: 'Hunter2-Passw0rd!',
    newPassword: 'N3w-Hunter2-Passw0rd!',
    devicePassword: 'dEvIcEpAsSwOrD0123456789',
    verifier: 'VERIFIERb64VERIFIERb64VERIFIER',
    totpSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
    secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    session: 'AYABeC0ffeeSessionValueFromCognito',
    opaque: 'opaque-access-token-0123456789',
    answer: 'my-custom-answer-42',
    clientSecret: '1q2w3e4r5t6y7u8i9o0p-client-secret',
    secretHash: 'iw2xsXXKCX34QFe2Gi0qJOWK5oYarH7RgG+L4dnIuco=',
  };
  const jwe = `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${'k'.repeat(40)}.IVIVIVIVIVIVIVIV.${'CipherText'.repeat(8)}.TAGTAGTAGTAGTAGTAGTAGA`;

  function assertClean(out: string, label: string): void {
    for (const [name, value] of Object.entries(SECRETS)) assert.ok(!out.includes(value), `${label}: ${name} leaked in ${out}`);
    assert.ok(!out.includes('CipherText'), `${label}: part of the refresh token leaked in ${out}`);
  }

  it('removes secrets from SDK inputs in PascalCase, SCREAMING_CASE and camelCase', () => {
    const inputs = [
      { ClientId: 'abc', Username: 'alice', Password: SECRETS.password, SecretHash: SECRETS.secretHash },
      { AccessToken: JWT, PreviousPassword: SECRETS.password, ProposedPassword: SECRETS.newPassword },
      { ChallengeName: 'CUSTOM_CHALLENGE', Session: SECRETS.session, ChallengeResponses: { USERNAME: 'alice', ANSWER: SECRETS.answer } },
      { ChallengeResponses: { NEW_PASSWORD: SECRETS.newPassword, DEVICE_KEY: 'us-east-1_dev', PASSWORD_CLAIM_SIGNATURE: 'c2ln' } },
      { DeviceKey: 'us-east-1_dev', DeviceSecretVerifierConfig: { PasswordVerifier: SECRETS.verifier, Salt: 'c2FsdA' } },
      { devicePassword: SECRETS.devicePassword, deviceGroupKey: 'grp' },
      { SecretCode: SECRETS.totpSeed, Session: SECRETS.session },
      { AuthenticationResult: { IdToken: JWT, RefreshToken: jwe, AccessToken: SECRETS.opaque } },
      { IdentityId: 'us-east-1:1', Credentials: { AccessKeyId: 'ASIAY34FZKBOKMUTVV7A', SecretKey: SECRETS.secretKey, SessionToken: SECRETS.sessionToken } },
    ];
    for (const input of inputs) {
      const out = redactValue(input);
      assertClean(out, JSON.stringify(Object.keys(input)));
    }
    assert.match(redactValue(inputs[0]), /"Username":"alice"/, 'identifiers stay readable');
    assert.match(redactValue(inputs[4]), /"DeviceKey":"us-east-1_dev"/);
  });

  it('removes secrets from request headers, however they are quoted', () => {
    const logs = [
      `POST / HTTP/1.1\nauthorization: Bearer ${SECRETS.opaque}\nx-amz-security-token: ${SECRETS.sessionToken}\n`,
      `{ headers: { 'X-Amz-Security-Token': '${SECRETS.sessionToken}', Authorization: 'Bearer ${SECRETS.opaque}' } }`,
      JSON.stringify({ request: { headers: { Authorization: `Bearer ${SECRETS.opaque}`, 'X-Amz-Security-Token': SECRETS.sessionToken } } }),
      `Cookie: session=${SECRETS.session}`,
    ];
    for (const log of logs) assertClean(redact(log), log.slice(0, 30));
  });

  it('removes secrets in a JSON body carried as a string inside JSON (an SDK error with its $response)', () => {
    const sdkError = {
      name: 'NotAuthorizedException',
      $metadata: { httpStatusCode: 400 },
      $response: { statusCode: 400, body: JSON.stringify({ Session: SECRETS.session, AuthenticationResult: { AccessToken: SECRETS.opaque, RefreshToken: jwe } }) },
    };
    assertClean(redactValue(sdkError), '$response');
    assertClean(redactValue({ password: `a"b${SECRETS.password}` }), 'escaped quote');
  });

  it('removes a whole JWE refresh token, not only its first three parts', () => {
    assert.equal(redact(`refreshing with ${jwe} now`), 'refreshing with [redacted-jwt] now');
  });

  it('removes an echoed SECRET_HASH from an error stack (emulators answer a bad hash with the hash)', () => {
    const err = Object.assign(new Error(SECRETS.secretHash), { name: 'NotAuthorizedException' });
    const out = redactValue(err);
    assert.ok(!out.includes(SECRETS.secretHash), out);
    assert.match(out, /^NotAuthorizedException: \[redacted\]/);
  });

  it('removes credentials in every shell export format and in CLI environment variables', () => {
    const lines = [
      `export AWS_SECRET_ACCESS_KEY=${SECRETS.secretKey}\nexport AWS_SESSION_TOKEN=${SECRETS.sessionToken}`,
      `set -gx AWS_SECRET_ACCESS_KEY '${SECRETS.secretKey}'; set -gx AWS_SESSION_TOKEN '${SECRETS.sessionToken}'`,
      `$Env:AWS_SECRET_ACCESS_KEY = "${SECRETS.secretKey}"`,
      `set AWS_SESSION_TOKEN=${SECRETS.sessionToken}`,
      `COGNITO_CLIENT_SECRET=${SECRETS.clientSecret} COGNITO_PASSWORD=${SECRETS.password}`,
      `otpauth://totp/pool:alice?secret=${SECRETS.totpSeed}&issuer=pool`,
    ];
    for (const line of lines) assertClean(redact(line), line.slice(0, 30));
  });

  it('keeps the words of ordinary log lines', () => {
    for (const line of [
      'sign in: InitiateAuth USER_SRP_AUTH on us-east-1_abc',
      'Copied the id token of "dev" to the clipboard.',
      'Token panel for "dev": id verified, access verified.',
      'The refresh token is no longer valid (expired, revoked or signed out); sign in again.',
    ]) {
      assert.equal(redact(line), line);
    }
  });
});

describe('log lines', () => {
  it('escapes control characters from outside text, so input cannot forge lines or send terminal escapes', () => {
    const line = logLine('webview asked for "x\nINFO forged\u001b]0;title\u0007"', ['arg\r\n']);
    assert.ok(!/[\u0000-\u001f]/.test(line), JSON.stringify(line));
    assert.match(line, /x\\nINFO forged\\x1b\]0;title\\x07/);
  });
  it("keeps an Error's stack frames on their own lines but escapes its message", () => {
    const err = new Error('bad\nforged line');
    const lines = logLine('failed:', [err]).split('\n');
    assert.match(lines[0], /^failed: Error: bad\\nforged line$/);
    assert.ok(lines.length > 1 && lines.slice(1).every((l) => l.startsWith('    at ')));
  });
  it('still redacts', () => {
    assert.doesNotMatch(logLine('Password=hunter2secret'), /hunter2secret/);
  });
});

describe('redact: every shape of a secret (table)', () => {
  const V = 'S3cr3t-Value_42';
  const JWT_GLUED = `x1${JWT}`;
  const PATTERN_CASES: { shape: string; input: string; gone: string; kept?: string }[] = [
    { shape: 'secret-key with hyphens', input: `aws-secret-access-key: ${V}`, gone: V },
    { shape: 'secret-key header', input: `x-secret-key=${V} next`, gone: V, kept: 'next' },
    { shape: 'XML element', input: `<Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>${V}</SecretAccessKey></Credentials>`, gone: V, kept: '<AccessKeyId>ASIA</AccessKeyId>' },
    { shape: 'XML element with attributes and a namespace', input: `<sts:SessionToken type="x">${V}</sts:SessionToken>`, gone: V },
    { shape: 'XML password element', input: `<Password>${V}</Password><User>bob</User>`, gone: V, kept: '<User>bob</User>' },
    { shape: '--password VALUE', input: `cognito sign-in --password ${V} --username bob`, gone: V, kept: '--username bob' },
    { shape: '--client-secret "VALUE"', input: `run --client-secret "${V} x" --debug`, gone: V, kept: '--debug' },
    { shape: '-token VALUE', input: `tool -token ${V}`, gone: V },
    { shape: 'key pwd', input: `pwd=${V}`, gone: V },
    { shape: 'key PWD in JSON', input: `{"PWD":"${V}"}`, gone: V },
    { shape: 'key pass', input: `db_pass: ${V}`, gone: V },
    { shape: 'key passphrase', input: `{"passphrase": "${V}"}`, gone: V },
    { shape: 'array value', input: `{"password": ["${V}", "other-${V}"], "user": "bob"}`, gone: V, kept: '"user": "bob"' },
    { shape: 'object value', input: `{"clientSecret": {"value": "${V}"}, "user": "bob"}`, gone: V, kept: '"user": "bob"' },
    { shape: 'key=[array]', input: `secret=[${V},${V}] ok`, gone: V, kept: 'ok' },
    { shape: 'JWT right after a word character', input: `value=${JWT_GLUED}`, gone: JWT.split('.')[2] },
    { shape: 'JWT after an underscore', input: `Bearer_${JWT}`, gone: JWT.split('.')[2] },
    { shape: 'Authorization: Token <opaque>', input: `Authorization: Token ${V}`, gone: V },
    { shape: 'authorization: Digest <opaque>', input: `authorization: Digest ${V}`, gone: V },
    { shape: 'Authorization: Bearer <opaque>', input: `"Authorization": "Bearer ${V}"`, gone: V },
  ];

  for (const c of PATTERN_CASES) {
    it(`patterns: ${c.shape}`, () => {
      const out = redact(c.input);
      assert.ok(!out.includes(c.gone), `${c.gone} survived in ${out}`);
      assert.match(out, /\[redacted/);
      if (c.kept) assert.ok(out.includes(c.kept), `${c.kept} was lost: ${out}`);
    });
  }

  const HARMLESS = ['bypass: true', 'compass=north', 'the refresh-token is opaque', 'pass --challenge-answer NAME to choose', '--password-stdin was given', 'userPassCount=3'];
  for (const text of HARMLESS) {
    it(`leaves harmless text alone: ${text}`, () => assert.equal(redact(text), text));
  }

  const REGISTERED = 'p@ss "word" \\ with/ü&=+ %';
  const REGISTERED_CASES: { shape: string; text: string }[] = [
    { shape: 'raw', text: `typed ${REGISTERED}` },
    { shape: 'JSON-escaped', text: JSON.stringify({ PASSWORD_FIELD_NOT_NAMED: REGISTERED }) },
    { shape: 'JSON-escaped twice (JSON in a JSON string)', text: JSON.stringify({ body: JSON.stringify({ x: REGISTERED }) }) },
    { shape: 'URL-encoded', text: `https://example.test/?q=${encodeURIComponent(REGISTERED)}&next=1` },
    { shape: 'form-encoded', text: `${new URLSearchParams({ q: REGISTERED }).toString()}&next=1` },
  ];

  for (const c of REGISTERED_CASES) {
    it(`registered secret: ${c.shape}`, () => {
      registerSecret(REGISTERED);
      try {
        const out = redact(c.text);
        assert.match(out, /\[redacted\]/, out);
        for (const leak of ['p@ss', 'p%40ss', 'with/', 'with%2F']) assert.ok(!out.includes(leak), `${leak} survived in ${out}`);
      } finally {
        forgetSecret(REGISTERED);
      }
      assert.ok(redact(c.text).includes('ss'), 'forgotten secrets are no longer removed');
    });
  }
});
