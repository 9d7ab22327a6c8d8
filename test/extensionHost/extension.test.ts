/**
 * The extension inside a real VS Code (code-server): commands, settings, SecretStorage, trees, status bar and terminal,
 * against moto at COGNITO_EXPLORER_TEST_ENDPOINT. Drives the commands with automation arguments, as a script would.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/nodes';
import { seedStandard, type Seeded } from '../support/seed';
import { EXTENSION_ID, waitFor } from './hostSupport';



async function children(provider: vscode.TreeDataProvider<TreeNode>, node?: TreeNode): Promise<TreeNode[]> {
  return (await provider.getChildren(node)) ?? [];
}

const itemOf = (node: TreeNode) => node.item();
const labelOf = (node: TreeNode) => String(itemOf(node).label);
const tokenPanelTab = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('cognitoExplorer.tokenPanel'));

async function child(provider: vscode.TreeDataProvider<TreeNode>, parent: TreeNode | undefined, label: string): Promise<TreeNode> {
  const found = (await children(provider, parent)).find((n) => labelOf(n) === label);
  assert.ok(found, `no tree item "${label}" under ${parent ? labelOf(parent) : 'the root'}`);
  return found;
}

function configuredConnections(): unknown {
  return vscode.workspace.getConfiguration('cognitoExplorer').inspect('connections')?.globalValue;
}

async function setConnections(value: unknown[]): Promise<void> {
  await vscode.workspace.getConfiguration('cognitoExplorer').update('connections', value, vscode.ConfigurationTarget.Global);
}

describe('Cognito Explorer extension host', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let seed: Seeded;
  let endpoint: string;
  const mainId = 'exthost-main';
  /** Every secret value the tests handled, for the log scan at the end. */
  const secrets: string[] = [];

  before(async () => {
    endpoint = process.env.COGNITO_EXPLORER_TEST_ENDPOINT ?? '';
    assert.ok(endpoint, 'COGNITO_EXPLORER_TEST_ENDPOINT must point at a running moto server');
    seed = await seedStandard(endpoint, { bucketPrefix: `exthost-${Date.now().toString(36)}` });
    const extension = vscode.extensions.getExtension<CognitoExplorerApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    api = await extension.activate();
    await setConnections([]);
  });

  after(async () => {
    await setConnections([]);
  });

  it('registers every command declared in package.json, and no undeclared one', async () => {
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    // VS Code adds `<viewId>.focus` and friends for every view; those are not ours to declare.
    const registered = (await vscode.commands.getCommands(true)).filter((c) => /^cognitoExplorer\.[A-Za-z]+$/.test(c));
    assert.ok(declared.length >= 10);
    assert.deepEqual([...registered].sort(), [...declared].sort());
  });

  it('reads connections written to the setting and shows them in the Connections view', async () => {
    const conn: Connection = {
      id: mainId,
      name: 'moto usernames',
      region: 'us-east-1',
      userPoolId: seed.pool.id,
      clientId: seed.pool.publicClient.id,
      identityPoolId: seed.identityPool.id,
      endpointUrl: endpoint,
    };
    await setConnections([conn]);
    const roots = await waitFor('the connection in the tree', async () => {
      const nodes = await children(api.connectionsTree);
      return nodes.length === 1 && nodes;
    });
    const item = itemOf(roots[0]);
    assert.equal(item.label, 'moto usernames');
    assert.equal(item.contextValue, 'connection');
    assert.equal(item.description, seed.pool.id);
    assert.deepEqual(api.settings.connection(mainId), conn);
  });

  it('adds a connection with a client secret: the secret goes to SecretStorage only', async () => {
    const secret = seed.pool.secretClient.secret;
    const id = await vscode.commands.executeCommand<string>('cognitoExplorer.addConnection', {
      name: 'moto with secret',
      region: 'us-east-1',
      userPoolId: seed.pool.id,
      clientId: seed.pool.secretClient.id,
      clientSecret: secret,
      endpointUrl: endpoint,
    });
    assert.match(id, /^moto-with-secret-[0-9a-f]{8}$/);
    const stored = JSON.stringify(configuredConnections());
    assert.ok(!stored.includes(secret), 'the client secret must not be in settings');
    const saved = (configuredConnections() as Connection[]).find((c) => c.id === id);
    assert.deepEqual(saved, {
      id,
      name: 'moto with secret',
      region: 'us-east-1',
      userPoolId: seed.pool.id,
      clientId: seed.pool.secretClient.id,
      endpointUrl: endpoint,
      hasClientSecret: true,
    });
    assert.equal(await api.sessions.store.clientSecret(id), secret);

    // SRP initiate is where moto checks SECRET_HASH, so this proves the secret made the round trip.
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: 'bob', password: seed.pool.bob.password });
    assert.deepEqual(result, { connectionId: id, username: 'bob' });
    assert.equal((await api.sessions.store.load(id))?.username, 'bob');

    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.removeConnection', { connectionId: id }), true);
    assert.equal(await api.sessions.store.clientSecret(id), undefined);
    assert.equal(await api.sessions.store.load(id), undefined);
    assert.ok(!(configuredConnections() as Connection[]).some((c) => c.id === id));
  });

  it('refuses an invalid connection with the validator sentence', async () => {
    const before = JSON.stringify(configuredConnections());
    const id = await vscode.commands.executeCommand('cognitoExplorer.addConnection', {
      name: 'bad',
      region: 'eu-west-1',
      userPoolId: seed.pool.id,
      clientId: 'abc',
    });
    assert.equal(id, undefined);
    assert.match(api.lastError()!.sentence, /pool id starts with us-east-1 but the region is eu-west-1/);
    assert.equal(JSON.stringify(configuredConnections()), before);
  });

  it('a wrong password shows one sentence and stores nothing', async () => {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: mainId, username: 'alice', password: 'Wrong-Passw0rd!', flow: 'password' });
    assert.equal(result, undefined);
    assert.deepEqual(api.lastError(), { command: 'cognitoExplorer.signIn', sentence: `Incorrect username or password for pool ${seed.pool.id}.` });
    assert.equal(await api.sessions.store.load(mainId), undefined);
    assert.equal(api.statusBar.visible, false);
  });

  it('signs in with SRP: tokens in SecretStorage, not in settings or globalState; sessions tree and status bar', async () => {
    const password = seed.pool.alice.password;
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: mainId, username: 'alice', password });
    assert.deepEqual(result, { connectionId: mainId, username: 'alice' });

    const session = await api.sessions.store.load(mainId);
    assert.ok(session, 'the session is in SecretStorage');
    assert.equal(session.username, 'alice');
    secrets.push(password, session.tokens.idToken, session.tokens.accessToken, session.tokens.refreshToken!);
    const claims = JSON.parse(Buffer.from(session.tokens.idToken.split('.')[1], 'base64url').toString('utf8'));
    assert.equal(claims['cognito:username'], 'alice');
    assert.equal(claims.token_use, 'id');

    const everywhereElse = JSON.stringify({
      settings: vscode.workspace.getConfiguration('cognitoExplorer'),
      connections: configuredConnections(),
      globalState: api.globalState.keys().map((k) => [k, api.globalState.get(k)]),
    });
    for (const secret of [password, session.tokens.idToken, session.tokens.accessToken, session.tokens.refreshToken!]) {
      assert.ok(!everywhereElse.includes(secret), 'no password or token outside SecretStorage');
    }

    const [connNode] = await children(api.sessionsTree);
    assert.equal(itemOf(connNode).label, 'moto usernames');
    const [sessionNode] = await children(api.sessionsTree, connNode);
    assert.equal(itemOf(sessionNode).label, 'alice');
    assert.equal(itemOf(sessionNode).contextValue, 'session');
    const tokenItems = (await children(api.sessionsTree, sessionNode)).map(itemOf);
    assert.deepEqual(
      tokenItems.map((i) => [i.label, i.contextValue]),
      [
        ['ID token', 'token:id'],
        ['Access token', 'token:access'],
        ['Refresh token', 'token:refresh'],
      ],
    );
    // moto issues 3600 s tokens; rounding to the second may still show the full hour.
    assert.match(String(tokenItems[0].description), /^expires in (59 min|1 h)$/);
    assert.match(String(tokenItems[1].description), /^expires in (59 min|1 h)$/);
    assert.equal(tokenItems[2].description, 'for refresh');
    assert.deepEqual(tokenItems[1].command?.arguments, [{ connectionId: mainId, which: 'access' }]);
    assert.equal(tokenItems[0].command?.command, 'cognitoExplorer.showTokens');

    assert.equal(api.statusBar.visible, true);
    assert.match(api.statusBar.item.text, /^\$\(account\) alice · (59:\d\d|1:00:00)$/);
    assert.equal(api.statusBar.item.backgroundColor, undefined);
    const before = api.statusBar.item.text;
    await waitFor('the countdown to tick', () => api.statusBar.item.text !== before, 3_000);

    const connectionItem = itemOf((await children(api.connectionsTree))[0]);
    assert.equal(connectionItem.contextValue, 'connection:signedIn');
  });

  it('opens the token panel on the token the status bar and tree items name', async () => {
    const failuresBefore = api.lastError();
    assert.deepEqual(api.statusBar.item.command, {
      command: 'cognitoExplorer.showTokens',
      title: 'Show Tokens',
      arguments: [{ connectionId: mainId }],
    });
    await vscode.commands.executeCommand('cognitoExplorer.showTokens', { connectionId: mainId, which: 'access' });
    assert.equal(api.lastError(), failuresBefore, `showTokens failed: ${api.lastError()?.sentence}`);
    // The tab model reaches the extension host asynchronously.
    const panel = await waitFor('the token panel tab', tokenPanelTab);
    assert.match(panel.label, /moto usernames|alice|token/i);
  });

  it('gets AWS credentials through the identity pool and shows them in the Sessions view', async () => {
    const result = await vscode.commands.executeCommand<{ identityId: string; expiration: string }>('cognitoExplorer.getCredentials', { connectionId: mainId });
    assert.ok(result, api.lastError()?.sentence);
    assert.match(result.identityId, /^us-east-1:/);
    const session = await api.sessions.store.load(mainId);
    assert.equal(session?.credentials?.identityId, result.identityId);
    assert.ok(session?.credentials?.accessKeyId);
    secrets.push(session.credentials.secretAccessKey, session.credentials.sessionToken);
    assert.ok(!JSON.stringify(configuredConnections()).includes(session.credentials.secretAccessKey));

    const [connNode] = await children(api.sessionsTree);
    const [sessionNode] = await children(api.sessionsTree, connNode);
    const credsItem = itemOf(await child(api.sessionsTree, sessionNode, 'AWS credentials'));
    assert.equal(credsItem.contextValue, 'credentials');
    assert.match(String(credsItem.description), new RegExp(`^${result.identityId} · expires in \\d+ (s|min)$`));
  });

  it('lists the seeded buckets, prefixes and objects in the Resources view', async () => {
    const [root] = await children(api.resourcesTree);
    assert.equal(itemOf(root).label, 'moto usernames');
    const bucketLabels = (await children(api.resourcesTree, root)).map(labelOf);
    assert.ok(bucketLabels.includes(seed.bucket.name), `buckets: ${bucketLabels.join(', ')}`);
    assert.ok(bucketLabels.includes(seed.otherBucket.name));

    const bucket = await child(api.resourcesTree, root, seed.bucket.name);
    assert.equal(itemOf(bucket).contextValue, 'bucket');
    const top = (await children(api.resourcesTree, bucket)).map(itemOf);
    assert.deepEqual(
      top.map((i) => [i.label, i.contextValue]),
      [
        ['reports', 'prefix'],
        ['readme.txt', 'object'],
      ],
    );
    const reports = await child(api.resourcesTree, bucket, 'reports');
    assert.deepEqual((await children(api.resourcesTree, reports)).map(labelOf), ['2025', '2026']);
    const y2026 = await child(api.resourcesTree, reports, '2026');
    assert.deepEqual((await children(api.resourcesTree, y2026)).map(labelOf), ['q1.csv', 'q2.csv']);
  });

  it('pages a folder with "Load more…"', async () => {
    await vscode.workspace.getConfiguration('cognitoExplorer').update('s3PageSize', 1, vscode.ConfigurationTarget.Global);
    try {
      const [root] = await children(api.resourcesTree);
      const bucket = await child(api.resourcesTree, root, seed.bucket.name);
      // S3 pages in key order, so "readme.txt" comes before the "reports/" prefix.
      const first = await children(api.resourcesTree, bucket);
      assert.deepEqual(first.map(labelOf), ['readme.txt', 'Load more…']);
      const more = itemOf(first[1]);
      assert.equal(more.command?.command, 'cognitoExplorer.loadMore');
      await vscode.commands.executeCommand('cognitoExplorer.loadMore', ...(more.command?.arguments ?? []));
      assert.deepEqual((await children(api.resourcesTree, bucket)).map(labelOf), ['readme.txt', 'reports']);

      const reports = await child(api.resourcesTree, bucket, 'reports');
      assert.deepEqual((await children(api.resourcesTree, reports)).map(labelOf), ['2025', 'Load more…']);
    } finally {
      await vscode.workspace.getConfiguration('cognitoExplorer').update('s3PageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows an error node when the buckets cannot be listed', async () => {
    const conns = configuredConnections() as Connection[];
    // Port 9 (discard) refuses connections, so listing fails fast with a network error.
    await setConnections(conns.map((c) => (c.id === mainId ? { ...c, endpointUrl: 'http://127.0.0.1:9' } : c)));
    try {
      await waitFor('the new endpoint to apply', () => api.settings.connection(mainId)?.endpointUrl === 'http://127.0.0.1:9');
      const [root] = await children(api.resourcesTree);
      const nodes = await children(api.resourcesTree, root);
      assert.equal(nodes.length, 1);
      const item = itemOf(nodes[0]);
      assert.equal(item.label, 'Could not list buckets — click for details');
      assert.equal(item.contextValue, 'error');
      assert.equal(item.command?.command, 'cognitoExplorer.showErrorDetails');
      assert.match(String(item.tooltip), /Could not reach the endpoint http:\/\/127\.0\.0\.1:9/);
    } finally {
      await setConnections(conns);
      await waitFor('the endpoint to be restored', () => api.settings.connection(mainId)?.endpointUrl === endpoint);
    }
  });

  it('opens a terminal whose environment holds the credentials', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('cognitoExplorer.openTerminal', { connectionId: mainId });
    assert.ok(terminal, api.lastError()?.sentence);
    try {
      const creds = (await api.sessions.store.load(mainId))!.credentials!;
      assert.equal(terminal.name, 'Cognito: moto usernames (alice)');
      const env = (terminal.creationOptions as vscode.TerminalOptions).env ?? {};
      assert.equal(env.AWS_ACCESS_KEY_ID, creds.accessKeyId);
      assert.equal(env.AWS_SECRET_ACCESS_KEY, creds.secretAccessKey);
      assert.equal(env.AWS_SESSION_TOKEN, creds.sessionToken);
      assert.equal(env.AWS_REGION, 'us-east-1');
      assert.equal(env.AWS_CREDENTIAL_EXPIRATION, creds.expiration);
      assert.equal(env.AWS_ENDPOINT_URL, endpoint);
      assert.equal((terminal.creationOptions as vscode.TerminalOptions).isTransient, true, 'never revived from workspace storage');
      assert.ok(vscode.window.terminals.includes(terminal));
    } finally {
      terminal.dispose();
    }
  });

  it('copies the credentials as bash exports to the clipboard', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.copyCredentials', { connectionId: mainId, shell: 'bash' }), 'bash', api.lastError()?.sentence);
    const creds = (await api.sessions.store.load(mainId))!.credentials!;
    const text = await vscode.env.clipboard.readText();
    assert.ok(text.includes(`export AWS_ACCESS_KEY_ID='${creds.accessKeyId}'`), 'the clipboard holds the export lines');
    assert.ok(text.includes(`export AWS_SECRET_ACCESS_KEY='${creds.secretAccessKey}'`));
    await vscode.env.clipboard.writeText('');
  });

  it('signs out: SecretStorage, views, status bar and token panel are cleared', async () => {
    assert.ok(tokenPanelTab(), 'the token panel opened earlier is still open');
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.signOut', { connectionId: mainId }), true);
    assert.equal(await api.sessions.store.load(mainId), undefined);
    assert.equal(api.sessions.get(mainId), undefined);
    assert.deepEqual(await children(api.sessionsTree), []);
    assert.deepEqual(await children(api.resourcesTree), []);
    assert.equal(api.statusBar.visible, false);
    assert.equal(itemOf((await children(api.connectionsTree))[0]).contextValue, 'connection');
    await waitFor('the token panel to close', () => !tokenPanelTab());
  });

  it('writes a log that names what happened and holds no password, token or secret key', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = api.logUri.fsPath;
    const text = await waitFor('the output channel to reach its log file', async () => {
      const files = await readdir(dir).catch(() => [] as string[]);
      const all = (await Promise.all(files.map((f) => readFile(`${dir}/${f}`, 'utf8').catch(() => '')))).join('\n');
      return all.includes('Signed out of') && all;
    });
    assert.match(text, /Signed in to "moto usernames" as alice/);
    assert.match(text, /cognitoExplorer\.signIn failed: Incorrect username or password/);
    assert.ok(secrets.length >= 6);
    for (const secret of [...secrets, 'Wrong-Passw0rd!']) assert.ok(!text.includes(secret), 'a secret value reached the log');
  });
});
