/**
 * A stalled endpoint inside a real VS Code: with requestTimeoutSeconds at 2, a sign-in against a server that never
 * answers ends on its own with one sentence naming the endpoint, instead of a notification spinning for good.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFaultServer, type FaultServer } from '../support/faultServer';
import { addConnections, extensionApi, removeConnections } from './hostSupport';

describe('a stalled endpoint (extension host)', function () {
  this.timeout(60_000);
  const id = 'exthost-stall';
  let server: FaultServer;

  before(async () => {
    server = await startFaultServer('stall');
    await vscode.workspace.getConfiguration('cognitoExplorer').update('requestTimeoutSeconds', 2, vscode.ConfigurationTarget.Global);
    await addConnections(await extensionApi(), [{ id, name: 'stalled', region: 'us-east-1', userPoolId: 'us-east-1_Stalled1', clientId: 'stalledclient', endpointUrl: server.endpoint }]);
  });

  after(async () => {
    await removeConnections(await extensionApi(), [id]);
    await vscode.workspace.getConfiguration('cognitoExplorer').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await server.stop();
  });

  it('a sign-in ends within the deadline with a sentence naming the endpoint', async () => {
    const api = await extensionApi();
    const started = Date.now();
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: 'alice', password: 'Passw0rd!', flow: 'password' });
    const ms = Date.now() - started;
    assert.equal(result, undefined);
    assert.ok(server.requests >= 1, 'the request reached the stalled server');
    assert.match(api.lastError()!.sentence, new RegExp(`^Could not sign in: ${server.endpoint.replace(/[.]/g, '\\.')} did not answer within 2 seconds`));
    // A hang would run into the test's timeout; this ended by itself near the 2-second deadline.
    assert.ok(ms < 15_000, `took ${ms} ms`);
    assert.equal(api.sessions.get(id), undefined);
  });
});
