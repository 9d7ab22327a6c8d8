/** The User Pools view's commands: admin access, paging, filter and find, details documents, Connect, the user browser. */
import * as vscode from 'vscode';
import { validateEndpointUrl, validateRegion } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { listAwsProfiles } from '../../core/pools/adminTarget';
import { buildFilter, FILTERABLE_ATTRIBUTES } from '../../core/pools/filter';
import { describeAppClient, describeIdentityPool, describeUserPool, getClientSecret } from '../../core/pools/pools';
import { preflight } from '../../core/pools/preflight';
import { findUsers } from '../../core/pools/users';
import { FILTER_OPS, type FilterOp, type FilterSpec } from '../../shared/userBrowserProtocol';
import { loadedPanels, userBrowserPanelModule } from '../lazy';
import { SECTION } from '../platform/settings';
import { bullets, detailsDocument, signInSummary, warningLines } from '../pools/detailsText';
import type { PoolEvents } from '../pools/poolEvents';
import { regionOfPool, targetFor } from '../pools/poolSettings';
import { PagedLoadMoreNode, PagedNode } from '../tree/pagedNode';
import { AppClientNode, IdentityPoolNode, PoolNode } from '../tree/poolNodes';
import { UsersNode } from '../tree/userNodes';
import type { UserPoolsTree } from '../tree/userPoolsTree';
import { automationArg, type CommandDeps } from './deps';
import { poolRefOf } from './poolRefs';

const DETAILS_SCHEME = 'cognito-explorer-details';
const COMMON_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1'];

export interface PoolsExtra {
  tree: UserPoolsTree;
  events: PoolEvents;
}

interface AccessArgs {
  profile: string;
  regions: string[];
  endpointUrl: string;
}

/** Builds a ListUsers filter with three quick inputs; the value is checked as it is typed. */
async function askFilter(current?: FilterSpec): Promise<FilterSpec | undefined> {
  const attribute = await vscode.window.showQuickPick(
    FILTERABLE_ATTRIBUTES.map((a) => ({ label: a, picked: a === current?.attribute })),
    { placeHolder: 'Filter users by which attribute? (ListUsers filters only these)', ignoreFocusOut: true },
  );
  if (!attribute) return undefined;
  const op = await vscode.window.showQuickPick(
    FILTER_OPS.map((o) => ({ label: o, description: o === '=' ? 'equals' : 'starts with', op: o })),
    { placeHolder: `${attribute.label} … ?`, ignoreFocusOut: true },
  );
  if (!op) return undefined;
  const value = await vscode.window.showInputBox({
    title: `Filter: ${attribute.label} ${op.label} …`,
    prompt: 'The value to match (case-sensitive, as Cognito compares it)',
    value: current?.attribute === attribute.label ? current.value : '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        buildFilter(attribute.label, op.op, v);
        return undefined;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
  });
  return value === undefined ? undefined : { attribute: attribute.label, op: op.op as FilterOp, value };
}

