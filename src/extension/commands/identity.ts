/** "Get AWS Credentials": the flow and role where there is a choice, the developer login, or "Add identity pool…". */
import * as vscode from 'vscode';
import { isIdentityOnly, validateIdentityPoolId, type Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import type { FlowCredentials, IdentityFlow } from '../../core/identity/credentials';
import { roleChoiceProblem, roleOptions, rolesOfClaims, validateRoleArn, type TokenRoles } from '../../core/identity/roles';
import { registerSecret } from '../../core/redact';
import { decodeToken } from '../../core/tokens/decode';
import type { IdentityRequest } from '../session/identityRenewal';
import { withCancellableProgress } from '../platform/progress';
import { credentialsMsLeft, validFor } from '../session/format';
import type { ProgressWrapper, SessionRenewer } from '../session/sessionRenewer';
import { automationArg, connectionIdOf, type CommandDeps, pickConnection } from './deps';

/** What an automation caller may pass instead of answering the prompts. */
interface GetCredentialsArgs extends IdentityRequest {
  connectionId: string;
  /** Adds this identity pool to a connection that has none. */
  identityPoolId: string;
}

export interface GotCredentials {
  identityId: string;
  expiration: string;
  flow: IdentityFlow;
  roleArn?: string;
}

// With a Cancel button: the backend login and every identity-pool call end when it is pressed.
const notifyProgress: ProgressWrapper = (title, work) => withCancellableProgress(title, work);

const FLOW_ITEMS: { flow: IdentityFlow; label: string; detail: string }[] = [
  { flow: 'enhanced', label: 'Enhanced flow', detail: 'GetId, then GetCredentialsForIdentity with the ID token (the identity pool picks or checks the role)' },
  { flow: 'basic', label: 'Basic flow', detail: 'GetId, GetOpenIdToken, then STS AssumeRoleWithWebIdentity with a role you choose' },
];

/** Saves an identity pool id into a connection that has none; undefined when the user declined. */
async function addIdentityPool(deps: CommandDeps, conn: Connection, given: string | undefined, interactive: boolean): Promise<Connection | undefined> {
  let id = given?.trim();
  if (!id && !interactive) throw new UserFacingError(`The connection "${conn.name}" has no identity pool; edit it and add the identity pool id.`, 'NoIdentityPool');
  if (!id) {
    const answer = await vscode.window.showInformationMessage(`"${conn.name}" has no identity pool, so it cannot get AWS credentials yet.`, 'Add Identity Pool…');
    if (!answer) return undefined;
    id = (await vscode.window.showInputBox({
      title: `Identity pool for "${conn.name}"`,
      prompt: 'Identity pool id (region, colon, GUID)',
      placeHolder: `${conn.region}:1a2b3c4d-5678-90ab-cdef-1234567890ab`,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? validateIdentityPoolId(v, conn.region) : 'Enter the identity pool id.'),
    }))?.trim();
    if (!id) return undefined;
  }
  const problem = validateIdentityPoolId(id, conn.region);
  if (problem) throw new UserFacingError(problem, 'InvalidIdentityPool');
  const updated = { ...conn, identityPoolId: id };
  await deps.settings.writeConnections(deps.settings.connections().map((c) => (c.id === conn.id ? updated : c)));
  deps.logger.info(`Added identity pool ${id} to "${conn.name}"`);
  return updated;
}

async function pickFlow(remembered: IdentityFlow): Promise<IdentityFlow | undefined> {
  const items = [...FLOW_ITEMS].sort((a, b) => Number(b.flow === remembered) - Number(a.flow === remembered));
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({ ...i, description: i.flow === remembered ? 'last used' : undefined })),
    { placeHolder: 'Get AWS credentials with which identity pool flow?', ignoreFocusOut: true },
  );
  return picked?.flow;
}

const DEFAULT_ROLE = Symbol('default');

