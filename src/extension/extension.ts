/** Activation: builds the few long-lived objects, registers commands and views, and owns every disposable. */
import * as vscode from 'vscode';
import { setDefaultDeadline } from '../core/aws';
import { isIdentityOnly } from '../core/connection';
import { systemClock } from '../core/ports';
import type { CommandDeps } from './commands/deps';
import * as refreshCommands from './commands/refresh';
import type { RefreshController } from './commands/refresh';
import * as sessionCommands from './commands/session';
import * as tokenToolCommands from './commands/tokenTools';
import * as viewCommands from './commands/views';
import type { PanelState } from '../shared/protocol';
import { TerminalEnvironment } from './exports/terminalEnvironment';
import { PoolEvents } from './pools/poolEvents';
import { UserPoolsTree } from './tree/userPoolsTree';
import { cliSessionLinkModule, loadedPanels } from './lazy';
import { cliLinks } from './exports/cliLinks';
import type { CliSessionLink } from './exports/cliSessionLink';
import { CommandRegistrar } from './platform/commands';
import { OutputLogger } from './platform/logger';
import { SettingsReader } from './platform/settings';
import { SessionManager } from './session/sessionManager';
import { SignInTraceStore } from './signIn/signInTrace';
import { IdentityRenewal } from './session/identityRenewal';
import { IdentitySessions } from './session/identitySessions';
import { SessionRenewer } from './session/sessionRenewer';
import { StatusBarController } from './session/statusBar';
import { ConnectionsTree } from './tree/connectionsTree';
import { ResourcesTree } from './tree/resourcesTree';
import { SessionsTree } from './tree/sessionsTree';

/** Returned from activate() so tests and other extensions can observe state; holds no secrets itself. */
export interface CognitoExplorerApi {
  sessions: SessionManager;
  /** Guest and developer credentials, identity ids and the remembered flow and role per connection. */
  identity: IdentitySessions;
  connectionsTree: ConnectionsTree;
  sessionsTree: SessionsTree;
  resourcesTree: ResourcesTree;
  /** The User Pools view and the bus its admin actions report changes on. */
  userPoolsTree: UserPoolsTree;
  poolEvents: PoolEvents;
  /** The open user browsers: which pool, how many users loaded, whether the load finished. */
  userBrowsers(): { poolId: string; rows: number; done: boolean; close(): void }[];
  statusBar: StatusBarController;
  settings: SettingsReader;
  /** Automatic refresh: its schedule per connection and the notifications it showed. */
  refresh: RefreshController;
  /** "Use credentials in all terminals": which session, and what the environment-variable collection holds. */
  terminalEnvironment: TerminalEnvironment;
  /** Read-only use by tests: proves no secret lands in globalState. */
  globalState: vscode.Memento;
  /** Where VS Code writes this extension's log files, the output channel's included. */
  logUri: vscode.Uri;
  lastError(): { command: string; sentence: string } | undefined;
  /** What an open token panel shows (a session's, or `"editor"` for a token from the editor); never a raw token. */
  tokenPanelState(of: { connectionId: string } | 'editor'): PanelState | undefined;
}

/**
 * Activation event: `onStartupFinished` only (package.json). A signed-in session restored after a reload must show its
 * countdown in the status bar with no view open and no command run, and no narrower event fires for that (views and
 * commands activate the extension on their own since VS Code 1.74). It waits until the window has started, and
 * activation is cheap: the trees, the status bar and stand-ins for the commands; what a command needs loads when it runs.
 */