export function register(deps: CommandDeps, extra: PoolsExtra): void {
  const { commands, settings, logger, context } = deps;
  const { tree, events } = extra;
  const documents = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => documents.get(uri.query) ?? 'These details are no longer in memory; open them again from the User Pools view.\n' }),
    { dispose: () => loadedPanels().userBrowserPanel?.UserBrowserPanel.disposeAll() },
  );

  /** Opens (or updates) a read-only Markdown document; returns its text for callers and tests. */
  async function showDocument(key: string, title: string, text: string): Promise<string> {
    documents.set(key, text);
    const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${title.replace(/[\\/:*?"<>|]+/g, '-')}.md`, query: key });
    changed.fire(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    return text;
  }

  commands.register('cognitoExplorer.configureAdminAccess', async (arg?: unknown): Promise<boolean> => {
    const config = () => vscode.workspace.getConfiguration(SECTION);
    const given = automationArg<AccessArgs>(arg);
    if (given) {
      if (given.profile !== undefined) await config().update('userPools.profile', given.profile, vscode.ConfigurationTarget.Global);
      if (given.regions !== undefined) await config().update('userPools.regions', given.regions, vscode.ConfigurationTarget.Global);
      if (given.endpointUrl !== undefined) await config().update('userPools.endpointUrl', given.endpointUrl, vscode.ConfigurationTarget.Global);
      return true;
    }
    const current = settings.poolAccess();
    const profiles = await listAwsProfiles(process.env).catch((err) => {
      logger.warn('Could not read the AWS profiles', err);
      return [];
    });
    const envProfile = process.env.AWS_PROFILE;
    const profile = await vscode.window.showQuickPick(
      [
        { label: '$(globe) Default credentials', description: envProfile ? `AWS_PROFILE=${envProfile}` : 'environment, then the default profile', name: '' },
        ...profiles.map((p) => ({ label: p.name, description: `${p.kind === 'sso' ? 'SSO' : p.kind}${p.region ? ` · ${p.region}` : ''}`, name: p.name, picked: p.name === current.profile })),
      ],
      { title: 'Cognito: Admin Access (1/3)', placeHolder: 'Whose AWS credentials list and administer the user pools? (No keys are typed here.)', ignoreFocusOut: true },
    );
    if (!profile) return false;
    const profileRegion = profiles.find((p) => p.name === profile.name)?.region;
    const regionItems = [...new Set([...current.regions, ...(profileRegion ? [profileRegion] : []), ...COMMON_REGIONS])].map((r) => ({ label: r, picked: current.regions.includes(r) }));
    const regions = await vscode.window.showQuickPick(regionItems, { title: 'Cognito: Admin Access (2/3)', placeHolder: 'Which regions does the view show?', canPickMany: true, ignoreFocusOut: true });
    if (!regions || regions.length === 0) return false;
    const endpointUrl = await vscode.window.showInputBox({
      title: 'Cognito: Admin Access (3/3)',
      prompt: 'Endpoint URL, only for a local emulator such as moto or cognito-local (leave empty for AWS)',
      value: current.endpointUrl ?? '',
      placeHolder: 'http://127.0.0.1:5000',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? validateEndpointUrl(v.trim()) : undefined),
    });
    if (endpointUrl === undefined) return false;
    await config().update('userPools.profile', profile.name, vscode.ConfigurationTarget.Global);
    await config().update('userPools.regions', regions.map((r) => r.label).filter((r) => !validateRegion(r)), vscode.ConfigurationTarget.Global);
    await config().update('userPools.endpointUrl', endpointUrl.trim(), vscode.ConfigurationTarget.Global);
    return true;
  });

  commands.register('cognitoExplorer.refreshUserPools', () => tree.reload());

  commands.register('cognitoExplorer.loadMorePoolItems', async (node?: unknown) => {
    const owner = node instanceof PagedLoadMoreNode ? node.owner : node;
    if (owner instanceof PagedNode) await tree.loadMore(owner);
  });

  commands.register('cognitoExplorer.filterUsers', async (node?: unknown, spec?: FilterSpec): Promise<string | undefined> => {
    if (!(node instanceof UsersNode)) throw new UserFacingError('Filter users from the Users row of a pool in the User Pools view.', 'NoUsersNode');
    const picked = spec ?? (await askFilter(node.filter?.spec));
    if (!picked) return undefined;
    const expression = buildFilter(picked.attribute, picked.op, picked.value);
    node.filter = { expression, spec: picked };
    node.reset();
    tree.refresh(node);
    return expression;
  });

  commands.register('cognitoExplorer.clearUserFilter', (node?: unknown) => {
    if (!(node instanceof UsersNode)) return;
    node.filter = undefined;
    node.reset();
    tree.refresh(node);
  });

  commands.register('cognitoExplorer.findUser', async (node?: unknown, query?: string): Promise<number | undefined> => {
    const users = node instanceof UsersNode ? node : node instanceof PoolNode ? node.users : undefined;
    if (!users) throw new UserFacingError('Find a user from a pool (or its Users row) in the User Pools view.', 'NoUsersNode');
    const text =
      query ??
      (await vscode.window.showInputBox({ prompt: 'Find users by username, email, phone number or sub (prefix)', placeHolder: 'alice, alice@example.com, +1555…, 3f2a…', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Type what to look for.') }));
    if (!text?.trim()) return undefined;
    const found = await findUsers(users.pool.target, users.pool.poolId, text.trim());
    users.setFound(text.trim(), found);
    tree.refresh(users);
    return found.length;
  });

  commands.register('cognitoExplorer.showPoolDetails', async (arg?: unknown): Promise<string | undefined> => {
    const pool = await poolRefOf(deps, arg);
    if (!pool) return undefined;
    const details = await describeUserPool(pool.target, pool.poolId);
    return showDocument(`pool:${pool.poolId}`, `User pool ${pool.poolName ?? pool.poolId}`, detailsDocument(`User pool ${pool.poolName ?? pool.poolId}`, [{ heading: 'Settings', lines: bullets(details) }]));
  });

  commands.register('cognitoExplorer.showAppClientDetails', async (arg?: unknown): Promise<string | undefined> => {
    const node = arg instanceof AppClientNode ? arg : undefined;
    const given = automationArg<{ poolId: string; clientId: string; region: string }>(arg);
    const pool = node?.pool ?? (await poolRefOf(deps, arg));
    const clientId = node?.clientId ?? given?.clientId;
    if (!pool || !clientId) return undefined;
    const [poolDetails, client] = await Promise.all([describeUserPool(pool.target, pool.poolId), describeAppClient(pool.target, pool.poolId, clientId)]);
    const title = `App client ${client.name || clientId}`;
    return showDocument(`client:${pool.poolId}:${clientId}`, title, detailsDocument(title, [
      { heading: 'Sign-in preflight', lines: warningLines(preflight(poolDetails, client)) },
      { heading: 'What matters for signing in', lines: signInSummary(poolDetails, client) },
      { heading: 'App client', lines: bullets(client) },
      { heading: `User pool ${pool.poolName ?? pool.poolId}`, lines: bullets(poolDetails) },
    ]));
  });

  commands.register('cognitoExplorer.showIdentityPoolDetails', async (arg?: unknown): Promise<string | undefined> => {
    const node = arg instanceof IdentityPoolNode ? arg : undefined;
    const given = automationArg<{ identityPoolId: string; region: string }>(arg);
    const id = node?.identityPoolId ?? given?.identityPoolId;
    if (!id) throw new UserFacingError('Open identity pool details from the User Pools view.', 'NoIdentityPool');
    const target = node?.target ?? targetFor(settings.poolAccess(), given?.region ?? id.split(':')[0]);
    const details = await describeIdentityPool(target, id);
    return showDocument(`identity:${id}`, `Identity pool ${details.name || id}`, detailsDocument(`Identity pool ${details.name || id}`, [{ heading: 'Settings', lines: bullets(details) }]));
  });

  commands.register('cognitoExplorer.connectAppClient', async (arg?: unknown): Promise<string | undefined> => {
    const node = arg instanceof AppClientNode ? arg : undefined;
    const given = automationArg<{ poolId: string; clientId: string; region: string; poolName: string; name: string }>(arg);
    const pool = node?.pool ?? (await poolRefOf(deps, arg));
    const clientId = node?.clientId ?? given?.clientId;
    if (!pool || !clientId) return undefined;
    const region = regionOfPool(pool.poolId) ?? pool.target.region;
    const existing = settings.connections().find((c) => c.userPoolId === pool.poolId && c.clientId === clientId && (c.endpointUrl ?? '') === (pool.target.endpointUrl ?? ''));
    if (existing) {
      if (!given) void vscode.window.showInformationMessage(`The connection "${existing.name}" already uses this app client.`);
      return existing.id;
    }
    const client = await describeAppClient(pool.target, pool.poolId, clientId);
    // Fetched straight into SecretStorage by addConnection; never shown, never logged.
    const clientSecret = client.hasSecret ? await getClientSecret(pool.target, pool.poolId, clientId) : undefined;
    const taken = new Set(settings.connections().map((c) => c.name));
    const base = given?.name ?? `${pool.poolName ?? pool.poolId} / ${client.name || clientId}`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base} (${i})`;
    const id = await vscode.commands.executeCommand<string | undefined>('cognitoExplorer.addConnection', {
      name,
      region,
      userPoolId: pool.poolId,
      clientId,
      ...(pool.target.endpointUrl ? { endpointUrl: pool.target.endpointUrl } : {}),
      ...(clientSecret ? { clientSecret } : {}),
    });
    if (!id) throw new UserFacingError(`Could not create a connection for app client ${clientId}; see the log.`, 'ConnectFailed');
    logger.info(`Connected app client ${clientId} of ${pool.poolId} as "${name}"${clientSecret ? ' (client secret in SecretStorage)' : ''}`);
    if (!given) {
      void vscode.window.showInformationMessage(`Added the connection "${name}"${clientSecret ? ' with its client secret' : ''}.`, 'Sign In').then((a) => {
        if (a) void vscode.commands.executeCommand('cognitoExplorer.signIn', id);
      });
    }
    return id;
  });

  commands.register('cognitoExplorer.openUserBrowser', async (arg?: unknown, spec?: FilterSpec): Promise<boolean> => {
    const pool = await poolRefOf(deps, arg);
    if (!pool) return false;
    const filter = spec ?? (arg instanceof UsersNode ? arg.filter?.spec : undefined);
    const { UserBrowserPanel } = await userBrowserPanelModule();
    UserBrowserPanel.show({ extensionUri: context.extensionUri, logger, settings, events, globalState: context.globalState }, pool, filter);
    return true;
  });
}