/** The role for this fetch: a pick among the token's roles, or (basic flow, none in the token) a typed ARN. */
async function pickRole(token: TokenRoles, flow: IdentityFlow, remembered: string | undefined): Promise<string | typeof DEFAULT_ROLE | undefined> {
  if (token.roles.length === 0) {
    if (flow !== 'basic') return DEFAULT_ROLE;
    return (await vscode.window.showInputBox({
      prompt: 'Role ARN to assume (the ID token lists no roles, so the basic flow needs one)',
      placeHolder: 'arn:aws:iam::123456789012:role/Readers',
      value: remembered,
      ignoreFocusOut: true,
      validateInput: validateRoleArn,
    }))?.trim();
  }
  const items: (vscode.QuickPickItem & { arn: string | typeof DEFAULT_ROLE })[] = roleOptions(token, remembered).map((o) => ({
    label: o.arn.split('/').pop() ?? o.arn,
    description: [o.preferred ? 'preferred' : '', o.remembered ? 'last used' : ''].filter(Boolean).join(', ') || undefined,
    detail: o.arn,
    arn: o.arn,
  }));
  if (flow === 'enhanced') items.push({ label: 'Default role', detail: 'Let the identity pool choose (no CustomRoleArn)', arn: DEFAULT_ROLE });
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.items = items;
  pick.placeholder = 'Get credentials for which role? (from the cognito:roles claim of the ID token)';
  pick.ignoreFocusOut = true;
  pick.activeItems = items.filter((i) => i.arn === remembered);
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.arn);
      pick.dispose();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** Developer identities: who logs in, and the backend password when none is stored. */
async function developerLogin(renewer: SessionRenewer, conn: Connection, given: Partial<GetCredentialsArgs> | undefined): Promise<IdentityRequest | undefined> {
  const store = renewer.identity.store;
  const known = given?.username ?? store.get(conn.id)?.username ?? conn.developerBackend?.username ?? conn.developerIdentity?.userIdentifier;
  const username =
    known ??
    (given
      ? undefined
      : (await vscode.window.showInputBox({ prompt: conn.developerBackend ? `Username for ${conn.developerBackend.loginUrl}` : 'The user\'s id in your backend', ignoreFocusOut: true }))?.trim());
  if (!username) return given ? {} : undefined;
  if (!conn.developerBackend || given?.password || (await store.backendPassword(conn.id))) return { username, password: given?.password };
  if (given) return { username };
  const password = await vscode.window.showInputBox({
    prompt: `Password of ${username} for ${conn.developerBackend.loginUrl} (sent only there; kept in SecretStorage for renewals)`,
    password: true,
    ignoreFocusOut: true,
  });
  registerSecret(password);
  return password ? { username, password } : undefined;
}

/** The flow and role for a signed-in user: asked when a person runs the command, else the caller's or the remembered ones. */
async function userChoice(
  deps: CommandDeps,
  renewer: SessionRenewer,
  conn: Connection,
  given: Partial<GetCredentialsArgs> | undefined,
  chooseFlow: boolean,
): Promise<IdentityRequest | undefined> {
  const remembered = renewer.identity.store.choice(conn.id);
  const flow = given || !chooseFlow ? renewer.identity.flowOf(conn, given?.flow) : await pickFlow(renewer.identity.flowOf(conn));
  if (!flow) return undefined;
  const session = deps.sessions.get(conn.id);
  const token = session ? rolesOfClaims(decodeToken(session.tokens.idToken).payload) : { roles: [] };
  if (given) {
    const problem = given.roleArn && flow === 'enhanced' ? roleChoiceProblem(given.roleArn, token) : given.roleArn ? validateRoleArn(given.roleArn) : undefined;
    if (problem) throw new UserFacingError(problem, 'RoleNotAllowed');
    return { flow, roleArn: given.roleArn };
  }
  // Nothing to choose (no roles in the token) and nothing missing: the plain command asks nothing.
  if (!chooseFlow && token.roles.length === 0 && (flow === 'enhanced' || remembered.roleArn || token.preferred)) return { flow };
  const role = await pickRole(token, flow, remembered.roleArn);
  if (role === undefined) return undefined;
  return { flow, roleArn: role === DEFAULT_ROLE ? undefined : role };
}