export function activate(context: vscode.ExtensionContext): CognitoExplorerApi {
  const subs = context.subscriptions;
  const logger = new OutputLogger();
  subs.push(logger);
  const settings = new SettingsReader(logger);
  setDefaultDeadline(settings.read().requestTimeoutMs);
  const sessions = new SessionManager(context.secrets, settings, logger);
  const connectionsTree = new ConnectionsTree(settings, sessions);
  const signInTraces = new SignInTraceStore();
  const identitySessions = new IdentitySessions(sessions.secrets, context.globalState, settings, logger);
  const sessionsTree = new SessionsTree(sessions, systemClock, signInTraces, identitySessions);
  const renewer = new SessionRenewer(sessions, settings, logger, systemClock, new IdentityRenewal(identitySessions, logger));
  const resourcesTree = new ResourcesTree(sessions, logger, () => settings.read().s3PageSize, (conn) => renewer.credentials(conn), identitySessions);
  const statusBar = new StatusBarController(sessions, systemClock);
  const terminalEnvironment = new TerminalEnvironment(context.environmentVariableCollection, context.globalState, sessions, settings, renewer, logger, systemClock);
  subs.push(sessions, identitySessions, terminalEnvironment, signInTraces, connectionsTree, sessionsTree, resourcesTree, statusBar, { dispose: () => loadedPanels().tokenPanel?.TokenPanel.disposeAll() });
  // The CLI session caches behind credential_process profiles follow this window's sessions; the code loads only
  // where such a profile was set up (exports/cliSessionLink.ts).
  let cliLink: Promise<CliSessionLink> | undefined;
  const cliSessionLink = () =>
    (cliLink ??= cliSessionLinkModule().then((m) => {
      const link = new m.CliSessionLink(context.globalState, sessions, settings, logger);
      subs.push(link);
      return link;
    }));
  if (Object.keys(cliLinks(context.globalState)).length > 0) void cliSessionLink().then((link) => link.start());
  const poolEvents = new PoolEvents();
  const userPoolsTree = new UserPoolsTree(settings, logger, poolEvents);
  subs.push(poolEvents, userPoolsTree);

  subs.push(
    vscode.window.createTreeView('cognitoExplorer.connections', { treeDataProvider: connectionsTree, showCollapseAll: false }),
    vscode.window.createTreeView('cognitoExplorer.sessions', { treeDataProvider: sessionsTree }),
    vscode.window.createTreeView('cognitoExplorer.resources', { treeDataProvider: resourcesTree, showCollapseAll: true }),
    vscode.window.createTreeView('cognitoExplorer.userPools', { treeDataProvider: userPoolsTree, showCollapseAll: true }),
  );

  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', 'cognitoExplorer.hasConnections', settings.connections().length > 0);
    void vscode.commands.executeCommand('setContext', 'cognitoExplorer.signedIn', sessions.all().length > 0);
    // Guest and developer connections get credentials without anybody signed in.
    void vscode.commands.executeCommand('setContext', 'cognitoExplorer.hasIdentityOnly', settings.connections().some(isIdentityOnly));
  };
  subs.push(
    sessions.onDidChange(updateContext),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!SettingsReader.affects(e)) return;
      setDefaultDeadline(settings.read().requestTimeoutMs);
      // A removed connection takes its sign-in trace with it, so the Sessions view can show "Nobody is signed in" again.
      for (const id of signInTraces.ids()) if (!settings.connection(id)) signInTraces.forget(id);
      // reload() fires onDidChange, which refreshes every tree, the status bar and the context keys.
      void sessions.reload();
      void identitySessions.reload();
      if (e.affectsConfiguration('cognitoExplorer.s3PageSize')) resourcesTree.refresh();
      if (e.affectsConfiguration('cognitoExplorer.userPools')) userPoolsTree.reload();
      else if (e.affectsConfiguration('cognitoExplorer.attributeMap') || e.affectsConfiguration('cognitoExplorer.attributeMapsByPool')) userPoolsTree.refresh();
    }),
  );
  void sessions.ready.then(updateContext);

  const commands = new CommandRegistrar(logger, subs);
  const deps: CommandDeps = { context, logger, settings, sessions, commands, clock: systemClock };
  // Features that set something up at activation (schedulers, providers, panels to close) register now...
  sessionCommands.register(deps, { traces: signInTraces });
  const refresh = refreshCommands.register(deps, renewer);
  viewCommands.register(deps, { connections: connectionsTree, sessions: sessionsTree, resources: resourcesTree });
  tokenToolCommands.register(deps);
  // ...every other declared command loads its feature's code on first use (src/extension/commands/deferred.ts).
  const declared = (context.extension.packageJSON.contributes?.commands ?? []) as { command: string }[];
  commands.deferRest(
    declared.map((c) => c.command),
    async () => (await import('./commands/deferred')).registerDeferred(deps, { renewer, terminalEnvironment, poolEvents, userPoolsTree, identitySessions, cliSessionLink }),
  );

  logger.info(`Cognito Explorer ${String(context.extension.packageJSON.version ?? '')} activated`);
  return {
    sessions,
    identity: identitySessions,
    connectionsTree,
    sessionsTree,
    resourcesTree,
    userPoolsTree,
    poolEvents,
    userBrowsers: () => (loadedPanels().userBrowserPanel?.UserBrowserPanel.all() ?? []).map((p) => ({ poolId: p.pool.poolId, ...p.loaded, close: () => p.dispose() })),
    statusBar,
    settings,
    refresh,
    terminalEnvironment,
    globalState: context.globalState,
    logUri: context.logUri,
    lastError: () => commands.lastError,
    tokenPanelState: (of) => loadedPanels().tokenPanel?.TokenPanel.stateOf(of),
  };
}

export function deactivate(): void {}
