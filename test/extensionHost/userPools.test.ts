/**
 * The User Pools view and its admin actions inside VS Code against moto: regions -> pools -> clients, groups, users
 * (pages of 60, filter, find), user details under mapped names, admin actions updating the tree in place, Connect
 * and Test user, and AccessDenied on one pool (through a fault proxy) leaving the rest of the tree working.
 */
import assert from 'node:assert/strict';
import { AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as vscode from 'vscode';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/nodes';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { createClient, createGroup, createPool, createUser, idpClient } from '../support/seed';
import { seedManyUsers } from '../support/seedUsers';
import { extensionApi, motoEndpoint, removeConnections, waitFor } from './hostSupport';

const config = () => vscode.workspace.getConfiguration('cognitoExplorer');

async function kids(api: CognitoExplorerApi, node?: TreeNode): Promise<TreeNode[]> {
  return api.userPoolsTree.getChildren(node);
}

function label(node: TreeNode): string {
  const l = node.item().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

async function child(api: CognitoExplorerApi, node: TreeNode | undefined, name: string | RegExp): Promise<TreeNode> {
  const all = await kids(api, node);
  const found = all.find((n) => (typeof name === 'string' ? label(n) === name : name.test(label(n))));
  assert.ok(found, `no child ${String(name)} among ${all.map(label).join(', ')}`);
  return found;
}

describe('User Pools view (extension host)', function () {
  this.timeout(120_000);
  let api: CognitoExplorerApi;
  let endpoint: string;
  let proxy: FaultProxy;
  let poolId: string;
  let deniedPoolId: string;
  let secretClientId: string;
  const poolName = `pools-view-${Date.now().toString(36)}`;
  const connections: string[] = [];
  const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };

  before(async () => {
    endpoint = motoEndpoint();
    poolId = await createPool(endpoint, { name: poolName });
    deniedPoolId = await createPool(endpoint, { name: `${poolName}-denied` });
    await createClient(endpoint, poolId, { name: 'web' });
    secretClientId = (await createClient(endpoint, poolId, { name: 'server', secret: true })).id;
    await createGroup(endpoint, poolId, 'admins', 'People who administer');
    await seedManyUsers(endpoint, poolId, 130, { prefix: 'user' });
    await createUser(endpoint, poolId, { username: 'ada', email: 'ada@example.com', groups: ['admins'], attributes: { given_name: 'Ada', 'custom:tier': 'gold' } }).catch(async () =>
      // moto refuses unknown custom attributes in pools without that schema; the mapped standard one is enough.
      createUser(endpoint, poolId, { username: 'ada', email: 'ada@example.com', groups: ['admins'], attributes: { given_name: 'Ada' } }),
    );
    // The view signs admin calls with the default chain; in the extension host that is this process's environment.
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    proxy = await startFaultProxy(endpoint, (req) =>
      req.body.UserPoolId === deniedPoolId ? { type: 'AccessDeniedException', message: `User is not authorized to perform cognito-idp:${req.operation} on ${deniedPoolId}` } : undefined,
    );
    api = await extensionApi();
    await config().update('attributeMap', { given_name: 'First name' }, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.configureAdminAccess', { profile: '', regions: ['us-east-1'], endpointUrl: proxy.endpoint }), true);
    await waitFor('the view to use the endpoint', () => api.settings.poolAccess().endpointUrl === proxy.endpoint);
  });

  after(async () => {
    await removeConnections(api, connections);
    for (const key of ['userPools.profile', 'userPools.regions', 'userPools.endpointUrl', 'attributeMap', 'attributeMapsByPool']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
    process.env.AWS_SECRET_ACCESS_KEY = savedEnv.key;
    if (savedEnv.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (savedEnv.key === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    await proxy.stop();
  });

  const region = () => child(api, undefined, 'us-east-1');
  const pool = async () => child(api, await region(), poolName);
  const users = async () => child(api, await pool(), 'Users');

  it('shows regions -> pools -> app clients, groups, users and identity pools', async () => {
    const r = await region();
    assert.equal(r.item().contextValue, 'poolRegion');
    const p = await pool();
    assert.equal(p.item().description, poolId);
    assert.equal(p.item().contextValue, 'pool');
    assert.deepEqual((await kids(api, p)).map(label), ['App clients', 'Groups', 'Users', 'Identity pools']);
    const clients = await child(api, p, 'App clients');
    assert.deepEqual((await kids(api, clients)).map(label).sort(), ['server', 'web']);
    const admins = await child(api, await child(api, p, 'Groups'), 'admins');
    const groupKids = await kids(api, admins);
    assert.deepEqual(groupKids.map(label), ['Precedence', 'Role', 'Members']);
    assert.deepEqual((await kids(api, groupKids[2])).map(label), ['ada']);
  });

  it('AccessDenied on one pool becomes an error node; the other pools still load', async () => {
    const denied = await child(api, await region(), `${poolName}-denied`);
    const usersOfDenied = await child(api, denied, 'Users');
    const rows = await kids(api, usersOfDenied);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].item().contextValue, 'error');
    assert.match(String(rows[0].item().tooltip), /^Access denied/);
    assert.equal((await kids(api, await users())).filter((n) => n.item().contextValue?.startsWith('user:')).length, 60);
  });

  it('loads users 60 a page with Load more…, then filters on the server and finds by prefix', async () => {
    const u = await users();
    let rows = await kids(api, u);
    assert.equal(rows.filter((n) => n.item().contextValue?.startsWith('user:')).length, 60);
    const more = rows[rows.length - 1];
    assert.equal(label(more), 'Load more…');
    await vscode.commands.executeCommand('cognitoExplorer.loadMorePoolItems', more);
    rows = await kids(api, u);
    assert.equal(rows.filter((n) => n.item().contextValue?.startsWith('user:')).length, 120);

    const expression = await vscode.commands.executeCommand('cognitoExplorer.filterUsers', u, { attribute: 'username', op: '^=', value: 'user001' });
    assert.equal(expression, 'username ^= "user001"');
    assert.equal(u.item().contextValue, 'pool:users:filtered');
    rows = await kids(api, u);
    assert.deepEqual(rows.map(label).sort(), Array.from({ length: 30 }, (_, i) => `user00${100 + i}`));

    const sent = proxy.seen.length;
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.filterUsers', u, { attribute: 'custom:tier', op: '=', value: 'gold' }), undefined);
    assert.match(api.lastError()?.sentence ?? '', /^Cognito cannot filter users by custom attributes such as custom:tier/);
    assert.equal(proxy.seen.length, sent, 'an invalid filter is never sent');
    await vscode.commands.executeCommand('cognitoExplorer.clearUserFilter', u);
    assert.equal(u.item().contextValue, 'pool:users');

    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.findUser', u, 'ada@'), 1);
    const found = (await kids(api, u))[0];
    assert.match(label(found), /^Found: "ada@"/);
    assert.deepEqual((await kids(api, found)).map(label), ['ada']);
  });

  it('shows a user: status, MFA, attributes under their mapped names, groups, devices', async () => {
    const found = (await kids(api, await users()))[0];
    const ada = (await kids(api, found))[0];
    assert.equal(ada.item().contextValue, 'user:enabled:CONFIRMED');
    const parts = await kids(api, ada);
    assert.deepEqual(parts.map(label), ['Status', 'MFA', 'Attributes', 'Groups', 'Devices']);
    assert.equal(parts[0].item().description, 'confirmed');
    const attrs = await kids(api, parts[2]);
    const first = attrs.find((a) => label(a) === 'First name');
    assert.ok(first, `mapped name missing: ${attrs.map(label).join(', ')}`);
    assert.equal(first.item().description, 'Ada');
    assert.ok(attrs.some((a) => label(a) === 'email'), 'unmapped attributes keep their Cognito names');
    assert.deepEqual((await kids(api, parts[3])).map(label), ['admins']);
    assert.equal(parts[3].item().description, '1');
    // moto has no AdminListDevices: the count says "not available", and the error row says why.
    assert.equal(parts[4].item().description, 'not available');
    assert.match(String((await kids(api, parts[4]))[0].item().label), /devices/i);
  });

  it('an invalid attribute map is named once and ignored', async () => {
    await config().update('attributeMapsByPool', { [poolId]: { given_name: 42 } }, vscode.ConfigurationTarget.Global);
    const maps = api.settings.attributeMaps();
    assert.equal(maps.problems.length, 1);
    assert.match(maps.problems[0], new RegExp(`^The attribute map of pool ${poolId}.*ignored`));
    assert.equal(maps.forPool(poolId).entries.get('given_name'), 'First name');
    await config().update('attributeMapsByPool', undefined, vscode.ConfigurationTarget.Global);
  });

  it('disables and enables a user: the tree row changes in place', async () => {
    const rows = await kids(api, await users());
    const node = rows.find((n) => label(n) === 'user00003')!;
    const summary = await vscode.commands.executeCommand<string>('cognitoExplorer.adminDisableUser', { poolId, username: 'user00003' });
    assert.ok(summary, api.lastError()?.sentence);
    assert.match(summary, /user00003/);
    await waitFor('the row to show disabled', () => node.item().contextValue === 'user:disabled:FORCE_CHANGE_PASSWORD');
    assert.match(String(node.item().description), /^user00003@example\.com · disabled/);
    const got = await idpClient(endpoint).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user00003' }));
    assert.equal(got.Enabled, false);
    await vscode.commands.executeCommand('cognitoExplorer.adminEnableUser', { poolId, username: 'user00003' });
    await waitFor('the row to show enabled', () => node.item().contextValue === 'user:enabled:FORCE_CHANGE_PASSWORD');
  });

  it('sets a permanent password, adds to and removes from a group, confirms and deletes', async () => {
    const run = (cmd: string, extra: Record<string, unknown> = {}) => vscode.commands.executeCommand<string | undefined>(`cognitoExplorer.${cmd}`, { poolId, username: 'user00004', ...extra });
    assert.ok(await run('adminSetPassword', { password: 'N3w-Passw0rd!x', permanent: true }), api.lastError()?.sentence);
    const got = await idpClient(endpoint).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user00004' }));
    assert.equal(got.UserStatus, 'CONFIRMED');
    assert.ok(await run('adminAddToGroup', { group: 'admins' }), api.lastError()?.sentence);
    const admins = await child(api, await child(api, await pool(), 'Groups'), 'admins');
    const members = (await kids(api, admins))[2];
    await waitFor('the new member', async () => (await kids(api, members)).map(label).includes('user00004'));
    assert.ok(await run('adminRemoveFromGroup', { group: 'admins' }), api.lastError()?.sentence);
    await waitFor('the member to go', async () => !(await kids(api, members)).map(label).includes('user00004'));

    const u = await users();
    assert.ok((await kids(api, u)).some((n) => label(n) === 'user00004'));
    assert.ok(await run('adminDeleteUser'), api.lastError()?.sentence);
    assert.ok(!(await kids(api, u)).some((n) => label(n) === 'user00004'), 'the deleted user leaves the tree without a reload');
    await assert.rejects(idpClient(endpoint).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user00004' })), /UserNotFound/);
  });

  it('creates a user with attributes checked against the schema; it joins the loaded Users in place, Load more… intact', async () => {
    const u = await users();
    const userRows = async () => (await kids(api, u)).filter((n) => n.item().contextValue?.startsWith('user:')).map(label);
    // The first page, less user00004 (deleted in place above).
    const before = await userRows();
    assert.equal(before.length, 59);
    const create = (extra: Record<string, unknown>) => vscode.commands.executeCommand<string | undefined>('cognitoExplorer.adminCreateUser', { poolId, username: 'zed', temporaryPassword: 'Temp-Passw0rd!', ...extra });

    const sentBad = proxy.seen.length;
    assert.equal(await create({ attributes: { email: 'zed-at-example.com' } }), undefined);
    assert.equal(api.lastError()?.sentence, 'email must be an email address, such as ada@example.com.');
    assert.equal(await create({ attributes: { email: 'zed@example.com', nickname_of_nobody: 'x' } }), undefined);
    assert.equal(api.lastError()?.sentence, 'This pool has no attribute nickname_of_nobody.');
    assert.ok(proxy.seen.slice(sentBad).every((r) => r.operation === 'DescribeUserPool'), 'a refused attribute creates nothing');

    const sent = proxy.seen.length;
    const summary = await create({ attributes: { email: 'zed@example.com', given_name: 'Zed' } });
    assert.ok(summary, api.lastError()?.sentence);
    const got = await idpClient(endpoint).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zed' }));
    assert.equal(got.UserAttributes?.find((a) => a.Name === 'given_name')?.Value, 'Zed');
    const after = await waitFor('zed in the loaded list', async () => {
      const r = await userRows();
      return r.includes('zed') ? r : undefined;
    });
    assert.deepEqual(after, ['zed', ...before], 'inserted first; the loaded page stays');
    assert.ok(!proxy.seen.slice(sent).some((r) => r.operation === 'ListUsers'), 'no page was listed again');
    let rows = await kids(api, u);
    assert.equal(label(rows[rows.length - 1]), 'Load more…');
    while (label(rows[rows.length - 1]) === 'Load more…') {
      await vscode.commands.executeCommand('cognitoExplorer.loadMorePoolItems', rows[rows.length - 1]);
      rows = await kids(api, u);
    }
    const all = rows.filter((n) => n.item().contextValue?.startsWith('user:')).map(label);
    assert.equal(all.filter((n) => n === 'zed').length, 1, 'a later page listing zed does not list them twice');
    const expected: string[] = [];
    let token: string | undefined;
    do {
      const page = await idpClient(endpoint).send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: token }));
      expected.push(...(page.Users ?? []).map((x) => x.Username ?? ''));
      token = page.PaginationToken;
    } while (token);
    assert.deepEqual([...all].sort(), expected.sort());
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.findUser', u, 'zed'), 1);
  });

  it('an open user browser gains a created user and loses a deleted one without reloading', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.openUserBrowser', { poolId, poolName }), true, api.lastError()?.sentence);
    const browser = () => api.userBrowsers().find((p) => p.poolId === poolId);
    const loaded = await waitFor('every user to load', () => (browser()?.done ? browser() : undefined), 60_000);
    const sent = proxy.seen.length;
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.adminCreateUser', { poolId, username: 'yve', attributes: { email: 'yve@example.com' } }), api.lastError()?.sentence);
    await waitFor('yve in the browser', () => browser()?.rows === loaded.rows + 1);
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.adminDeleteUser', { poolId, username: 'yve' }), api.lastError()?.sentence);
    await waitFor('yve gone from the browser', () => browser()?.rows === loaded.rows);
    assert.ok(!proxy.seen.slice(sent).some((r) => r.operation === 'ListUsers'), 'the browser did not reload');
    browser()?.close();
  });

  it('app client details carry the preflight warnings; Connect stores the client secret only in SecretStorage', async () => {
    const text = await vscode.commands.executeCommand<string>('cognitoExplorer.showAppClientDetails', { poolId, clientId: secretClientId });
    assert.ok(text, api.lastError()?.sentence);
    assert.match(text, /## Sign-in preflight/);
    assert.match(text, /secret/i);
    const id = await vscode.commands.executeCommand<string>('cognitoExplorer.connectAppClient', { poolId, clientId: secretClientId, poolName });
    assert.ok(id, api.lastError()?.sentence);
    connections.push(id);
    const conn = api.settings.connection(id)!;
    assert.equal(conn.userPoolId, poolId);
    assert.equal(conn.clientId, secretClientId);
    assert.equal(conn.endpointUrl, proxy.endpoint);
    assert.equal(conn.hasClientSecret, true);
    const secret = await api.sessions.store.clientSecret(id);
    assert.ok(secret && secret.length > 10);
    assert.ok(!JSON.stringify(config().get('connections')).includes(secret), 'the secret is not in settings');
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.connectAppClient', { poolId, clientId: secretClientId }), id, 'a second Connect reuses the connection');
  });

  it('the user browser streams every user of the pool in the background', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.openUserBrowser', { poolId, poolName }), true, api.lastError()?.sentence);
    const browser = () => api.userBrowsers().find((p) => p.poolId === poolId);
    const loaded = await waitFor('every user to load', () => (browser()?.done ? browser() : undefined), 60_000);
    let expected = 0;
    let token: string | undefined;
    do {
      const page = await idpClient(endpoint).send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: token }));
      expected += page.Users?.length ?? 0;
      token = page.PaginationToken;
    } while (token);
    assert.ok(expected > 130);
    assert.equal(loaded.rows, expected);
    loaded.close();
  });

  it('Test user: creates a user with a generated password in SecretStorage and signs in as them', async () => {
    const result = await vscode.commands.executeCommand<{ connectionId: string; username: string }>('cognitoExplorer.createTestUser', { poolId, clientId: secretClientId });
    assert.ok(result, api.lastError()?.sentence);
    assert.equal(api.sessions.get(result.connectionId)?.username, result.username);
    const password = await api.sessions.secrets.get(`cognitoExplorer/testUser/${poolId}/${result.username}/password`);
    assert.ok(password && password.length >= 16);
    assert.ok(!JSON.stringify(api.globalState.keys().map((k) => api.globalState.get(k))).includes(password));
  });

  it('credentials that cannot be found become an error row on the region, with the sentence', async () => {
    await vscode.commands.executeCommand('cognitoExplorer.configureAdminAccess', { profile: 'no-such-profile-here' });
    await waitFor('the profile to apply', () => api.settings.poolAccess().profile === 'no-such-profile-here');
    const rows = await waitFor('the region to reload', async () => {
      const r = await kids(api, await region());
      return r.length === 1 && r[0].item().contextValue === 'error' ? r : undefined;
    });
    assert.match(String(rows[0].item().tooltip), /no-such-profile-here/);
    await vscode.commands.executeCommand('cognitoExplorer.configureAdminAccess', { profile: '' });
  });
});
