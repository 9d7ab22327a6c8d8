/**
 * Token refresh and credentials renewal inside VS Code against moto: the refresh command, the automatic refresh of
 * a session that comes back from SecretStorage already expired, a refused refresh token (one notice, no loop),
 * the setting, and expired AWS credentials renewed when the Resources view expands.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/nodes';
import { seedStandard, type Seeded } from '../support/seed';
import { addConnections, claims, extensionApi, motoEndpoint, removeConnections, sleep, waitFor } from './hostSupport';

const HOUR = 3_600_000;

describe('refresh and credentials renewal (extension host)', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let seed: Seeded;
  const id = 'exthost-refresh';

  before(async () => {
    const endpoint = motoEndpoint();
    seed = await seedStandard(endpoint, { bucketPrefix: `refresh-${Date.now().toString(36)}` });
    api = await extensionApi();
    const conn: Connection = {
      id,
      name: 'refresh moto',
      region: 'us-east-1',
      userPoolId: seed.pool.id,
      clientId: seed.pool.publicClient.id,
      identityPoolId: seed.identityPool.id,
      endpointUrl: endpoint,
    };
    await addConnections(api, [conn]);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('cognitoExplorer').update('refreshMinutesBeforeExpiry', undefined, vscode.ConfigurationTarget.Global);
    await removeConnections(api, [id]);
  });

  async function signInAlice(): Promise<void> {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: 'alice', password: seed.pool.alice.password });
    assert.ok(result, api.lastError()?.sentence);
  }

  it('"Refresh Tokens Now" saves a new ID and access token and keeps the refresh token', async () => {
    await signInAlice();
    const before = (await api.sessions.store.load(id))!;
    assert.equal(api.refresh.scheduler.status(id)?.state, 'scheduled');
    assert.equal(api.refresh.scheduler.status(id)?.dueAt, before.tokens.obtainedAt + HOUR - 5 * 60_000);

    const result = await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: id });
    assert.deepEqual(result, { expiresIn: 3600 }, api.lastError()?.sentence);
    const after = (await api.sessions.store.load(id))!;
    assert.notEqual(after.tokens.idToken, before.tokens.idToken);
    assert.notEqual(after.tokens.accessToken, before.tokens.accessToken);
    assert.equal(after.tokens.refreshToken, before.tokens.refreshToken);
    assert.equal(after.username, 'alice');
    assert.equal(claims(after.tokens.idToken)['cognito:username'], 'alice');
    assert.equal(claims(after.tokens.idToken).token_use, 'id');
    assert.ok(after.tokens.obtainedAt >= before.tokens.obtainedAt);
    // The in-memory view follows, and the next automatic refresh is planned from the new tokens.
    assert.equal(api.sessions.get(id)?.tokens.idToken, after.tokens.idToken);
    assert.equal(api.refresh.scheduler.status(id)?.dueAt, after.tokens.obtainedAt + HOUR - 5 * 60_000);
  });

  it('refreshes at once a session that comes back from SecretStorage with expired tokens (a window reopened later)', async () => {
    const stored = (await api.sessions.store.load(id))!;
    const stale = { ...stored, tokens: { ...stored.tokens, obtainedAt: Date.now() - 2 * HOUR } };
    // Written under the extension, as a previous window left it; then loaded as on activation.
    await api.sessions.store.save(id, stale);
    await api.sessions.reload();
    const fresh = await waitFor('the automatic refresh', async () => {
      const s = await api.sessions.store.load(id);
      return s && s.tokens.idToken !== stored.tokens.idToken && s;
    });
    assert.equal(fresh.tokens.refreshToken, stored.tokens.refreshToken);
    assert.ok(fresh.tokens.obtainedAt > Date.now() - 60_000);
    // The tokens reach SecretStorage a moment before the refresh settles and the next one is planned.
    await waitFor('the next refresh to be planned', () => api.refresh.scheduler.status(id)?.state === 'scheduled');
    assert.ok(!api.refresh.notices.some((n) => n.connectionId === id));
  });

  it('turns automatic refresh off at 0 minutes and back on', async () => {
    const config = vscode.workspace.getConfiguration('cognitoExplorer');
    await config.update('refreshMinutesBeforeExpiry', 0, vscode.ConfigurationTarget.Global);
    await waitFor('the schedule to be dropped', () => api.refresh.scheduler.status(id) === undefined);
    await config.update('refreshMinutesBeforeExpiry', 10, vscode.ConfigurationTarget.Global);
    const tokens = api.sessions.get(id)!.tokens;
    await waitFor('the 10-minute plan', () => api.refresh.scheduler.status(id)?.dueAt === tokens.obtainedAt + HOUR - 10 * 60_000);
    await config.update('refreshMinutesBeforeExpiry', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the default plan', () => api.refresh.scheduler.status(id)?.dueAt === tokens.obtainedAt + HOUR - 5 * 60_000);
  });

  it('a refused refresh token ends the session with one "sign in again" notice and no retry loop', async () => {
    const stored = (await api.sessions.store.load(id))!;
    await api.sessions.save(id, { ...stored, tokens: { ...stored.tokens, refreshToken: 'revoked-refresh-token', obtainedAt: Date.now() - 2 * HOUR } });
    const notice = await waitFor('the session-ended notice', () => api.refresh.notices.find((n) => n.connectionId === id));
    assert.deepEqual(notice, { connectionId: id, kind: 'ended', sentence: 'Your session for refresh moto has ended; sign in again.' });
    assert.equal(api.refresh.scheduler.status(id)?.state, 'ended');
    // Change events for the same tokens (a reload, another window) must not start it again.
    await api.sessions.reload();
    await sleep(1_000);
    assert.equal(api.refresh.notices.filter((n) => n.connectionId === id).length, 1);
    assert.equal(api.refresh.scheduler.status(id)?.state, 'ended');

    // Asking by hand says the same once more (with its Sign In button) rather than failing with an error popup.
    const errorsBefore = api.lastError();
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: id }), undefined);
    assert.equal(api.lastError(), errorsBefore);
    assert.equal(api.refresh.notices.filter((n) => n.connectionId === id).length, 2);

    // A new sign-in brings a new refresh token, which is scheduled again.
    await signInAlice();
    await waitFor('a new plan', () => api.refresh.scheduler.status(id)?.state === 'scheduled');
  });

  it('renews expired AWS credentials when the Resources view expands, and lists the buckets', async () => {
    const got = await vscode.commands.executeCommand<{ identityId: string; expiration: string }>('cognitoExplorer.getCredentials', { connectionId: id });
    assert.ok(got, api.lastError()?.sentence);
    const stored = (await api.sessions.store.load(id))!;
    const expired = new Date(Date.now() - 60_000).toISOString();
    await api.sessions.save(id, { ...stored, credentials: { ...stored.credentials!, expiration: expired } });

    const roots = await api.resourcesTree.getChildren();
    const root = roots.find((n: TreeNode) => n.item().id === `resources:${id}`);
    assert.ok(root, 'the connection is in the Resources view');
    const labels = (await api.resourcesTree.getChildren(root)).map((n) => String(n.item().label));
    assert.ok(labels.includes(seed.bucket.name), `buckets: ${labels.join(', ')}`);

    const renewed = (await api.sessions.store.load(id))!.credentials!;
    assert.notEqual(renewed.expiration, expired);
    assert.ok(Date.parse(renewed.expiration) > Date.now() + 30_000, `new expiration ${renewed.expiration}`);
    assert.ok(renewed.accessKeyId);
  });

  it('renews credentials that expire within a minute before opening a terminal', async () => {
    const stored = (await api.sessions.store.load(id))!;
    const soon = new Date(Date.now() + 20_000).toISOString();
    await api.sessions.save(id, { ...stored, credentials: { ...stored.credentials!, expiration: soon } });
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('cognitoExplorer.openTerminal', { connectionId: id });
    assert.ok(terminal, api.lastError()?.sentence);
    try {
      const renewed = (await api.sessions.store.load(id))!.credentials!;
      assert.notEqual(renewed.expiration, soon);
      assert.equal((terminal.creationOptions as vscode.TerminalOptions).env?.AWS_CREDENTIAL_EXPIRATION, renewed.expiration);
    } finally {
      terminal.dispose();
    }
  });

  it('shows an error node when credentials cannot be renewed', async () => {
    const stored = (await api.sessions.store.load(id))!;
    await api.sessions.save(id, { ...stored, credentials: { ...stored.credentials!, expiration: new Date(Date.now() - 60_000).toISOString() } });
    const conns = vscode.workspace.getConfiguration('cognitoExplorer').inspect<Connection[]>('connections')!.globalValue!;
    const mine = conns.find((c) => c.id === id)!;
    await addConnections(api, [{ ...mine, identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }]);
    try {
      const root = (await api.resourcesTree.getChildren()).find((n) => n.item().id === `resources:${id}`)!;
      const nodes = await api.resourcesTree.getChildren(root);
      assert.equal(nodes.length, 1);
      const item = nodes[0].item();
      assert.equal(item.contextValue, 'error');
      assert.match(String(item.tooltip), /Identity pool us-east-1:00000000-0000-0000-0000-000000000000 was not found|get AWS credentials/);
    } finally {
      await addConnections(api, [mine]);
    }
  });
});
