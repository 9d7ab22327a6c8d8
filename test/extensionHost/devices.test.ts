/**
 * "Manage Remembered Devices" and device-bound refresh inside VS Code, against the SRP-verifying test server
 * (moto has no device API): list with this editor's device first, stop remembering, forget the current device
 * (its stored secrets go too, and its refresh token stops working).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { confirmDevice, loadDevice, saveDevice } from '../../src/core/auth/devices';
import { startSignIn, type SignInDone, type SignInStep } from '../../src/core/auth/flow';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { DeviceRow } from '../../src/extension/account/devicesModel';
import { startSrpServer, type SrpServer } from '../support/srpServer';
import { addConnections, extensionApi, removeConnections, waitFor } from './hostSupport';

const PASSWORD = 'Device-Passw0rd!';

function done(step: SignInStep): SignInDone {
  assert.equal(step.kind, 'done', step.kind === 'challenge' ? `unexpected challenge ${step.challenge.name}` : '');
  return step as SignInDone;
}

describe('remembered devices (extension host)', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let server: SrpServer;
  let conn: Connection;
  let thisKey: string;
  let laptopKey: string;
  const id = 'exthost-devices';

  before(async () => {
    server = await startSrpServer({ userPoolId: 'us-east-1_DevHost1', deviceTracking: true, clients: [{ clientId: 'devhostclient' }], users: [{ username: 'dora', password: PASSWORD }] });
    api = await extensionApi();
    conn = { id, name: 'devices srp', region: 'us-east-1', userPoolId: 'us-east-1_DevHost1', clientId: 'devhostclient', endpointUrl: server.endpoint };
    await addConnections(api, [conn]);

    // This editor's device: remembered through a first sign-in, then a sign-in that proves the device (tokens bound to it).
    const first = done(await startSignIn({ connection: conn, username: 'dora', password: PASSWORD }));
    const mine = await confirmDevice(conn, first.tokens.accessToken, first.newDevice!, { deviceName: 'this editor' });
    thisKey = mine.device.deviceKey;
    await saveDevice(api.sessions.secrets, id, 'dora', mine.device);
    const bound = done(await startSignIn({ connection: conn, username: 'dora', password: PASSWORD, device: mine.device }));
    // Another machine of dora's, remembered.
    const other = done(await startSignIn({ connection: conn, username: 'dora', password: PASSWORD }));
    laptopKey = (await confirmDevice(conn, other.tokens.accessToken, other.newDevice!, { deviceName: 'old laptop', remember: true })).device.deviceKey;
    await api.sessions.save(id, { username: 'dora', tokens: bound.tokens });
  });

  after(async () => {
    await removeConnections(api, [id]);
    await server?.stop();
  });

  it('refreshing a device-bound session sends the remembered DEVICE_KEY', async () => {
    server.requests.length = 0;
    assert.deepEqual(await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: id }), { expiresIn: 3600 }, api.lastError()?.sentence);
    const refresh = server.requests.find((r) => r.target.endsWith('.InitiateAuth'));
    assert.equal((refresh?.body.AuthParameters as Record<string, string>).DEVICE_KEY, thisKey);
  });

  it('lists the devices, this editor first', async () => {
    const rows = await vscode.commands.executeCommand<DeviceRow[]>('cognitoExplorer.listDevices', { connectionId: id });
    assert.ok(rows, api.lastError()?.sentence);
    assert.deepEqual(
      rows.map((r) => [r.deviceKey, r.label, r.description, r.current]),
      [
        [thisKey, 'this editor', 'this editor · not remembered', true],
        [laptopKey, 'old laptop', 'remembered', false],
      ],
    );
    assert.deepEqual(rows[1].actions, ['forget', 'notRemember']);
  });

  it('stops remembering another device', async () => {
    const rows = await vscode.commands.executeCommand<DeviceRow[]>('cognitoExplorer.listDevices', { connectionId: id, deviceKey: laptopKey, action: 'notRemember' });
    assert.ok(rows, api.lastError()?.sentence);
    assert.equal(server.devices.get(laptopKey)?.remembered, 'not_remembered');
    assert.equal(rows.find((r) => r.deviceKey === laptopKey)?.description, 'not remembered');
  });

  it('refuses an unknown device in one sentence', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.listDevices', { connectionId: id, deviceKey: 'us-east-1_nope', action: 'forget' }), undefined);
    assert.equal(api.lastError()?.sentence, 'dora has no device us-east-1_nope on devices srp.');
  });

  it('forgetting this editor\'s device deletes its stored secrets, and the device-bound session then ends', async () => {
    const rows = await vscode.commands.executeCommand<DeviceRow[]>('cognitoExplorer.listDevices', { connectionId: id, deviceKey: thisKey, action: 'forget' });
    assert.ok(rows, api.lastError()?.sentence);
    assert.deepEqual(rows.map((r) => r.deviceKey), [laptopKey]);
    assert.equal(server.devices.has(thisKey), false);
    assert.equal(await loadDevice(api.sessions.secrets, id, 'dora'), undefined);

    const before = api.refresh.notices.length;
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: id }), undefined);
    const notice = await waitFor('the session-ended notice', () => api.refresh.notices.slice(before).find((n) => n.connectionId === id));
    assert.equal(notice.sentence, 'Your session for devices srp has ended; sign in again.');
  });
});
