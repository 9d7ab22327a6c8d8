import * as vscode from 'vscode';
import { isIdentityOnly, type Connection } from '../../core/connection';
import type { StoredSession } from '../../core/session';
import type { SessionManager } from '../session/sessionManager';
import type { SettingsReader } from '../platform/settings';
import { NodeTreeProvider, type TreeNode } from './nodes';

function connectionTooltip(connection: Connection, session?: StoredSession): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`**${connection.name}**\n\n`);
  const rows: [string, string | undefined][] = [
    ['Region', connection.region],
    ['User pool', connection.userPoolId],
    ['App client', connection.clientId],
    ['Client secret', connection.hasClientSecret ? 'stored in SecretStorage' : 'none'],
    ['Identity pool', connection.identityPoolId],
    ['Endpoint', connection.endpointUrl],
    ['Signed in', session?.username],
  ];
  for (const [k, v] of rows) if (v) md.appendText(`${k}: ${v}\n`).appendMarkdown('\n');
  return md;
}

/** A saved connection; `connection:signedIn` when someone is signed in through it. */
export class ConnectionNode implements TreeNode {
  constructor(
    readonly connection: Connection,
    readonly session: StoredSession | undefined,
    private readonly view: 'connections' | 'sessions',
    private readonly childNodes?: () => TreeNode[],
  ) {}

  get connectionId(): string {
    return this.connection.id;
  }

  item(): vscode.TreeItem {
    const state = this.childNodes ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(this.connection.name, state);
    item.id = `${this.view}:${this.connection.id}`;
    const pool = this.connection.userPoolId || `${this.connection.identityFlow} identities · ${this.connection.identityPoolId ?? ''}`;
    item.description = this.session && this.view === 'connections' ? `${pool} · ${this.session.username}` : pool;
    item.tooltip = connectionTooltip(this.connection, this.session);
    item.iconPath = new vscode.ThemeIcon(this.session ? 'pass-filled' : 'plug');
    item.contextValue = this.session ? 'connection:signedIn' : isIdentityOnly(this.connection) ? 'connection:identity' : 'connection';
    return item;
  }

  children(): TreeNode[] {
    return this.childNodes?.() ?? [];
  }
}

export class ConnectionsTree extends NodeTreeProvider {
  constructor(
    private readonly settings: SettingsReader,
    private readonly sessions: SessionManager,
  ) {
    super();
    this.disposables.push(sessions.onDidChange(() => this.refresh()));
  }

  protected async roots(): Promise<TreeNode[]> {
    await this.sessions.ready;
    return this.settings.connections().map((c) => new ConnectionNode(c, this.sessions.get(c.id), 'connections'));
  }
}