function describe(creds: FlowCredentials, conn: Connection, deps: CommandDeps, listedRoles: boolean): string {
  const role = creds.roleArn ? `role ${creds.roleArn}` : listedRoles || isIdentityOnly(conn) ? 'the identity pool\'s default role' : 'the identity pool\'s default role (the ID token lists no roles to choose from)';
  return `Got ${creds.flow} AWS credentials for identity ${creds.identityId} with ${role}; they are ${validFor(credentialsMsLeft(creds, deps.clock.now()))}.`;
}

export function register(deps: CommandDeps, renewer: SessionRenewer): void {
  const getCredentials = async (arg: unknown, chooseFlow: boolean): Promise<GotCredentials | undefined> => {
    const given = automationArg<GetCredentialsArgs>(arg);
    const picked = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Get AWS credentials for which connection?', alsoOffer: isIdentityOnly });
    if (!picked) return undefined;
    const conn = picked.identityPoolId ? picked : await addIdentityPool(deps, picked, given?.identityPoolId, !given);
    if (!conn) return undefined;
    const req = isIdentityOnly(conn) ? (conn.identityFlow === 'developer' ? await developerLogin(renewer, conn, given) : {}) : await userChoice(deps, renewer, conn, given, chooseFlow);
    if (!req) return undefined;
    const creds = (await renewer.credentials(conn, { force: true, progress: notifyProgress, ...req })) as FlowCredentials;
    if (!isIdentityOnly(conn)) await renewer.identity.store.remember(conn.id, { flow: creds.flow, roleArn: creds.roleArn });
    const session = deps.sessions.get(conn.id);
    const listed = session ? rolesOfClaims(decodeToken(session.tokens.idToken).payload).roles.length > 0 : false;
    if (!given) void vscode.window.showInformationMessage(describe(creds, conn, deps, listed));
    return { identityId: creds.identityId, expiration: creds.expiration, flow: creds.flow, ...(creds.roleArn ? { roleArn: creds.roleArn } : {}) };
  };
  // The connection's (or the last chosen) flow, asking only for what is open: a role from the token, a backend password.
  deps.commands.register('cognitoExplorer.getCredentials', (arg?: unknown) => getCredentials(arg, false));
  // The same, choosing the enhanced or basic flow first.
  deps.commands.register('cognitoExplorer.getCredentialsWithFlow', (arg?: unknown) => getCredentials(arg, true));

  // The sign-out of guest and developer connections: credentials, identity ids, the backend password, the remembered choice.
  deps.commands.register('cognitoExplorer.forgetIdentityCredentials', async (arg?: unknown): Promise<boolean> => {
    const store = renewer.identity.store;
    await store.ready;
    const held = store.all().map((s) => s.connection);
    const id = connectionIdOf(arg);
    if (held.length === 0 && !id) throw new UserFacingError('No guest or developer credentials are stored.', 'NothingToForget');
    const conn =
      (id ? deps.settings.connection(id) : undefined) ??
      (held.length === 1
        ? held[0]
        : (await vscode.window.showQuickPick(held.map((c) => ({ label: c.name, description: `${c.identityFlow} · ${c.identityPoolId}`, c })), { placeHolder: 'Forget the credentials of which connection?' }))?.c);
    if (!conn) return false;
    await store.forgetConnection(conn.id);
    deps.logger.info(`Forgot the identity credentials, identity ids and backend password of "${conn.name}"`);
    if (!automationArg(arg)) void vscode.window.showInformationMessage(`Forgot the AWS credentials of "${conn.name}", its identity ids and any stored backend password.`);
    return true;
  });
}
