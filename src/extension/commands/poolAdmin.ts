/** Admin actions on pool users, from the User Pools view's context menus (and automation with plain objects). */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { createTestUser, createUser } from '../../core/pools/admin';
import { listAppClients } from '../../core/pools/pools';
import { getUser } from '../../core/pools/users';
import { registerSecret } from '../../core/redact';
import type { AdminAction } from '../../shared/userBrowserProtocol';
import { runAdminAction, type ActionInput } from '../pools/adminActions';
import { parseAttributes } from '../pools/userViews';
import type { PoolEvents, PoolRef } from '../pools/poolEvents';
import { AppClientNode } from '../tree/poolNodes';
import { automationArg, type CommandDeps } from './deps';
import { poolRefOf, userRefOf } from './poolRefs';

interface CreateArgs {
  username: string;
  temporaryPassword: string;
  attributes: Record<string, string>;
  suppressMessage: boolean;
}

const testUserKey = (poolId: string, username: string) => `cognitoExplorer/testUser/${poolId}/${username}/password`;

/** Asks for the new user's name, how they get in, and attributes as name=value pairs. */
async function askCreate(pool: PoolRef): Promise<CreateArgs | undefined> {
  const title = `Create a user in ${pool.poolName ?? pool.poolId}`;
  const username = await vscode.window.showInputBox({ title, prompt: 'Username (or email, when the pool signs in with email)', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Type a username.') });
  if (!username) return undefined;
  const how = await vscode.window.showQuickPick(
    [
      { label: 'Send an invitation', description: 'Cognito generates a temporary password and emails or texts it', how: 'invite' as const },
      { label: 'Set a temporary password', description: 'you give it to the user; they choose a new one at first sign-in', how: 'temporary' as const },
      { label: 'Create silently', description: 'no message; Cognito generates a temporary password nobody sees', how: 'silent' as const },
    ],
    { title, placeHolder: 'How does the user get in?', ignoreFocusOut: true },
  );
  if (!how) return undefined;
  let temporaryPassword = '';
  if (how.how === 'temporary') {
    temporaryPassword = (await vscode.window.showInputBox({ title, prompt: 'Temporary password', password: true, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : 'Type a password.') })) ?? '';
    if (!temporaryPassword) return undefined;
    registerSecret(temporaryPassword);
  }
  const attrText = await vscode.window.showInputBox({
    title,
    prompt: 'Attributes as name=value, separated by commas (optional), e.g. email=ada@example.com, given_name=Ada',
    ignoreFocusOut: true,
    validateInput: (v) => (parseAttributes(v) ? undefined : 'Write name=value pairs separated by commas.'),
  });
  if (attrText === undefined) return undefined;
  return { username: username.trim(), temporaryPassword, attributes: parseAttributes(attrText)!, suppressMessage: how.how !== 'invite' };
}

export function register(deps: CommandDeps, events: PoolEvents): void {
  const { commands, logger, sessions, settings } = deps;
  const host = { logger, events };

  /** The handler of one admin action command; a plain object argument is automation and answers instead of the user. */
  const action =
    (act: AdminAction) =>
    async (arg?: unknown, input?: ActionInput): Promise<string | undefined> => {
      const ref = await userRefOf(deps, arg);
      if (!ref) return undefined;
      const automated = automationArg(arg) ? { ...(automationArg<ActionInput>(arg) ?? {}), ...(input ?? {}) } : input;
      const summary = await runAdminAction(host, ref, act, automated);
      if (summary && !automated) void vscode.window.showInformationMessage(summary);
      return summary;
    };
  commands.register('cognitoExplorer.adminEnableUser', action('enable'));
  commands.register('cognitoExplorer.adminDisableUser', action('disable'));
  commands.register('cognitoExplorer.adminResetPassword', action('resetPassword'));
  commands.register('cognitoExplorer.adminSetPassword', action('setPassword'));
  commands.register('cognitoExplorer.adminConfirmSignUp', action('confirmSignUp'));
  commands.register('cognitoExplorer.adminVerifyEmail', action('verifyEmail'));
  commands.register('cognitoExplorer.adminVerifyPhone', action('verifyPhone'));
  commands.register('cognitoExplorer.adminAddToGroup', action('addToGroup'));
  commands.register('cognitoExplorer.adminRemoveFromGroup', action('removeFromGroup'));
  commands.register('cognitoExplorer.adminSignOutUser', action('signOutEverywhere'));
  commands.register('cognitoExplorer.adminResendInvitation', action('resendInvitation'));
  commands.register('cognitoExplorer.adminDeleteUser', action('delete'));

  commands.register('cognitoExplorer.adminCreateUser', async (arg?: unknown): Promise<string | undefined> => {
    const pool = await poolRefOf(deps, arg);
    if (!pool) return undefined;
    const given = automationArg<CreateArgs>(arg);
    const input = given?.username ? { username: given.username, temporaryPassword: given.temporaryPassword ?? '', attributes: given.attributes ?? {}, suppressMessage: given.suppressMessage !== false } : await askCreate(pool);
    if (!input) return undefined;
    registerSecret(input.temporaryPassword);
    const summary = await createUser(pool.target, pool.poolId, {
      username: input.username,
      attributes: input.attributes,
      suppressMessage: input.suppressMessage,
      ...(input.temporaryPassword ? { temporaryPassword: input.temporaryPassword } : {}),
    });
    logger.info(`Pool ${pool.poolId}: ${summary}`);
    events.fire({ kind: 'created', pool, user: await getUser(pool.target, pool.poolId, input.username) });
    if (!given) void vscode.window.showInformationMessage(summary);
    return summary;
  });

  /** A user with a generated permanent password (kept in SecretStorage), signed in at once through a connection. */
  commands.register('cognitoExplorer.createTestUser', async (arg?: unknown): Promise<{ connectionId: string; username: string } | undefined> => {
    const pool = await poolRefOf(deps, arg);
    if (!pool) return undefined;
    let clientId = arg instanceof AppClientNode ? arg.clientId : automationArg<{ clientId: string }>(arg)?.clientId;
    if (!clientId) {
      const { clients } = await listAppClients(pool.target, pool.poolId, { maxResults: 60 });
      if (clients.length === 0) throw new UserFacingError(`Pool ${pool.poolId} has no app client to sign in with; create one first.`, 'NoAppClient');
      clientId = clients.length === 1 ? clients[0].id : (await vscode.window.showQuickPick(clients.map((c) => ({ label: c.name, description: c.id, id: c.id })), { placeHolder: 'Sign the test user in through which app client?', ignoreFocusOut: true }))?.id;
      if (!clientId) return undefined;
    }
    const created = await createTestUser(pool.target, pool.poolId);
    registerSecret(created.password);
    await sessions.secrets.store(testUserKey(pool.poolId, created.username), created.password);
    events.fire({ kind: 'created', pool, user: await getUser(pool.target, pool.poolId, created.username) });
    const connectionId = await vscode.commands.executeCommand<string | undefined>('cognitoExplorer.connectAppClient', { poolId: pool.poolId, region: pool.target.region, poolName: pool.poolName ?? pool.poolId, clientId });
    if (!connectionId) throw new UserFacingError('Could not create a connection for the test user; see the log.', 'ConnectFailed');
    const flow = settings.read().defaultAuthFlow === 'password' ? 'password' : 'srp';
    const signedIn = await vscode.commands.executeCommand<{ connectionId: string } | undefined>('cognitoExplorer.signIn', { connectionId, username: created.username, password: created.password, flow });
    if (!signedIn) throw new UserFacingError(`Created the test user ${created.username}, but the sign-in failed; its password is kept in SecretStorage.`, 'TestSignInFailed');
    logger.info(`Created test user ${created.username} in ${pool.poolId} and signed in (password in SecretStorage)`);
    if (!automationArg(arg)) void vscode.window.showInformationMessage(`Created the test user ${created.username} and signed in as them; the password is kept in SecretStorage.`);
    return { connectionId, username: created.username };
  });
}
