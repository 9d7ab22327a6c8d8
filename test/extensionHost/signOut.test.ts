/**
 * Global sign-out against moto (the refresh token really stops working), and revoke: moto answers RevokeToken with
 * HTTP 500 (the local sign-out still happens, one sentence says what failed, quickly), and a recorded
 * AWS-shaped endpoint shows the exact request, client secret included.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { refreshTokens } from '../../src/core/auth/refresh';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import { type RecordingCognito, startRecordingCognito, unsignedJwt } from '../support/recordingCognito';
import { seedStandard, type Seeded } from '../support/seed';
import { addConnections, extensionApi, motoEndpoint, removeConnections } from './hostSupport';

describe('sign-out variants (extension host)', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let seed: Seeded;
  let recorder: RecordingCognito;
  let conn: Connection;
  const id = 'exthost-signout';
  const recordedId = 'exthost-signout-recorded';

  before(async () => {
    const endpoint = motoEndpoint();
    seed = await seedStandard(endpoint, { bucketPrefix: `signout-${Date.now().toString(36)}` });
    recorder = await startRecordingCognito({ RevokeToken: () => ({}) });
    api = await extensionApi();
    conn = { id, name: 'sign-out moto', region: 'us-east-1', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id, endpointUrl: endpoint };
    await addConnections(api, [
      conn,
      { id: recordedId, name: 'sign-out recorded', region: 'us-east-1', userPoolId: 'us-east-1_Recorded1', clientId: 'recordedclient', endpointUrl: recorder.endpoint, hasClientSecret: true },
    ]);
    await api.sessions.store.setClientSecret(recordedId, 'recorded-client-secret');
  });

  after(async () => {
    await api.sessions.store.setClientSecret(recordedId, undefined);
    await removeConnections(api, [id, recordedId]);
    await recorder.stop();
  });

  async function signIn(): Promise<string> {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: 'bob', password: seed.pool.bob.password });
    assert.ok(result, api.lastError()?.sentence);
    return (await api.sessions.store.load(id))!.tokens.refreshToken!;
  }

  it('"Sign Out Everywhere" ends the session at Cognito and here', async () => {
    const refreshToken = await signIn();
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.globalSignOut', { connectionId: id }), true, api.lastError()?.sentence);
    assert.equal(await api.sessions.store.load(id), undefined);
    assert.equal(api.sessions.get(id), undefined);
    assert.equal(api.refresh.scheduler.status(id), undefined);
    // moto dropped every refresh token of bob: the old one is refused.
    await assert.rejects(refreshTokens(conn, refreshToken), (err: { code?: string; message?: string }) => err.code === 'SessionExpired' && /sign in again\.$/.test(err.message ?? ''));
  });

  it('revoke against moto (HTTP 500): signed out here anyway, one sentence says the revoke failed, within seconds', async () => {
    await signIn();
    const started = Date.now();
    const result = await vscode.commands.executeCommand('cognitoExplorer.revokeAndSignOut', { connectionId: id });
    assert.equal(result, undefined);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    const failure = api.lastError()!;
    assert.equal(failure.command, 'cognitoExplorer.revokeAndSignOut');
    assert.match(failure.sentence, /^Signed out of sign-out moto on this machine, but Cognito could not revoke the refresh token: .*HTTP 500.*\.$/);
    assert.equal(failure.sentence.split(/\.\s/).length, 1, 'one sentence');
    assert.equal(await api.sessions.store.load(id), undefined);
    assert.equal(api.sessions.get(id), undefined);
  });

  it('revoke sends RevokeToken with the refresh token, client id and client secret, then clears the session', async () => {
    const now = Math.floor(Date.now() / 1000);
    await api.sessions.save(recordedId, {
      username: 'rita',
      tokens: {
        idToken: unsignedJwt({ token_use: 'id', 'cognito:username': 'rita', exp: now + 3600 }),
        accessToken: unsignedJwt({ token_use: 'access', username: 'rita', exp: now + 3600 }),
        refreshToken: 'recorded-refresh-token',
        expiresIn: 3600,
        tokenType: 'Bearer',
        obtainedAt: Date.now(),
      },
    });
    recorder.calls.length = 0;
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.revokeAndSignOut', { connectionId: recordedId }), true, api.lastError()?.sentence);
    assert.deepEqual(recorder.calls, [{ operation: 'RevokeToken', body: { Token: 'recorded-refresh-token', ClientId: 'recordedclient', ClientSecret: 'recorded-client-secret' } }]);
    assert.equal(await api.sessions.store.load(recordedId), undefined);
  });
});
