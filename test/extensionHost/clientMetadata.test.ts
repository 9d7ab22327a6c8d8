/**
 * A connection's clientMetadata (settings) reaches Cognito from inside VS Code: on the first sign-in request, on the
 * challenge answer, on a refresh and on a self-service call. The endpoint is a recording server, since moto drops
 * ClientMetadata without a trace; a connection without metadata sends none.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { issuerOf, type Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import { type RecordingCognito, startRecordingCognito, unsignedJwt } from '../support/recordingCognito';
import { addConnections, extensionApi, removeConnections } from './hostSupport';

const METADATA = { tenant: 'acme', stage: 'host-test' };
const NEW_PASSWORD = 'Metadata-N3w-Passw0rd!';

describe('clientMetadata per connection (extension host)', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let recorder: RecordingCognito;
  let withMetadata: Connection;
  let without: Connection;
  let issued = 0;

  /** Fresh tokens for whichever pool the request names by its client id. */
  const tokensFor = (body: Record<string, unknown>, refresh: boolean) => {
    const conn = body.ClientId === without.clientId ? without : withMetadata;
    const now = Math.floor(Date.now() / 1000);
    issued++;
    return {
      AuthenticationResult: {
        IdToken: unsignedJwt({ token_use: 'id', iss: issuerOf(conn), aud: conn.clientId, 'cognito:username': 'meta', exp: now + 3600, n: issued }),
        AccessToken: unsignedJwt({ token_use: 'access', iss: issuerOf(conn), client_id: conn.clientId, username: 'meta', exp: now + 3600, n: issued }),
        ...(refresh ? {} : { RefreshToken: `refresh-token-${issued}` }),
        ExpiresIn: 3600,
        TokenType: 'Bearer',
      },
    };
  };

  before(async () => {
    recorder = await startRecordingCognito({
      InitiateAuth: (body) => {
        if (body.AuthFlow === 'REFRESH_TOKEN_AUTH') return tokensFor(body, true);
        return {
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: 'recorded-session',
          ChallengeParameters: { USER_ID_FOR_SRP: 'meta', requiredAttributes: '[]', userAttributes: '{}' },
        };
      },
      RespondToAuthChallenge: (body) => tokensFor(body, false),
      ResendConfirmationCode: () => ({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'm***@e***' } }),
    });
    api = await extensionApi();
    withMetadata = { id: 'exthost-metadata', name: 'metadata recorded', region: 'us-east-1', userPoolId: 'us-east-1_Metadata1', clientId: 'metadataclient', endpointUrl: recorder.endpoint, clientMetadata: METADATA };
    without = { id: 'exthost-metadata-none', name: 'no metadata recorded', region: 'us-east-1', userPoolId: 'us-east-1_Metadata2', clientId: 'plainclient', endpointUrl: recorder.endpoint };
    await addConnections(api, [withMetadata, without]);
    assert.deepEqual(api.settings.connection(withMetadata.id)?.clientMetadata, METADATA);
  });

  after(async () => {
    await removeConnections(api, [withMetadata.id, without.id]);
    await recorder.stop();
  });

  const signIn = (connectionId: string) =>
    vscode.commands.executeCommand('cognitoExplorer.signIn', {
      connectionId,
      username: 'meta',
      password: 'Old-Passw0rd!',
      flow: 'password',
      answers: [{ name: 'NEW_PASSWORD_REQUIRED', newPassword: NEW_PASSWORD }],
    });

  it('sends the connection\'s ClientMetadata with InitiateAuth and with the challenge answer of a palette sign-in', async () => {
    recorder.calls.length = 0;
    assert.deepEqual(await signIn(withMetadata.id), { connectionId: withMetadata.id, username: 'meta' }, api.lastError()?.sentence);
    const [initiate, respond] = recorder.calls;
    assert.equal(initiate.operation, 'InitiateAuth');
    assert.equal(initiate.body.AuthFlow, 'USER_PASSWORD_AUTH');
    assert.equal(initiate.body.ClientId, 'metadataclient');
    assert.deepEqual(initiate.body.ClientMetadata, METADATA);
    assert.equal(respond.operation, 'RespondToAuthChallenge');
    assert.equal(respond.body.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.deepEqual(respond.body.ClientMetadata, METADATA);
    assert.equal(recorder.calls.length, 2);
    assert.ok(api.sessions.get(withMetadata.id), 'the session is saved');

    // The trace keeps neither the passwords nor the metadata values (they may be anything).
    const text = await vscode.commands.executeCommand<string>('cognitoExplorer.showSignInTrace', { connectionId: withMetadata.id });
    assert.match(text, /^1 InitiateAuth USER_PASSWORD_AUTH /m);
    for (const kept of ['Old-Passw0rd!', NEW_PASSWORD, 'host-test']) assert.ok(!text.includes(kept), `"${kept}" is not in the trace`);
  });

  it('sends the connection\'s ClientMetadata with a refresh (REFRESH_TOKEN_AUTH)', async () => {
    const before = api.sessions.get(withMetadata.id)!;
    recorder.calls.length = 0;
    assert.deepEqual(await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: withMetadata.id }), { expiresIn: 3600 }, api.lastError()?.sentence);
    assert.equal(recorder.calls.length, 1);
    const [refresh] = recorder.calls;
    assert.equal(refresh.operation, 'InitiateAuth');
    assert.equal(refresh.body.AuthFlow, 'REFRESH_TOKEN_AUTH');
    assert.deepEqual(refresh.body.AuthParameters, { REFRESH_TOKEN: before.tokens.refreshToken });
    assert.deepEqual(refresh.body.ClientMetadata, METADATA);
    const after = api.sessions.get(withMetadata.id)!;
    assert.notEqual(after.tokens.idToken, before.tokens.idToken);
    assert.equal(after.tokens.refreshToken, before.tokens.refreshToken);
  });

  it('sends the connection\'s ClientMetadata with a self-service call (ResendConfirmationCode)', async () => {
    recorder.calls.length = 0;
    assert.deepEqual(await vscode.commands.executeCommand('cognitoExplorer.resendCode', { connectionId: withMetadata.id, username: 'meta' }), { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'm***@e***' }, api.lastError()?.sentence);
    assert.deepEqual(recorder.calls.map((c) => [c.operation, c.body.ClientMetadata]), [['ResendConfirmationCode', METADATA]]);
  });

  it('sends no ClientMetadata for a connection without it', async () => {
    recorder.calls.length = 0;
    assert.ok(await signIn(without.id), api.lastError()?.sentence);
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: without.id }), api.lastError()?.sentence);
    assert.deepEqual(recorder.calls.map((c) => [c.operation, c.body.ClientId, 'ClientMetadata' in c.body]), [
      ['InitiateAuth', 'plainclient', false],
      ['RespondToAuthChallenge', 'plainclient', false],
      ['InitiateAuth', 'plainclient', false],
    ]);
  });
});
