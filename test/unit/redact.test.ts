import assert from 'node:assert/strict';
import { forgetSecret, redact, redactValue, registerSecret } from '../../src/core/redact';

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
