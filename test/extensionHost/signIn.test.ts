/**
 * Sign-in through challenges inside a real VS Code against moto: the palette command with automation answers
 * (NEW_PASSWORD_REQUIRED), the sign-in trace it records (in the Sessions view and as a document) without secrets,
 * and the sign-in panel opening as a webview.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/nodes';
import { seedStandard, type Seeded } from '../support/seed';
import { EXTENSION_ID, waitFor } from './hostSupport';

const CONN_ID = 'exthost-signin';
const NEW_PASSWORD = 'Newcomer-N3w-Passw0rd!';


const children = async (provider: vscode.TreeDataProvider<TreeNode>, node?: TreeNode) => (await provider.getChildren(node)) ?? [];
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

describe('sign-in with challenges (extension host)', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let seed: Seeded;
  let conn: Connection;
  let before_: unknown;
  const secrets: string[] = [NEW_PASSWORD];

  before(async () => {
    const endpoint = process.env.COGNITO_EXPLORER_TEST_ENDPOINT ?? '';
    assert.ok(endpoint, 'COGNITO_EXPLORER_TEST_ENDPOINT must point at a running moto server');
    seed = await seedStandard(endpoint, { bucketPrefix: `exthost-signin-${Date.now().toString(36)}` });
    secrets.push(seed.pool.newcomer.password);
    api = await vscode.extensions.getExtension<CognitoExplorerApi>(EXTENSION_ID)!.activate();
    const config = vscode.workspace.getConfiguration('cognitoExplorer');
    before_ = config.inspect('connections')?.globalValue;
    conn = { id: CONN_ID, name: 'sign-in host', region: 'us-east-1', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id, endpointUrl: endpoint };
    await config.update('connections', [conn], vscode.ConfigurationTarget.Global);
    await waitFor('the connection to load', () => api.settings.connection(CONN_ID));
  });

  after(async () => {
    await vscode.commands.executeCommand('cognitoExplorer.signOut', { connectionId: CONN_ID });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('cognitoExplorer').update('connections', before_ ?? [], vscode.ConfigurationTarget.Global);
  });

  it('stops at NEW_PASSWORD_REQUIRED when automation gives no answer, and records where it stopped', async () => {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: CONN_ID, username: 'newcomer', password: seed.pool.newcomer.password, flow: 'password' });
    assert.equal(result, undefined);
    assert.deepEqual(api.lastError(), { command: 'cognitoExplorer.signIn', sentence: 'Cognito asks for NEW_PASSWORD_REQUIRED and no answer was given for it.' });
    assert.equal(await api.sessions.store.load(CONN_ID), undefined);
    const text = await vscode.commands.executeCommand<string>('cognitoExplorer.showSignInTrace', { connectionId: CONN_ID });
    assert.match(text, /^Outcome: waiting for NEW_PASSWORD_REQUIRED$/m);
    assert.match(text, /^1 InitiateAuth USER_PASSWORD_AUTH \{USERNAME=newcomer, PASSWORD=\[redacted\]\} -> challenge NEW_PASSWORD_REQUIRED$/m);

    // Not signed in, yet the Sessions view lists the connection so the trace is reachable.
    const roots = await children(api.sessionsTree);
    const root = roots.find((n) => n.item().label === 'sign-in host');
    assert.ok(root, 'the connection with a trace is in the Sessions view');
    assert.equal(root.item().contextValue, 'connection');
    const [traceNode] = await children(api.sessionsTree, root);
    const item = traceNode.item();
    assert.equal(item.label, 'Sign-in trace');
    assert.equal(item.description, '1 request · waiting for NEW_PASSWORD_REQUIRED');
    assert.deepEqual(item.command, { command: 'cognitoExplorer.showSignInTrace', title: 'Show Sign-In Trace', arguments: [{ connectionId: CONN_ID }] });
  });

  it('answers NEW_PASSWORD_REQUIRED from the automation answers and saves the session', async () => {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', {
      connectionId: CONN_ID,
      username: 'newcomer',
      password: seed.pool.newcomer.password,
      flow: 'password',
      answers: [{ name: 'NEW_PASSWORD_REQUIRED', newPassword: NEW_PASSWORD }],
    });
    assert.deepEqual(result, { connectionId: CONN_ID, username: 'newcomer' }, api.lastError()?.sentence);
    const session = await api.sessions.store.load(CONN_ID);
    assert.ok(session);
    assert.equal(claims(session.tokens.idToken)['cognito:username'], 'newcomer');
    secrets.push(session.tokens.idToken, session.tokens.accessToken, session.tokens.refreshToken ?? 'no-refresh-token');

    const text = await vscode.commands.executeCommand<string>('cognitoExplorer.showSignInTrace', { connectionId: CONN_ID });
    assert.match(text, /^Outcome: signed in$/m);
    assert.match(text, /^User: newcomer {4}Flow: USER_PASSWORD_AUTH/m);
    const lines = text.split('\n').filter((l) => /^\d+ /.test(l));
    assert.deepEqual(lines, [
      '1 InitiateAuth USER_PASSWORD_AUTH {USERNAME=newcomer, PASSWORD=[redacted]} -> challenge NEW_PASSWORD_REQUIRED',
      '2 RespondToAuthChallenge NEW_PASSWORD_REQUIRED {USERNAME=newcomer, NEW_PASSWORD=[redacted], Session=[redacted]} -> tokens',
    ]);
    for (const secret of secrets) assert.ok(!text.includes(secret), 'no password or token in the trace');
    const doc = await waitFor('the trace document to show this sign-in', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.getText() === text && d;
    });
    assert.equal(doc?.uri.scheme, 'cognito-explorer-trace', 'a read-only document');
    assert.equal(doc?.isDirty, false);

    const root = (await children(api.sessionsTree)).find((n) => n.item().label === 'sign-in host')!;
    assert.equal(root.item().contextValue, 'connection:signedIn');
    const kids = (await children(api.sessionsTree, root)).map((n) => n.item());
    assert.deepEqual(kids.map((i) => [i.label, i.contextValue]), [['newcomer', 'session'], ['Sign-in trace', 'signInTrace']]);
    assert.equal(kids[1].description, '2 requests · signed in');
  });

  it('the new password works with SRP, and each sign-in replaces the trace', async () => {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: CONN_ID, username: 'newcomer', password: NEW_PASSWORD, flow: 'srp' });
    assert.deepEqual(result, { connectionId: CONN_ID, username: 'newcomer' }, api.lastError()?.sentence);
    const text = await vscode.commands.executeCommand<string>('cognitoExplorer.showSignInTrace', { connectionId: CONN_ID });
    assert.match(text, /^1 InitiateAuth USER_SRP_AUTH \{USERNAME=newcomer, SRP_A=\[redacted\]\} -> challenge PASSWORD_VERIFIER$/m);
    assert.match(text, /^2 RespondToAuthChallenge PASSWORD_VERIFIER \{USERNAME=newcomer, PASSWORD_CLAIM_SECRET_BLOCK=\[redacted\], PASSWORD_CLAIM_SIGNATURE=\[redacted\], TIMESTAMP=\[redacted\], Session=\[redacted\]\} -> tokens$/m);
    assert.ok(!text.includes('NEW_PASSWORD_REQUIRED'));
  });

  it('a failed sign-in is traced too, with the sentence the user saw', async () => {
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: CONN_ID, username: 'newcomer', password: seed.pool.newcomer.password, flow: 'password' });
    assert.equal(result, undefined);
    const sentence = `Incorrect username or password for pool ${seed.pool.id}.`;
    assert.deepEqual(api.lastError(), { command: 'cognitoExplorer.signIn', sentence });
    const text = await vscode.commands.executeCommand<string>('cognitoExplorer.showSignInTrace', { connectionId: CONN_ID });
    assert.match(text, new RegExp(`^Outcome: failed: ${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(text, /^1 InitiateAuth USER_PASSWORD_AUTH \{USERNAME=newcomer, PASSWORD=\[redacted\]\} -> error NotAuthorizedException$/m);
    // The earlier session stays: a failed attempt does not sign anybody out.
    assert.equal((await api.sessions.store.load(CONN_ID))?.username, 'newcomer');
  });

  it('opens the sign-in panel as a webview', async () => {
    await vscode.commands.executeCommand('cognitoExplorer.openSignInPanel', { connectionId: CONN_ID });
    const tab = await waitFor('the sign-in panel tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('cognitoExplorer.signInPanel')),
    );
    assert.equal(tab.label, 'Cognito: Sign In');
  });

  it('kept the new password, tokens and temporary password out of the log', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = api.logUri.fsPath;
    const text = await waitFor('the log to name the sign-in', async () => {
      const files = await readdir(dir).catch(() => [] as string[]);
      const all = (await Promise.all(files.map((f) => readFile(`${dir}/${f}`, 'utf8').catch(() => '')))).join('\n');
      return all.includes('Signed in to "sign-in host" as newcomer') && all;
    });
    for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret value reached the log');
  });
});
