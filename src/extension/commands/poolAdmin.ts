/** Admin actions on pool users, from the User Pools view's context menus (and automation with plain objects). */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { createTestUser, createUser } from '../../core/pools/admin';
import { attributesProblem, attributeValueProblem, creatableAttributes } from '../../core/pools/attributeInput';
import { displayName, type AttrMap } from '../../core/pools/attrMap';
import { describeUserPool, listAppClients, type PoolDetails, type SchemaAttribute } from '../../core/pools/pools';
import { getUser } from '../../core/pools/users';
import { registerSecret } from '../../core/redact';
import type { AdminAction } from '../../shared/userBrowserProtocol';
import { runAdminAction, type ActionInput } from '../pools/adminActions';
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

/** What a username stands for in a pool that signs in with email or phone number (Cognito copies it). */
function attributesFromUsername(pool: PoolDetails, username: string): Record<string, string> {
  if (pool.usernameAttributes.includes('email') && username.includes('@')) return { email: username };
  if (pool.usernameAttributes.includes('phone_number') && username.startsWith('+')) return { phone_number: username };
  return {};
}

/** Ticks the attributes to give the new user; the pool's required ones stay ticked (asked again if unticked). */
async function pickAttributes(title: string, attrs: SchemaAttribute[], map: AttrMap, covered: Record<string, string>): Promise<SchemaAttribute[] | undefined> {
  const needed = attrs.filter((a) => a.required && !(a.name in covered));
  let placeHolder = 'Attributes to set (required ones are ticked)';
  for (;;) {
    const items = attrs.map((a) => ({
      label: displayName(map, a.name),
      description: [displayName(map, a.name) === a.name ? '' : a.name, a.required ? 'required' : '', a.type && a.type !== 'String' ? a.type : ''].filter(Boolean).join(' · '),
      picked: needed.includes(a),
      attr: a,
    }));
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder, canPickMany: true, ignoreFocusOut: true });
    if (!picked) return undefined;
    const chosen = new Set(picked.map((p) => p.attr));
    const dropped = needed.filter((a) => !chosen.has(a));
    if (dropped.length === 0) return attrs.filter((a) => chosen.has(a));
    placeHolder = `${dropped.map((a) => displayName(map, a.name)).join(', ')} ${dropped.length === 1 ? 'is' : 'are'} required by this pool; keep ${dropped.length === 1 ? 'it' : 'them'} ticked.`;
  }
}

/** Asks for the new user's name, how they get in, which schema attributes to set, and each value (checked against the schema). */
async function askCreate(pool: PoolRef, details: PoolDetails, map: AttrMap): Promise<CreateArgs | undefined> {
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
  const covered = attributesFromUsername(details, username.trim());
  const chosen = await pickAttributes(title, creatableAttributes(details.schema), map, covered);
  if (!chosen) return undefined;
  const attributes: Record<string, string> = {};
  for (const attr of chosen) {
    const name = displayName(map, attr.name);
    const value = await vscode.window.showInputBox({
      title,
      prompt: name === attr.name ? attr.name : `${name} (${attr.name})`,
      value: covered[attr.name] ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => attributeValueProblem(attr, v, name),
    });
    if (value === undefined) return undefined;
    attributes[attr.name] = value;
  }
  return { username: username.trim(), temporaryPassword, attributes, suppressMessage: how.how !== 'invite' };
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
    const details = await describeUserPool(pool.target, pool.poolId);
    const map = settings.attributeMaps().forPool(pool.poolId);
    const input = given?.username ? { username: given.username, temporaryPassword: given.temporaryPassword ?? '', attributes: given.attributes ?? {}, suppressMessage: given.suppressMessage !== false } : await askCreate(pool, details, map);
    if (!input) return undefined;
    // Automation is held to the schema as the prompts are: one sentence before anything is sent.
    const problem = attributesProblem(details.schema, { ...attributesFromUsername(details, input.username), ...input.attributes }, (n) => displayName(map, n));
    if (problem) throw new UserFacingError(problem, 'InvalidAttributes');
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
