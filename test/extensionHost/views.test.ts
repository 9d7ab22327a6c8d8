/**
 * The Sessions view and Sign Out Everywhere as a person meets them: a removed connection takes its failed sign-in
 * trace out of the view, "Sign Out Everywhere" asks (modal) before it ends every session, and the session row's
 * tooltip reads right.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { removeConnections, seededMotoConnections, treeChildren, waitFor } from './hostSupport';

type WarningCall = { message: string; options: unknown; items: unknown[] };

/**
 * Answers the extension's warning dialogs: the test and the extension share this extension's `vscode` API object,
 * so replacing `window.showWarningMessage` here is what the command calls.
 */
function answerWarnings(answer: string | undefined): { calls: WarningCall[]; restore(): void } {
  const window = vscode.window as { showWarningMessage: (...args: unknown[]) => Thenable<unknown> };
  const original = window.showWarningMessage;
  const calls: WarningCall[] = [];
  window.showWarningMessage = (message: unknown, options?: unknown, ...items: unknown[]) => {
    calls.push({ message: String(message), options, items });
    return Promise.resolve(answer);
  };
  return { calls, restore: () => (window.showWarningMessage = original) };
}

describe('Sessions view and Sign Out Everywhere (extension host)', function () {
  this.timeout(60_000);
  const id = 'exthost-views';
  const removedId = 'exthost-views-removed';
  let suite: Awaited<ReturnType<typeof seededMotoConnections>>;
  const api = () => suite.api;

  before(async () => {
    suite = await seededMotoConnections('views', { [id]: 'views moto', [removedId]: 'views removed' });
  });

  after(() => removeConnections(suite.api, [id, removedId]));

  const rootLabels = async () => (await treeChildren(api().sessionsTree)).map((n) => String(n.item().label));

  it('a removed connection takes its failed sign-in trace out of the Sessions view', async () => {
    const failed = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: removedId, username: 'bob', password: 'not-the-password', flow: 'password' });
    assert.equal(failed, undefined);
    assert.match(api().lastError()!.sentence, /^Incorrect username or password/);
    assert.ok((await rootLabels()).includes('views removed'), 'the failed trace is listed while the connection exists');

    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.removeConnection', { connectionId: removedId }), true);
    await waitFor('the trace to leave the view', async () => !(await rootLabels()).includes('views removed'));
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.showSignInTrace', { connectionId: removedId }), undefined);
    assert.match(api().lastError()!.sentence, /no sign-in trace for this connection/);
    // With nobody signed in the view is empty, which is what shows its "Nobody is signed in" welcome text.
    if (api().sessions.all().length === 0) assert.deepEqual(await rootLabels(), []);
  });

  it('"Sign Out Everywhere" asks first (modal); dismissing keeps the session, confirming ends it', async () => {
    const signedIn = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: 'bob', password: suite.seed.pool.bob.password });
    assert.ok(signedIn, api().lastError()?.sentence);

    const dismissed = answerWarnings(undefined);
    try {
      // A plain id is what a person's pick passes on: not an automation argument, so the question is asked.
      assert.equal(await vscode.commands.executeCommand('cognitoExplorer.globalSignOut', id), undefined);
    } finally {
      dismissed.restore();
    }
    assert.equal(dismissed.calls.length, 1);
    assert.equal(dismissed.calls[0].message, 'Sign bob out everywhere?');
    assert.deepEqual((dismissed.calls[0].options as { modal?: boolean }).modal, true);
    assert.match(String((dismissed.calls[0].options as { detail?: string }).detail), /every session of bob in views moto on every device/);
    assert.deepEqual(dismissed.calls[0].items, ['Sign Out Everywhere']);
    assert.ok(api().sessions.get(id), 'still signed in after dismissing');

    const confirmed = answerWarnings('Sign Out Everywhere');
    try {
      assert.equal(await vscode.commands.executeCommand('cognitoExplorer.globalSignOut', id), true, api().lastError()?.sentence);
    } finally {
      confirmed.restore();
    }
    assert.equal(confirmed.calls.length, 1);
    assert.equal(api().sessions.get(id), undefined);
  });

  it('the session row\'s tooltip says "tokens expire in"', async () => {
    const signedIn = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: 'bob', password: suite.seed.pool.bob.password });
    assert.ok(signedIn, api().lastError()?.sentence);
    const root = (await treeChildren(api().sessionsTree)).find((n) => n.item().label === 'views moto');
    assert.ok(root);
    const session = (await treeChildren(api().sessionsTree, root))[0];
    assert.match(String(session.item().tooltip), /^bob on views moto: tokens expire in \d+ (min|h)/);
    await vscode.commands.executeCommand('cognitoExplorer.signOut', { connectionId: id });
  });
});
