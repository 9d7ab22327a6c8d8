/**
 * Tokens in the editor and S3 objects inside a real VS Code against moto: the token panel following the session
 * (another user, a refresh, sign-out), the hover and CodeLens on a JWT in a document, Decode Token from the
 * selection and the clipboard, Compare Tokens, Token to Request, and the Resources view's object commands.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/nodes';
import { createBucket, seedStandard, type Seeded } from '../support/seed';
import { addConnections, claims, extensionApi, hoverText, motoEndpoint, removeConnections, waitFor } from './hostSupport';

const ID = 'exthost-tokentools';

describe('tokens in the editor and S3 objects (extension host)', function () {
  this.timeout(60_000);
  const prefix = `tokentools-${Date.now().toString(36)}`;
  const bucket = `${prefix}-objects`;
  let api: CognitoExplorerApi;
  let seed: Seeded;

  before(async () => {
    const endpoint = motoEndpoint();
    seed = await seedStandard(endpoint, { bucketPrefix: prefix });
    await createBucket(endpoint, bucket, { 'notes/hello.txt': 'hello from S3\n', 'data.csv': 'a,b\n1,2\n' });
    api = await extensionApi();
    const conn: Connection = { id: ID, name: 'token tools moto', region: 'us-east-1', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id, identityPoolId: seed.identityPool.id, endpointUrl: endpoint };
    await addConnections(api, [conn]);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeConnections(api, [ID]);
  });

  const signIn = async (user: 'alice' | 'bob') => {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: ID, username: user, password: seed.pool[user].password, flow: 'password' });
    assert.ok(result, api.lastError()?.sentence);
  };
  const panel = () => api.tokenPanelState({ connectionId: ID });

  it('the token panel follows the session: another user signs in, the tokens refresh, the user signs out', async () => {
    await signIn('alice');
    await vscode.commands.executeCommand('cognitoExplorer.showTokens', { connectionId: ID });
    assert.equal(panel()?.username, 'alice');
    assert.equal(panel()?.tokens.id.payload['cognito:username'], 'alice');

    await signIn('bob');
    const bobs = await waitFor('the panel to show bob', () => panel()?.username === 'bob' && panel());
    assert.equal(bobs.tokens.id.payload['cognito:username'], 'bob');
    assert.equal(bobs.tokens.access.payload.username, 'bob');
    const verified = await waitFor('bob\'s tokens to be verified', () => panel()?.tokens.id.verification.status === 'done' && panel());
    assert.equal(verified.tokens.id.verification.status === 'done' && verified.tokens.id.verification.result.verified, true);

    const jtiBefore = panel()!.tokens.access.payload.jti;
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: ID }), api.lastError()?.sentence);
    const refreshed = await waitFor('the panel to show the refreshed tokens', () => panel()?.tokens.access.payload.jti !== jtiBefore && panel());
    assert.equal(refreshed.tokens.access.payload.jti, claims(api.sessions.get(ID)!.tokens.accessToken).jti);

    await vscode.commands.executeCommand('cognitoExplorer.signOut', { connectionId: ID });
    await waitFor('the panel to close', () => panel() === undefined);
  });

  it('hovers and lenses a JWT in a document; the lens opens the editor-token panel, verified against the matching connection', async () => {
    await signIn('alice');
    const idToken = api.sessions.get(ID)!.tokens.idToken;
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: `{\n  "note": "no token here",\n  "idToken": "${idToken}"\n}\n` });
    await vscode.window.showTextDocument(doc);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 20));
    const text = hoverText(hovers);
    assert.match(text, /Cognito ID token\*\* of alice/);
    assert.match(text, new RegExp(`Pool: ${seed.pool.id} \\(us-east-1\\)`));
    assert.match(text, /\$\(clock\) expires in (59 min|60 min|1 h) \(\d{4}-\d\d-\d\dT/);
    assert.match(text, /\[Decode token\]\(command:cognitoExplorer\.decodeTokenAt/);
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 12));
    assert.doesNotMatch(hoverText(none), /Cognito/);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const ours = lenses.filter((l) => l.command?.command === 'cognitoExplorer.decodeTokenAt');
    assert.equal(ours.length, 1);
    assert.equal(ours[0].range.start.line, 2);
    assert.equal(ours[0].command!.title, 'Decode token');
    // Either can be turned off; the lenses go at once.
    const config = vscode.workspace.getConfiguration('cognitoExplorer');
    await config.update('editorTokens.codeLens', false, vscode.ConfigurationTarget.Global);
    await config.update('editorTokens.hover', false, vscode.ConfigurationTarget.Global);
    try {
      const off = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      assert.equal(off.filter((l) => l.command?.command === 'cognitoExplorer.decodeTokenAt').length, 0);
      const quiet = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 20));
      assert.doesNotMatch(hoverText(quiet), /Cognito/);
    } finally {
      await config.update('editorTokens.codeLens', undefined, vscode.ConfigurationTarget.Global);
      await config.update('editorTokens.hover', undefined, vscode.ConfigurationTarget.Global);
    }

    await vscode.commands.executeCommand(ours[0].command!.command, ...(ours[0].command!.arguments ?? []));
    const state = await waitFor('the editor-token panel to verify', () => api.tokenPanelState('editor')?.tokens.id.verification.status === 'done' && api.tokenPanelState('editor'));
    assert.equal(state.only, 'id');
    assert.equal(state.username, 'alice');
    assert.equal(state.connection.name, 'Token from the editor, matched to token tools moto');
    assert.ok(state.tokens.id.verification.status === 'done' && state.tokens.id.verification.result.verified, JSON.stringify(state.tokens.id.verification));
  });

  it('Decode Token takes the selection first, then the clipboard', async () => {
    const { idToken, accessToken } = api.sessions.get(ID)!.tokens;
    const doc = await vscode.workspace.openTextDocument({ content: `Authorization: Bearer ${accessToken}\nplain line\n` });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, doc.lineAt(0).text.length);
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.decodeToken'), true);
    assert.equal(api.tokenPanelState('editor')?.only, 'access');

    editor.selection = new vscode.Selection(1, 2, 1, 2);
    await vscode.env.clipboard.writeText(`copied from a log: "${idToken}"`);
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.decodeToken'), true);
    assert.equal(api.tokenPanelState('editor')?.only, 'id');
    assert.equal(api.tokenPanelState('editor')?.tokens.id.payload.jti, claims(idToken).jti);
  });

  it('compares two tokens claim by claim in a readable document', async () => {
    const alice = api.sessions.get(ID)!.tokens.idToken;
    await signIn('bob');
    const bob = api.sessions.get(ID)!.tokens.idToken;
    const text = await vscode.commands.executeCommand<string>('cognitoExplorer.compareTokens', { a: alice, b: bob, labelA: 'alice', labelB: 'bob' });
    assert.match(text, /^~ cognito:username\n {4}A: alice\n {4}B: bob$/m);
    assert.match(text, /^~ sub$/m);
    assert.match(text, /^Unchanged:\n(.|\n)*  token_use: id$/m);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), text);
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'cognito-explorer-diff');
  });

  it('copies a token as curl and inserts it as an .http request at the cursor', async () => {
    const access = api.sessions.get(ID)!.tokens.accessToken;
    const url = "https://api.example.com/items?q=it's";
    assert.deepEqual(await vscode.commands.executeCommand('cognitoExplorer.copyTokenAsRequest', { connectionId: ID, which: 'access', format: 'curl', url }), { copied: true });
    assert.equal(await vscode.env.clipboard.readText(), `curl -sS -H 'Authorization: Bearer ${access}' 'https://api.example.com/items?q=it'\\''s'`);

    const doc = await vscode.workspace.openTextDocument({ content: 'before\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    assert.deepEqual(await vscode.commands.executeCommand('cognitoExplorer.insertTokenAsRequest', { connectionId: ID, which: 'access', format: 'http', url: 'https://api.example.com/me', method: 'POST' }), { inserted: true });
    assert.equal(doc.getText(), `before\n### bob's Access token (token tools moto)\nPOST https://api.example.com/me\nAuthorization: Bearer ${access}\n`);
  });

  it('Resources view: bucket regions, folder icons, and Open, Download, Copy S3 URI, presigned URL and ARN on an object', async () => {
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.getCredentials', { connectionId: ID }), api.lastError()?.sentence);
    const root = await waitFor('the connection in the Resources view', async () => (await api.resourcesTree.getChildren()).find((n: TreeNode) => n.item().id === `resources:${ID}`));
    const buckets = await api.resourcesTree.getChildren(root);
    const bucketNode = buckets.find((n) => n.item().label === bucket)!;
    assert.equal(bucketNode.item().description, 'us-east-1');
    const level = await api.resourcesTree.getChildren(bucketNode);
    const folder = level.find((n) => n.item().label === 'notes')!;
    assert.equal((folder.item().iconPath as vscode.ThemeIcon).id, 'folder');
    assert.equal(folder.item().contextValue, 'prefix');
    const object = (await api.resourcesTree.getChildren(folder)).find((n) => n.item().label === 'hello.txt')!;
    assert.equal(object.item().contextValue, 'object');

    const opened = await vscode.commands.executeCommand<string>('cognitoExplorer.openObject', object);
    assert.ok(opened, api.lastError()?.sentence);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), opened);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), 'hello from S3\n');

    const dir = mkdtempSync(join(tmpdir(), 'cognito-download-'));
    try {
      const saved = await vscode.commands.executeCommand<string>('cognitoExplorer.downloadObject', object, { destination: join(dir, 'hello.txt') });
      assert.equal(readFileSync(saved, 'utf8'), 'hello from S3\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.copyObjectUri', object), `s3://${bucket}/notes/hello.txt`);
    assert.equal(await vscode.env.clipboard.readText(), `s3://${bucket}/notes/hello.txt`);
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.copyArn', folder), `arn:aws:s3:::${bucket}/notes/`);
    const url = await vscode.commands.executeCommand<string>('cognitoExplorer.copyPresignedUrl', object, { expiresInSeconds: 600 });
    assert.match(url, /X-Amz-Expires=600/);
    assert.equal(await vscode.env.clipboard.readText(), url);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'hello from S3\n');
  });
});
