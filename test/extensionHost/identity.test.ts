/**
 * Identity pools in the extension: the gist's developer-authenticated flow end to end (own backend login ->
 * GetOpenIdTokenForDeveloperIdentity on moto -> credentials -> the Resources view lists the seeded bucket),
 * guest identities, flow and role choice with the remembered choice, identity ids kept across renewals, and
 * "Add identity pool…" for a connection that has none.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ListIdentitiesCommand } from '@aws-sdk/client-cognito-identity';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/nodes';
import { startDeveloperBackend, type DeveloperBackendFixture } from '../support/developerBackend';
import { createIdentityPool, identityClient, seedStandard, type Seeded } from '../support/seed';
import { addConnections, extensionApi, motoEndpoint, removeConnections, treeChildren, waitFor } from './hostSupport';

const PROVIDER = 'login.explorer.gist';
const BACKEND_PASSWORD = 'Dana-Backend-1!';
const label = (node: TreeNode) => String(node.item().label);

interface Got {
  identityId: string;
  expiration: string;
  flow: string;
  roleArn?: string;
}

describe('identity pools (extension host)', function () {
  this.timeout(60_000);
  let api: CognitoExplorerApi;
  let seed: Seeded;
  let devPool: string;
  let backend: DeveloperBackendFixture;
  const ids = ['idp-gist', 'idp-guest', 'idp-user', 'idp-nopool'];
  const getCredentials = async (arg: Record<string, unknown>) => vscode.commands.executeCommand<Got | undefined>('cognitoExplorer.getCredentials', arg);
  const identitiesIn = async (poolId: string) =>
    (await identityClient(motoEndpoint()).send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60 }))).Identities?.length ?? 0;
  const bucketsOf = async (connectionId: string) => {
    const root = (await treeChildren(api.resourcesTree)).find((n) => n.item().id === `resources:${connectionId}`);
    assert.ok(root, `the Resources view has a root for ${connectionId}`);
    return (await treeChildren(api.resourcesTree, root)).map(label);
  };

  before(async () => {
    api = await extensionApi();
    seed = await seedStandard(motoEndpoint(), { bucketPrefix: `idp-${Date.now().toString(36)}` });
    devPool = await createIdentityPool(motoEndpoint(), { name: 'gist_identities', providers: [], allowUnauthenticated: true, developerProviderName: PROVIDER });
    backend = await startDeveloperBackend({ motoEndpoint: motoEndpoint(), identityPoolId: devPool, providerName: PROVIDER, users: { dana: BACKEND_PASSWORD } });
    const base = { region: 'us-east-1', endpointUrl: motoEndpoint() };
    const connections: Connection[] = [
      {
        ...base,
        id: 'idp-gist',
        name: 'gist backend',
        userPoolId: '',
        clientId: '',
        identityPoolId: devPool,
        identityFlow: 'developer',
        developerBackend: { loginUrl: backend.loginUrl, identityUrl: backend.identityUrl, loginFormat: 'form', username: 'dana' },
      },
      { ...base, id: 'idp-guest', name: 'guests', userPoolId: '', clientId: '', identityPoolId: devPool, identityFlow: 'guest' },
      { ...base, id: 'idp-user', name: 'user pool', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id, identityPoolId: seed.identityPool.id },
      { ...base, id: 'idp-nopool', name: 'no identity pool', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id },
    ];
    await addConnections(api, connections);
  });

  after(async () => {
    await removeConnections(api, ids);
    await backend?.stop();
  });

  it('the gist\'s flow: backend login, developer identity, credentials, and the Resources view lists the seeded bucket', async () => {
    const got = await getCredentials({ connectionId: 'idp-gist', password: BACKEND_PASSWORD });
    assert.ok(got, 'credentials were returned');
    assert.equal(got.flow, 'developer');
    assert.match(got.identityId, /^us-east-1:/);
    const [login, identity] = backend.requests.slice(-2);
    assert.deepEqual(login, { ...login, path: '/api/login/', contentType: 'application/x-www-form-urlencoded', body: { username: 'dana', password: BACKEND_PASSWORD } });
    assert.equal(identity.path, '/api/cognito/');
    assert.equal('password' in identity.body, false, 'the password went only to the login URL');
    assert.ok((await bucketsOf('idp-gist')).includes(seed.bucket.name));

    // A renewal logs in again with the password kept in SecretStorage, and the backend keeps the identity.
    const again = await getCredentials({ connectionId: 'idp-gist' });
    assert.equal(again?.identityId, got.identityId);
    assert.deepEqual(backend.developerCalls.slice(-1), [{ userId: 'dana', identityId: got.identityId }]);
    const state = JSON.stringify(api.globalState.keys().map((k) => api.globalState.get(k)));
    assert.ok(!state.includes(BACKEND_PASSWORD), 'the password is not in globalState');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('cognitoExplorer').get('connections')).includes(BACKEND_PASSWORD), 'nor in settings');
  });

  it('a wrong stored backend password ends in one sentence and is dropped', async () => {
    await api.identity.setBackendPassword('idp-gist', 'not-the-password');
    assert.equal(await getCredentials({ connectionId: 'idp-gist' }), undefined, 'the command failed');
    assert.match(api.lastError()?.sentence ?? '', /refused the login \(HTTP 400: .*\); check the username and password\.$/);
    assert.equal(await api.identity.backendPassword('idp-gist'), undefined);
  });

  it('guest identities need no sign-in and keep their identity id', async () => {
    const before = await identitiesIn(devPool);
    const first = await getCredentials({ connectionId: 'idp-guest' });
    const second = await getCredentials({ connectionId: 'idp-guest' });
    assert.equal(first?.flow, 'guest');
    assert.equal(second?.identityId, first?.identityId);
    assert.equal(await identitiesIn(devPool), before + 1, 'one GetId for two fetches');
    assert.ok((await bucketsOf('idp-guest')).includes(seed.bucket.name));

    // The Sessions view shows the guest identity and its credentials, though nobody signed in.
    const root = (await treeChildren(api.sessionsTree)).find((n) => n.item().id === 'sessions:idp-guest');
    assert.ok(root, 'the Sessions view has a row for the guest connection');
    const [identity] = await treeChildren(api.sessionsTree, root);
    assert.deepEqual([label(identity), identity.item().contextValue, identity.item().description], ['guest identity', 'identity', 'guest']);
    const [creds] = await treeChildren(api.sessionsTree, identity);
    assert.equal(creds.item().contextValue, 'credentials');
    assert.match(String(creds.item().description), new RegExp(`^${second!.identityId} · expires in \\d+ (s|min)$`));
  });

  it('guest and developer credentials also go into all terminals and into an AWS profile; Forget takes them out of terminals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-exports-'));
    const before = process.env.AWS_SHARED_CREDENTIALS_FILE;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    try {
      assert.ok(await getCredentials({ connectionId: 'idp-guest' }));
      const guest = () => api.identity.get('idp-guest')!.credentials;
      assert.equal(await vscode.commands.executeCommand('cognitoExplorer.useCredentialsInAllTerminals', { connectionId: 'idp-guest' }), 'idp-guest', api.lastError()?.sentence);
      const state = api.terminalEnvironment.state();
      assert.equal(state.variables.AWS_ACCESS_KEY_ID, guest().accessKeyId);
      assert.equal(state.variables.AWS_SESSION_TOKEN, guest().sessionToken);
      assert.match(state.description ?? '', /AWS credentials of \*\*a guest identity\*\* on \*guests\*/);

      const written = await vscode.commands.executeCommand<{ path: string; profile: string }>('cognitoExplorer.writeAwsProfile', { connectionId: 'idp-guest', profile: 'guests' });
      assert.equal(written?.profile, 'guests', api.lastError()?.sentence);
      const file = readFileSync(join(dir, 'credentials'), 'utf8');
      assert.ok(file.includes(`[guests]\naws_access_key_id = ${guest().accessKeyId}\n`), file);
      assert.equal(statSync(join(dir, 'credentials')).mode & 0o777, 0o600);

      // credential_process renews with a user's refresh token: a guest connection gets a sentence pointing elsewhere.
      assert.equal(await vscode.commands.executeCommand('cognitoExplorer.setUpCredentialProcess', { connectionId: 'idp-guest', profile: 'guests-process' }), undefined);
      assert.match(api.lastError()?.sentence ?? '', /^A credential_process profile renews with a signed-in user's refresh token, and "guests" gets guest credentials without one; use "Write AWS Profile"/);

      assert.equal(await vscode.commands.executeCommand('cognitoExplorer.forgetIdentityCredentials', { connectionId: 'idp-guest' }), true);
      await waitFor('the guest credentials to leave new terminals', () => api.terminalEnvironment.state().connectionId === undefined && !api.terminalEnvironment.state().variables.AWS_ACCESS_KEY_ID);
    } finally {
      await vscode.commands.executeCommand('cognitoExplorer.stopCredentialsInAllTerminals');
      if (before === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('guest and developer credentials reach a terminal; Forget clears them and the stored backend password', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('cognitoExplorer.openTerminal', { connectionId: 'idp-guest' });
    try {
      const env = (terminal.creationOptions as vscode.TerminalOptions).env ?? {};
      assert.equal(env.AWS_ACCESS_KEY_ID, api.identity.get('idp-guest')?.credentials.accessKeyId);
      assert.match(terminal.name, /guest/);
    } finally {
      terminal.dispose();
    }
    assert.ok(await getCredentials({ connectionId: 'idp-gist', password: BACKEND_PASSWORD }));
    assert.equal(await api.identity.backendPassword('idp-gist'), BACKEND_PASSWORD);
    assert.equal(await vscode.commands.executeCommand('cognitoExplorer.forgetIdentityCredentials', { connectionId: 'idp-gist' }), true);
    assert.equal(api.identity.get('idp-gist'), undefined);
    assert.equal(await api.identity.backendPassword('idp-gist'), undefined);
    assert.ok(!(await treeChildren(api.resourcesTree)).some((n) => n.item().id === 'resources:idp-gist'), 'gone from the Resources view');
    assert.ok(!(await treeChildren(api.sessionsTree)).some((n) => n.item().id === 'sessions:idp-gist'), 'gone from the Sessions view');
  });

  it('a signed-in user: the identity id is reused across renewals, the flow and role are remembered, a role the token lacks is explained', async () => {
    await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: 'idp-user', username: 'bob', password: seed.pool.bob.password });
    const before = await identitiesIn(seed.identityPool.id);
    const first = await getCredentials({ connectionId: 'idp-user' });
    const renewed = await getCredentials({ connectionId: 'idp-user' });
    assert.equal(first?.flow, 'enhanced');
    assert.equal(renewed?.identityId, first?.identityId);
    assert.equal(await identitiesIn(seed.identityPool.id), before + 1, 'GetId ran once');

    const role = 'arn:aws:iam::123456789012:role/Readers';
    const basic = await getCredentials({ connectionId: 'idp-user', flow: 'basic', roleArn: role });
    assert.deepEqual([basic?.flow, basic?.roleArn, basic?.identityId], ['basic', role, first?.identityId]);
    assert.deepEqual(api.identity.choice('idp-user'), { flow: 'basic', roleArn: role });
    // Without a choice the remembered flow and role are used again.
    const remembered = await getCredentials({ connectionId: 'idp-user' });
    assert.deepEqual([remembered?.flow, remembered?.roleArn], ['basic', role]);
    assert.ok((await bucketsOf('idp-user')).includes(seed.bucket.name));

    assert.equal(await getCredentials({ connectionId: 'idp-user', flow: 'enhanced', roleArn: role }), undefined, 'the command failed');
    assert.match(api.lastError()?.sentence ?? '', /^The ID token lists no roles \(no cognito:roles claim\), so the identity pool cannot give arn:aws:iam::123456789012:role\/Readers: /);
  });

  it('offers to add an identity pool to a connection that has none', async () => {
    await vscode.commands.executeCommand('cognitoExplorer.signIn', { connectionId: 'idp-nopool', username: 'bob', password: seed.pool.bob.password });
    assert.equal(await getCredentials({ connectionId: 'idp-nopool' }), undefined, 'the command failed');
    assert.equal(api.lastError()?.sentence, 'The connection "no identity pool" has no identity pool; edit it and add the identity pool id.');
    const got = await getCredentials({ connectionId: 'idp-nopool', identityPoolId: seed.identityPool.id });
    assert.equal(got?.flow, 'enhanced');
    assert.equal(api.settings.connection('idp-nopool')?.identityPoolId, seed.identityPool.id);
  });
});
