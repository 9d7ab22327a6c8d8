/**
 * The user browser: one webview per pool that streams every user in the background (the core's parallel listing),
 * pushes rows as pages arrive, and answers the table's requests (columns, details, admin actions, export).
 */
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { explainError, UserFacingError } from '../../core/errors';
import { buildFilter, FILTERABLE_ATTRIBUTES, matchesFilter } from '../../core/pools/filter';
import { getUser, listAllUsers } from '../../core/pools/users';
import type { Logger } from '../../core/ports';
import { createDispatcherFor } from '../../shared/rpc';
import type { ReplyMessage } from '../../shared/protocol';
import {
  DEFAULT_COLUMNS,
  type ColumnKey,
  type FilterSpec,
  type UserBrowserHandlers,
  type UserBrowserPushMessage,
  type UserBrowserState,
  type UserRow,
} from '../../shared/userBrowserProtocol';
import { isColumnKey, parseUserBrowserRequest } from '../../shared/userBrowserValidate';
import type { SettingsReader } from '../platform/settings';
import { runAdminAction } from '../pools/adminActions';
import { samePool, type PoolEvents, type PoolRef, type UserChange } from '../pools/poolEvents';
import { columnOptions, detailsView, exportCsv, exportJson, toRow } from '../pools/userViews';
import { buildWebviewHtml, createNonce } from './webviewHtml';

export interface UserBrowserDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  settings: SettingsReader;
  events: PoolEvents;
  globalState: vscode.Memento;
}

const VIEW_TYPE = 'cognitoExplorer.userBrowser';
const columnsKey = (poolId: string) => `cognitoExplorer.userBrowser.columns.${poolId}`;
const keyOf = (pool: PoolRef) => `${pool.target.region}|${pool.poolId}|${pool.target.endpointUrl ?? ''}`;

export class UserBrowserPanel implements vscode.Disposable {
  private static readonly open = new Map<string, UserBrowserPanel>();

