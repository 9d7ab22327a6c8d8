/**
 * Exports in the real VS Code API: credentials in every terminal (the environment-variable collection), the
 * clipboard's dotenv and JSON, a ~/.aws/credentials profile, and a credential_process profile whose line runs.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Connection } from '../../src/core/connection';
import { refreshTokens } from '../../src/core/auth/refresh';
import { toDotenv } from '../../src/core/export/formats';
import { loadCachedSession, saveCachedSession } from '../../src/core/export/sessionCache';
import { credentialEnv } from '../../src/core/export/shell';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import { seedStandard, type Seeded } from '../support/seed';
import { addConnections, extensionApi, motoEndpoint, removeConnections, waitFor } from './hostSupport';

describe('exports (extension host)', function () {
  this.timeout(60_000);
  const id = 'exthost-exports';
  let api: CognitoExplorerApi;
  let seed: Seeded;
  let conn: Connection;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const ENV = ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'XDG_CACHE_HOME'];

  before(async () => {
    const endpoint = motoEndpoint();
    seed = await seedStandard(endpoint, { bucketPrefix: `exports-${Date.now().toString(36)}` });
    api = await extensionApi();
    conn = { id, name: 'exports moto', region: 'us-east-1', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id, identityPoolId: seed.identityPool.id, endpointUrl: endpoint };
    await addConnections(api, [conn]);
    // The extension runs in this process, so these point its AWS files and the CLI cache into a temp folder.
    dir = mkdtempSync(join(tmpdir(), 'exthost-exports-'));
    for (const name of ENV) saved[name] = process.env[name];
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.XDG_CACHE_HOME = join(dir, 'cache');
    const signedIn = await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: id, username: 'bob', password: seed.pool.bob.password });
    assert.ok(signedIn, api.lastError()?.sentence);
  });

  after(async () => {
    await vscode.commands.executeCommand('cognitoExplorer.stopCredentialsInAllTerminals');
    await removeConnections(api, [id]);
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const session = () => api.sessions.get(id)!;

  it('puts the credentials into every new terminal with a description, and follows a renewal', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.useCredentialsInAllTerminals', { connectionId: id }), id, api.lastError()?.sentence);
    const state = api.terminalEnvironment.state();
    assert.equal(state.connectionId, id);
    assert.deepEqual(state.variables, credentialEnv(session().credentials!, conn));
    assert.match(state.description ?? '', /AWS credentials of \*\*bob\*\* on \*exports moto\* \(Cognito Explorer\)/);
    const before = session().credentials!.expiration;
    await new Promise((r) => setTimeout(r, 1100));
    // New credentials (moto: same keys, a later expiry) replace the old ones in the collection.
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.getCredentials', { connectionId: id }), api.lastError()?.sentence);
    await waitFor('the collection to follow the renewal', () => api.terminalEnvironment.state().variables.AWS_CREDENTIAL_EXPIRATION !== before);
    assert.equal(api.terminalEnvironment.state().variables.AWS_CREDENTIAL_EXPIRATION, session().credentials!.expiration);
  });

  it('renews credentials that are about to expire on its own, and removes them at expiry when renewal fails', async () => {
    const soon = () => ({ ...session().credentials!, expiration: new Date(Date.now() + 3000).toISOString() });
    // Credentials with 3 s left: renewed halfway (moto hands out 90 s ones), without any command.
    const short = soon();
    await api.sessions.save(id, { ...session(), credentials: short });
    await waitFor('the automatic renewal', () => {
      const exp = api.terminalEnvironment.state().variables.AWS_CREDENTIAL_EXPIRATION;
      return exp !== undefined && exp !== short.expiration && Date.parse(exp) > Date.now() + 30_000;
    });
    // Now an identity pool that refuses: the renewal fails, and at expiry the variables leave new terminals.
    const broken = { ...conn, identityPoolId: 'us-east-1:00000000-0000-0000-0000-00000000dead' };
    await addConnections(api, [broken]);
    try {
      await api.sessions.save(id, { ...session(), credentials: soon() });
      await waitFor('the expired credentials to be removed', () => Object.keys(api.terminalEnvironment.state().variables).length === 0, 8000);
      assert.equal(api.terminalEnvironment.state().description, undefined);
    } finally {
      await addConnections(api, [conn]);
    }
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.useCredentialsInAllTerminals', { connectionId: id }), api.lastError()?.sentence);
  });

  it('copies the credentials as dotenv and as JSON', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.copyCredentials', { connectionId: id, format: 'dotenv' }), 'dotenv', api.lastError()?.sentence);
    assert.equal(await vscode.env.clipboard.readText(), toDotenv(session().credentials!, conn));
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.copyCredentials', { connectionId: id, format: 'json' }), 'json');
    const json = JSON.parse(await vscode.env.clipboard.readText());
    assert.equal(json.AccessKeyId, session().credentials!.accessKeyId);
    assert.equal(json.Region, 'us-east-1');
    await vscode.env.clipboard.writeText('');
  });

  it('writes a ~/.aws/credentials profile (mode 0600)', async () => {
    const out = await vscode.commands.executeCommand<{ path: string; profile: string }>('cognitoExplorer.writeAwsProfile', { connectionId: id, profile: 'cognito-host' });
    assert.ok(out, api.lastError()?.sentence);
    assert.equal(out.path, join(dir, 'credentials'));
    assert.equal(statSync(out.path).mode & 0o777, 0o600);
    const text = readFileSync(out.path, 'utf8');
    assert.ok(text.startsWith('[cognito-host]\naws_access_key_id = '));
    assert.ok(text.includes(`aws_session_token = ${session().credentials!.sessionToken}\n`));
  });

  it('sets up a credential_process profile whose line prints Version 1 credentials', async () => {
    const out = await vscode.commands.executeCommand<{ path: string; profile: string; session: string }>('cognitoExplorer.setUpCredentialProcess', { connectionId: id, profile: 'cognito-process' });
    assert.ok(out, api.lastError()?.sentence);
    const config = readFileSync(out.path, 'utf8');
    const line = /^credential_process = (.*)$/m.exec(config)?.[1];
    assert.ok(line && line.includes(`credential-process --connection ${out.session}`), config);
    assert.ok(!config.includes('eyJ'), 'no token on the command line');
    // The JS SDK runs the line through a shell exactly like this.
    const printed = JSON.parse(execSync(line, { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }));
    assert.equal(printed.Version, 1);
    assert.equal(printed.AccessKeyId, session().credentials!.accessKeyId);
    assert.ok(existsSync(join(dir, 'cache', 'cognito-explorer', 'sessions', `${out.session}.json`)));
  });

  it('tokens the command line renewed on its own are taken over here, and this window\'s are saved for it', async () => {
    const env = { ...process.env };
    const name = 'vscode-exthost-exports';
    const cached = (await loadCachedSession(env, name))!;
    assert.equal(cached.tokens.idToken, session().tokens.idToken);
    await new Promise((r) => setTimeout(r, 1100));
    // What credential-process does when the tokens run out: refresh, then save them in its cache.
    const renewed = await refreshTokens(conn, cached.tokens.refreshToken!, { username: cached.username });
    assert.notEqual(renewed.idToken, cached.tokens.idToken);
    await saveCachedSession(env, { ...cached, tokens: renewed, savedAt: new Date().toISOString() });
    await waitFor('the window to take over the renewed tokens', () => session().tokens.idToken === renewed.idToken);
    assert.equal(session().username, 'bob');
    // And the other way: a refresh in this window reaches the cache.
    await new Promise((r) => setTimeout(r, 1100));
    assert.ok(await vscode.commands.executeCommand('cognitoExplorer.refreshTokens', { connectionId: id }), api.lastError()?.sentence);
    assert.notEqual(session().tokens.idToken, renewed.idToken);
    await waitFor('the cache to follow the window', async () => (await loadCachedSession(env, name))?.tokens.idToken === session().tokens.idToken);
  });

  it('signing out removes the credentials from terminals and the CLI session cache', async () => {
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.signOut', { connectionId: id }), true);
    await waitFor('the collection to empty', () => Object.keys(api.terminalEnvironment.state().variables).length === 0);
    assert.equal(api.terminalEnvironment.state().connectionId, undefined);
    await waitFor('the CLI session to be removed', () => !existsSync(join(dir, 'cache', 'cognito-explorer', 'sessions', 'vscode-exthost-exports.json')));
  });
});
