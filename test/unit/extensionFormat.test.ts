import assert from 'node:assert/strict';
import type { AuthTokens, IdentityCredentials } from '../../src/core/session';
import {
  countdown,
  credentialTerminalOptions,
  credentialsMsLeft,
  expiryDescription,
  sessionMsLeft,
  severityOf,
  statusModel,
  terminalName,
  tokenMsLeft,
  tokensExpiry,
  validFor,
} from '../../src/extension/session/format';

function jwt(payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(payload)}.${Buffer.from('signature-bytes').toString('base64url')}`;
}

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('extension format helpers', () => {
  it('counts down as mm:ss under an hour and h:mm:ss above', () => {
    assert.equal(countdown(54 * 60_000 + 12_000), '54:12');
    assert.equal(countdown(59_999), '00:59');
    assert.equal(countdown(3600_000 + 2 * 60_000 + 3_000), '1:02:03');
    assert.equal(countdown(0), 'expired');
    assert.equal(countdown(-5_000), 'expired');
  });

  it('turns to warning under five minutes and expired at zero', () => {
    assert.equal(severityOf(5 * 60_000), 'ok');
    assert.equal(severityOf(5 * 60_000 - 1), 'warning');
    assert.equal(severityOf(1), 'warning');
    assert.equal(severityOf(0), 'expired');
  });

  it('builds the status bar text with the user, the countdown and other sessions', () => {
    const m = statusModel('alice', 'dev pool', 54 * 60_000 + 12_000);
    assert.equal(m.text, '$(account) alice · 54:12');
    assert.equal(m.severity, 'ok');
    assert.match(m.tooltip, /alice on dev pool: tokens expire in 54 min/);
    assert.equal(statusModel('bob', 'p', 60_000, 2).text, '$(account) bob · 01:00 +2');
    const expired = statusModel('bob', 'p', -1);
    assert.equal(expired.severity, 'expired');
    assert.match(expired.tooltip, /sign in again/);
  });

  it('describes expiry in words', () => {
    assert.equal(expiryDescription(54 * 60_000 + 30_000), 'expires in 54 min');
    assert.equal(expiryDescription(-3 * 60_000), 'expired 3 min ago');
    assert.equal(tokensExpiry(54 * 60_000 + 30_000), 'tokens expire in 54 min');
    assert.equal(tokensExpiry(-3 * 60_000), 'tokens expired 3 min ago');
    assert.equal(validFor(90_000), 'valid for 1 min');
    assert.equal(validFor(0), 'already expired');
  });

  it('reads a token expiry from its exp claim, falling back to ExpiresIn', () => {
    const tokens: AuthTokens = {
      idToken: jwt({ exp: NOW / 1000 + 1800, token_use: 'id' }),
      accessToken: 'not-a-jwt',
      expiresIn: 3600,
      tokenType: 'Bearer',
      obtainedAt: NOW - 600_000,
    };
    assert.equal(tokenMsLeft(tokens.idToken, tokens, NOW), 1800_000);
    assert.equal(sessionMsLeft(tokens, NOW), 1800_000);
    // 3600 s after obtainedAt, 600 s of which have passed.
    assert.equal(tokenMsLeft(tokens.accessToken, tokens, NOW), 3000_000);
  });

  it('computes credential expiry and treats an unreadable date as expired', () => {
    const creds: IdentityCredentials = {
      identityId: 'us-east-1:abc',
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(NOW + 90_000).toISOString(),
    };
    assert.equal(credentialsMsLeft(creds, NOW), 90_000);
    assert.equal(credentialsMsLeft({ ...creds, expiration: 'soon' }, NOW), 0);
  });

  it('names the terminal after the connection and user', () => {
    assert.equal(terminalName({ name: 'dev pool' }, 'alice'), 'Cognito: dev pool (alice)');
  });

  it('makes the credentials terminal transient, so VS Code never saves its environment to workspace storage', () => {
    const env = { AWS_SECRET_ACCESS_KEY: 'secret' };
    assert.deepEqual(credentialTerminalOptions({ name: 'dev pool' }, 'alice', env), { name: 'Cognito: dev pool (alice)', env, isTransient: true });
  });
});