  static show(deps: UserBrowserDeps, pool: PoolRef, filter?: FilterSpec): UserBrowserPanel {
    const existing = UserBrowserPanel.open.get(keyOf(pool));
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (filter) void existing.load(filter).catch((err) => deps.logger.warn(explainError(err), err));
      return existing;
    }
    const panel = new UserBrowserPanel(deps, pool, filter ?? null);
    UserBrowserPanel.open.set(keyOf(pool), panel);
    return panel;
  }

  static disposeAll(): void {
    for (const panel of [...UserBrowserPanel.open.values()]) panel.dispose();
  }

  /** The open browsers, for tests and automation. */
  static all(): UserBrowserPanel[] {
    return [...UserBrowserPanel.open.values()];
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly users = new Map<string, UserRow>();
  private readonly attributeNames = new Set<string>();
  private generation = 0;
  private abort: AbortController | undefined;
  private ready = false;
  private disposed = false;
  private done = false;

  private constructor(
    private readonly deps: UserBrowserDeps,
    readonly pool: PoolRef,
    private filter: FilterSpec | null,
  ) {
    const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    const title = `Users: ${pool.poolName ?? pool.poolId}`;
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [root],
      // Ten thousand rows are costly to stream again; keep the page when the tab is hidden.
      retainContextWhenHidden: true,
    });
    const webview = this.panel.webview;
    webview.html = buildWebviewHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'userBrowser.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'userBrowser.css')).toString(),
      title,
      loadingText: 'Loading users…',
    });
    const handlers: UserBrowserHandlers = {
      ready: () => {
        this.ready = true;
        this.pushState();
        void this.load(this.filter).catch((err) => this.deps.logger.warn(explainError(err), err));
        return null;
      },
      load: async ({ filter }) => {
        await this.load(filter);
        return null;
      },
      cancel: () => {
        this.abort?.abort();
        return null;
      },
      setColumns: async ({ columns }) => {
        await deps.globalState.update(columnsKey(pool.poolId), columns);
        return null;
      },
      openUser: async ({ username }) => {
        const user = await getUser(pool.target, pool.poolId, username);
        return detailsView(user, this.attrMap());
      },
      action: async ({ username, action }) => {
        const summary = await runAdminAction({ logger: deps.logger, events: deps.events }, { ...pool, username }, action);
        if (summary) void vscode.window.showInformationMessage(summary);
        return summary ? { summary } : null;
      },
      exportView: ({ format, usernames, columns }) => this.exportView(format, usernames, columns),
    };
    const dispatch = createDispatcherFor({ panel: 'user browser', parse: parseUserBrowserRequest }, handlers, (reply) => this.post(reply), {
      explain: (err) => explainError(err, { userPoolId: pool.poolId, endpointUrl: pool.target.endpointUrl }),
      onProblem: (problem, err) => (err ? deps.logger.warn(problem, err) : deps.logger.warn(problem)),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => void dispatch(message)),
      deps.events.onDidChangeUser((change) => this.apply(change)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private attrMap() {
    return this.deps.settings.attributeMaps().forPool(this.pool.poolId);
  }

  private selectedColumns(): ColumnKey[] {
    const saved = this.deps.globalState.get<unknown>(columnsKey(this.pool.poolId));
    return Array.isArray(saved) && saved.length && saved.every(isColumnKey) ? (saved as ColumnKey[]) : [...DEFAULT_COLUMNS];
  }

  private state(): UserBrowserState {
    const columns = columnOptions(this.attrMap(), this.attributeNames);
    const known = new Set(columns.map((c) => c.key));
    return {
      pool: { id: this.pool.poolId, name: this.pool.poolName ?? this.pool.poolId, region: this.pool.target.region },
      columns,
      selected: this.selectedColumns().filter((k) => known.has(k)),
      filter: this.filter,
      filterableAttributes: [...FILTERABLE_ATTRIBUTES],
    };
  }

  private pushState(): void {
    if (this.ready) void this.post({ kind: 'push', event: 'state', data: this.state() });
  }

  /** Whether the last load has finished (tests wait on it). */
  get loaded(): { rows: number; done: boolean } {
    return { rows: this.users.size, done: this.done };
  }

  /** Streams every user (optionally filtered); a newer load or Cancel stops the older one. */
  async load(filter: FilterSpec | null): Promise<void> {
    let expression: string | undefined;
    if (filter) {
      try {
        expression = buildFilter(filter.attribute, filter.op, filter.value);
      } catch (err) {
        throw err instanceof UserFacingError ? err : new UserFacingError(err instanceof Error ? err.message : String(err), 'InvalidFilter');
      }
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.filter = filter;
    const generation = ++this.generation;
    this.users.clear();
    this.done = false;
    this.pushState();
    void this.post({ kind: 'push', event: 'progress', data: { generation, loaded: 0, done: false, cancelled: false } });
    let error: string | undefined;
    try {
      for await (const batch of listAllUsers(this.pool.target, this.pool.poolId, { ...(expression ? { filter: expression } : {}), signal: abort.signal })) {
        if (abort.signal.aborted || this.disposed) break;
        const rows = batch.map(toRow);
        let newNames = false;
        for (const row of rows) {
          this.users.set(row.username, row);
          for (const name of Object.keys(row.attributes)) {
            if (this.attributeNames.has(name)) continue;
            this.attributeNames.add(name);
            newNames = true;
          }
        }
        if (newNames) this.pushState();
        void this.post({ kind: 'push', event: 'rows', data: { generation, rows } });
        void this.post({ kind: 'push', event: 'progress', data: { generation, loaded: this.users.size, done: false, cancelled: false } });
      }
    } catch (err) {
      if (!abort.signal.aborted) {
        error = explainError(err, { userPoolId: this.pool.poolId, endpointUrl: this.pool.target.endpointUrl, action: 'list users' });
        this.deps.logger.error(`The user browser of ${this.pool.poolId} could not list users`, err);
      }
    }
    if (generation !== this.generation) return;
    this.done = true;
    const cancelled = abort.signal.aborted;
    void this.post({ kind: 'push', event: 'progress', data: { generation, loaded: this.users.size, done: true, cancelled, ...(error ? { error } : {}) } });
  }

  private apply(change: UserChange): void {
    if (!samePool(change.pool, this.pool)) return;
    if (change.kind === 'deleted') {
      this.users.delete(change.username);
      void this.post({ kind: 'push', event: 'user', data: { removed: change.username } });
    } else if (change.kind === 'updated' || (change.kind === 'created' && (!this.filter || matchesFilter(change.user, this.filter)))) {
      const row = toRow(change.user);
      this.users.set(row.username, row);
      void this.post({ kind: 'push', event: 'user', data: { row } });
    }
  }

  private async exportView(format: 'csv' | 'json', usernames: string[], columns: ColumnKey[]): Promise<{ path: string; rows: number } | null> {
    const rows = usernames.map((u) => this.users.get(u)).filter((r): r is UserRow => r !== undefined);
    const titles = new Map(columnOptions(this.attrMap(), this.attributeNames).map((c) => [c.key, c.title]));
    const name = `${(this.pool.poolName ?? this.pool.poolId).replace(/[^\w.-]+/g, '-')}-users.${format}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: `Export ${rows.length} users`,
      saveLabel: 'Export',
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!uri) return null;
    const text = format === 'csv' ? exportCsv(rows, columns, titles) : exportJson(rows, columns, titles);
    if (uri.scheme === 'file') {
      // Temp file + rename: an interrupted export never leaves a half-written file under the chosen name.
      const temp = `${uri.fsPath}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, uri.fsPath);
    } else await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    this.deps.logger.info(`Exported ${rows.length} users of ${this.pool.poolId} to ${uri.fsPath}`);
    return { path: uri.fsPath, rows: rows.length };
  }

  private post(message: ReplyMessage | UserBrowserPushMessage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    if (UserBrowserPanel.open.get(keyOf(this.pool)) === this) UserBrowserPanel.open.delete(keyOf(this.pool));
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
