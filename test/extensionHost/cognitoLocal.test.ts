/**
 * The extension against cognito-local, the second emulator, as a new user would try it: Add Connection with its
 * `local_…` pool id, endpoint and a client secret, password sign-in, the token panel verifying its
 * `http://127.0.0.1:PORT/local_…` issuer, refresh without ExpiresIn, revoke and sign out; SRP, which cognito-local
 * lacks, fails with one sentence.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { TokenView } from '../../src/shared/protocol';
import { seedCognitoLocal, useCognitoLocal, type SeededLocal } from '../support/cognitoLocal';
import { claims, extensionApi, hoverText, removeConnections, waitFor } from './hostSupport';

const verified = (view: TokenView | undefined) => view?.verification.status === 'done' && view.verification.result;

describe('cognito-local (extension host)', function () {
  this.timeout(60_000);
  // Connections this suite added (removed afterwards); `id` is the one with the client secret.
  const added: string[] = [];
  let id = '';
  const local = useCognitoLocal();
  let api: CognitoExplorerApi;
  let seed: SeededLocal;

  before(async () => {
    seed = await seedCognitoLocal(local());
    api = await extensionApi();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeConnections(api, added);
  });

  it('Add Connection takes its local_ pool id, endpoint and client secret (the secret in SecretStorage only)', async () => {
    const { secretClient } = seed.pool;
    id = await vscode.commands.executeCommand<string>('cognitoExplorer.addConnection', {
      name: 'cognito-local secret',
      region: 'us-east-1',
      userPoolId: seed.pool.id,
      clientId: secretClient.id,
      clientSecret: secretClient.secret,
      endpointUrl: local().endpoint,
    });
    assert.ok(id, api.lastError()?.sentence);
    added.push(id);
    assert.match(seed.pool.id, /^local_/);
    const saved = await waitFor('the connection to load', () => api.settings.connection(id));
    assert.deepEqual({ ...saved }, { id, name: 'cognito-local secret', region: 'us-east-1', userPoolId: seed.pool.id, clientId: secretClient.id, endpointUrl: local().endpoint, hasClientSecret: true } satisfies Connection);
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('cognitoExplorer').get('connections')).includes(secretClient.secret));
    assert.equal(await api.sessions.store.clientSecret(id), secretClient.secret);
  });

  it('signs in with the password flow; the session lasts as long as the access token says (no ExpiresIn)', async () => {
    const { alice } = seed.pool;
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: alice.username, password: alice.password, flow: 'password' });
    assert.deepEqual(result, { connectionId: id, username: alice.username }, api.lastError()?.sentence);
    const session = api.sessions.get(id);
    assert.ok(session, 'the session is kept');
    const access = claims(session.tokens.accessToken);
    assert.equal(access.iss, seed.pool.issuer);
    assert.equal(session.tokens.expiresIn, Number(access.exp) - Number(access.iat));
    assert.equal(session.tokens.expiresIn, 86_400, "cognito-local's default lifetime, not the 3600 fallback");
    assert.ok(session.tokens.refreshToken);
    const root = (await api.sessionsTree.getChildren())?.find((n) => n.item().label === 'cognito-local secret');
    assert.equal(root?.item().contextValue, 'connection:signedIn');
  });

  it('the token panel verifies both tokens against the emulator issuer http://127.0.0.1:PORT/local_…', async () => {
    await vscode.commands.executeCommand('cognitoExplorer.showTokens', { connectionId: id });
    const state = await waitFor('both tokens to be verified', () => {
      const s = api.tokenPanelState({ connectionId: id });
      return s && verified(s.tokens.id) && verified(s.tokens.access) && s;
    });
    for (const which of ['id', 'access'] as const) {
      const result = verified(state.tokens[which]);
      assert.ok(result);
      assert.equal(result.verified, true, result.reason);
      const issuer = result.checks.find((c) => c.name === 'issuer');
      assert.equal(issuer?.detail, `Issued by ${seed.pool.issuer} (the endpoint's own form).`);
    }
    assert.equal(state.connection.endpointUrl, local().endpoint);
  });

  it("a cognito-local token in a file: the hover names the emulator and this connection, Decode token verifies it", async () => {
    const { accessToken } = api.sessions.get(id)!.tokens;
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `ACCESS_TOKEN=${accessToken}\n` });
    await vscode.window.showTextDocument(doc);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 20)));
    assert.match(text, /Cognito access token/);
    assert.ok(text.includes(`Pool: ${seed.pool.id} (emulator at ${local().endpoint})`), text);
    assert.ok(text.includes('Connection: cognito-local secret'), text);
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.decodeTokenAt', accessToken), true, api.lastError()?.sentence);
    const state = await waitFor('the editor-token panel to verify', () => {
      const s = api.tokenPanelState('editor');
      return s && verified(s.tokens.access) && s;
    });
    assert.equal(state.connection.name, 'Token from the editor, matched to cognito-local secret');
    const result = verified(state.tokens.access);
    assert.ok(result && result.verified, JSON.stringify(result));
  });

  it('refreshes (REFRESH_TOKEN_AUTH with the secret), and the panel verifies the new tokens', async () => {
    const before = api.sessions.get(id)!.tokens;
    const result = await vscode.commands.executeCommand<{ expiresIn: number }>('cognitoExplorer.refreshTokens', { connectionId: id });
    assert.deepEqual(result, { expiresIn: 86_400 }, api.lastError()?.sentence);
    const after = api.sessions.get(id)!.tokens;
    assert.notEqual(after.accessToken, before.accessToken);
    assert.equal(after.refreshToken, before.refreshToken);
    await waitFor('the panel to verify the refreshed access token', () => {
      const s = api.tokenPanelState({ connectionId: id });
      const r = verified(s?.tokens.access);
      return r && r.verified && s!.tokens.access.payload.jti === claims(after.accessToken).jti;
    });
  });

  it('revokes the refresh token and signs out', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.revokeAndSignOut', { connectionId: id }), true, api.lastError()?.sentence);
    assert.equal(api.sessions.get(id), undefined);
    assert.equal(await api.sessions.store.load(id), undefined);
  });

  it('SRP fails with one readable sentence: cognito-local does not support USER_SRP_AUTH', async () => {
    const { alice } = seed.pool;
    const result = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: alice.username, password: alice.password, flow: 'srp' });
    assert.equal(result, undefined);
    const error = api.lastError();
    assert.equal(error?.command, 'cognitoExplorer.signIn');
    assert.equal(error?.sentence, 'cognito-local does not support SRP sign-in (USER_SRP_AUTH); use the password flow (USER_PASSWORD_AUTH) with it.');
    assert.equal(api.sessions.get(id), undefined);
  });
});
