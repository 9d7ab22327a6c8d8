/** Refresh (REFRESH_TOKEN_AUTH and rotation), revocation and the refresh schedule, through recorded responses. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { refreshTokens } from '../../src/core/auth/refresh';
import { cognitoUsernameOf } from '../../src/core/auth/result';
import { secretHash } from '../../src/core/auth/secretHash';
import { revokeToken } from '../../src/core/auth/signOut';
import type { Connection } from '../../src/core/connection';
import { refreshDueAt } from '../../src/core/session';
import { refusal, useIdpMock } from '../support/assertions';

const connection: Connection = { id: 'c1', name: 'dev', region: 'us-east-1', userPoolId: 'us-east-1_Pool1', clientId: 'client1' };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: object) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(payload)}.${randomBytes(8).toString('base64url')}`;
const ISS = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1';
const authResult = (refresh?: string) => ({
  IdToken: jwt({ iss: ISS, token_use: 'id', 'cognito:username': 'u-1' }),
  AccessToken: jwt({ iss: ISS, token_use: 'access', username: 'u-1' }),
  ...(refresh ? { RefreshToken: refresh } : {}),
  ExpiresIn: 300,
  TokenType: 'Bearer',
});


describe('refresh, rotation and revocation (recorded Cognito responses)', () => {
  const mock = useIdpMock();

  it('REFRESH_TOKEN_AUTH sends SECRET_HASH of Cognito\'s username and DEVICE_KEY, and keeps the old refresh token', async () => {
    mock.on(InitiateAuthCommand).resolves({ AuthenticationResult: authResult() });
    const tokens = await refreshTokens(connection, 'old-refresh', { clientSecret: 's3cret', username: 'u-1', deviceKey: 'us-east-1_dev', clientMetadata: { a: 'b' }, clock: { now: () => 99 } });
    assert.equal(tokens.refreshToken, 'old-refresh');
    assert.equal(tokens.expiresIn, 300);
    assert.equal(tokens.obtainedAt, 99);
    assert.deepEqual(mock.commandCalls(InitiateAuthCommand)[0].args[0].input, {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: 'client1',
      AuthParameters: { REFRESH_TOKEN: 'old-refresh', SECRET_HASH: secretHash('s3cret', 'u-1', 'client1'), DEVICE_KEY: 'us-east-1_dev' },
      ClientMetadata: { a: 'b' },
    });
    assert.equal(cognitoUsernameOf(tokens), 'u-1');
  });

  it('rotation: GetTokensFromRefreshToken with the client secret, and the new refresh token replaces the old one', async () => {
    mock.on(GetTokensFromRefreshTokenCommand).resolves({ AuthenticationResult: authResult('rotated-refresh') });
    const tokens = await refreshTokens({ ...connection, refreshTokenRotation: true }, 'old-refresh', { clientSecret: 's3cret', deviceKey: 'dk' });
    assert.equal(tokens.refreshToken, 'rotated-refresh');
    assert.deepEqual(mock.commandCalls(GetTokensFromRefreshTokenCommand)[0].args[0].input, { RefreshToken: 'old-refresh', ClientId: 'client1', ClientSecret: 's3cret', DeviceKey: 'dk' });
    assert.equal(mock.commandCalls(InitiateAuthCommand).length, 0);
  });

  for (const message of ['Invalid Refresh Token', 'Refresh Token has expired', 'Refresh Token has been revoked']) {
    it(`"${message}" ends the session with one "sign in again" sentence (code SessionExpired)`, async () => {
      mock.on(InitiateAuthCommand).rejects(Object.assign(new Error(message), { name: 'NotAuthorizedException' }));
      mock.on(GetTokensFromRefreshTokenCommand).rejects(Object.assign(new Error(message), { name: 'NotAuthorizedException' }));
      const plain = await refusal(refreshTokens(connection, 'r'));
      assert.equal(plain.code, 'SessionExpired');
      assert.equal(plain.message, 'The refresh token is no longer valid (expired, revoked or signed out); sign in again.');
      const device = await refusal(refreshTokens({ ...connection, refreshTokenRotation: true }, 'r', { deviceKey: 'dk' }));
      assert.equal(device.code, 'SessionExpired');
      assert.match(device.message, /remembered device was forgotten.*sign in again\.$/);
    });
  }

  it('a wrong client secret stays a configuration sentence; a missing username is asked for before calling', async () => {
    mock.on(InitiateAuthCommand).rejects(Object.assign(new Error('Unable to verify secret hash for client client1'), { name: 'NotAuthorizedException' }));
    const wrong = await refusal(refreshTokens(connection, 'r', { clientSecret: 'x', username: 'u' }));
    assert.equal(wrong.code, 'NotAuthorizedException');
    assert.match(wrong.message, /this app client has a secret/);
    mock.reset();
    const missing = await refusal(refreshTokens(connection, 'r', { clientSecret: 'x' }));
    assert.equal(missing.code, 'MissingUsername');
    assert.equal(mock.commandCalls(InitiateAuthCommand).length, 0);
    assert.equal((await refusal(refreshTokens(connection, ''))).code, 'SessionExpired');
  });

  it('RevokeToken sends the refresh token, client id and secret; an unsupported client is explained', async () => {
    mock.on(RevokeTokenCommand).resolves({});
    await revokeToken(connection, 'refresh-1', 'sec');
    assert.deepEqual(mock.commandCalls(RevokeTokenCommand)[0].args[0].input, { Token: 'refresh-1', ClientId: 'client1', ClientSecret: 'sec' });
    mock.reset();
    mock.on(RevokeTokenCommand).rejects(Object.assign(new Error('Token revocation is not enabled for this client.'), { name: 'UnsupportedOperationException' }));
    const err = await refusal(revokeToken(connection, 'refresh-1'));
    assert.equal(err.message, 'Token revocation is not enabled for this client: this app client does not allow it (token revocation or refresh-token rotation may be off in its settings).');
    assert.deepEqual(mock.commandCalls(RevokeTokenCommand)[0].args[0].input, { Token: 'refresh-1', ClientId: 'client1' });
  });
});

describe('refreshDueAt', () => {
  const tokens = { obtainedAt: 1_000_000, expiresIn: 3600 };
  it('is the expiry minus the lead time', () => {
    assert.equal(refreshDueAt(tokens, 5), 1_000_000 + 3_600_000 - 300_000);
    assert.equal(refreshDueAt(tokens, 0), 1_000_000 + 3_600_000);
  });
  it('never comes before half the lifetime, so a long lead cannot cause a refresh loop', () => {
    assert.equal(refreshDueAt(tokens, 90), 1_000_000 + 1_800_000);
    assert.equal(refreshDueAt({ obtainedAt: 0, expiresIn: 300 }, 10), 150_000);
  });
  it('treats a negative or invalid lead as none', () => {
    assert.equal(refreshDueAt(tokens, -3), 4_600_000);
    assert.equal(refreshDueAt(tokens, Number.NaN), 4_600_000);
  });
});
