import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import type { Clock } from '../../core/ports';
import type { StoredSession } from '../../core/session';
import { credentialsMsLeft, expiryDescription, sessionMsLeft, tokenMsLeft } from '../format';
import type { SessionManager } from '../sessionManager';
import { ConnectionNode } from './connectionsTree';
import { NodeTreeProvider, type TreeNode } from './nodes';

export type TokenKind = 'id' | 'access' | 'refresh';

const TOKEN_LABEL: Record<TokenKind, string> = { id: 'ID token', access: 'Access token', refresh: 'Refresh token' };

export class TokenNode implements TreeNode {
  constructor(
    readonly connection: Connection,
    readonly session: StoredSession,
    readonly which: TokenKind,
    private readonly clock: Clock,
  ) {}

  get connectionId(): string {
    return this.connection.id;
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(TOKEN_LABEL[this.which], vscode.TreeItemCollapsibleState.None);
    item.id = `sessions:${this.connection.id}:token:${this.which}`;
    item.contextValue = `token:${this.which}`;
    item.iconPath = new vscode.ThemeIcon(this.which === 'refresh' ? 'sync' : 'key');
    const tokens = this.session.tokens;
    if (this.which === 'refresh') {
      item.description = 'for refresh';
      item.tooltip = 'Used to get new ID and access tokens; Cognito refresh tokens are opaque, so there is nothing to decode.';
    } else {
      const token = this.which === 'id' ? tokens.idToken : tokens.accessToken;
      const ms = tokenMsLeft(token, tokens, this.clock.now());
      item.description = expiryDescription(ms);
      item.tooltip = `${TOKEN_LABEL[this.which]} of ${this.session.username}: ${item.description}. Click to decode and verify it.`;
      item.command = {
        command: 'cognitoExplorer.showTokens',
        title: 'Show Token',
        arguments: [{ connectionId: this.connection.id, which: this.which }],
      };
    }
    return item;
  }
}

export class CredentialsNode implements TreeNode {
  constructor(
    readonly connection: Connection,
    readonly session: StoredSession,
    private readonly clock: Clock,
  ) {}

  get connectionId(): string {
    return this.connection.id;
  }

  item(): vscode.TreeItem {
    const creds = this.session.credentials!;
    const item = new vscode.TreeItem('AWS credentials', vscode.TreeItemCollapsibleState.None);
    item.id = `sessions:${this.connection.id}:credentials`;
    item.contextValue = 'credentials';
    item.iconPath = new vscode.ThemeIcon('cloud');
    const expiry = expiryDescription(credentialsMsLeft(creds, this.clock.now()));
    item.description = `${creds.identityId} · ${expiry}`;
    item.tooltip = `Identity ${creds.identityId} from ${this.connection.identityPoolId ?? 'the identity pool'}; ${expiry} (${creds.expiration}).`;
    return item;
  }
}

export class SessionNode implements TreeNode {
  constructor(
    readonly connection: Connection,
    readonly session: StoredSession,
    private readonly clock: Clock,
  ) {}

  get connectionId(): string {
    return this.connection.id;
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.session.username, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `sessions:${this.connection.id}:session`;
    item.contextValue = 'session';
    item.iconPath = new vscode.ThemeIcon('account');
    const ms = sessionMsLeft(this.session.tokens, this.clock.now());
    item.description = ms >= 0 ? 'signed in' : 'tokens expired';
    item.tooltip = `${this.session.username} on ${this.connection.name}: tokens ${expiryDescription(ms)}.`;
    return item;
  }

  children(): TreeNode[] {
    const kinds: TokenKind[] = this.session.tokens.refreshToken ? ['id', 'access', 'refresh'] : ['id', 'access'];
    const nodes: TreeNode[] = kinds.map((k) => new TokenNode(this.connection, this.session, k, this.clock));
    if (this.session.credentials) nodes.push(new CredentialsNode(this.connection, this.session, this.clock));
    return nodes;
  }
}

const DESCRIPTION_REFRESH_MS = 30_000;

/** Connection -> signed-in user -> tokens and credentials. Descriptions are re-rendered every 30 s while anyone is signed in. */
export class SessionsTree extends NodeTreeProvider {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly sessions: SessionManager,
    private readonly clock: Clock,
  ) {
    super();
    this.disposables.push(
      sessions.onDidChange(() => {
        this.refresh();
        this.syncTimer();
      }),
      { dispose: () => this.stopTimer() },
    );
    void sessions.ready.then(() => this.syncTimer());
  }

  private syncTimer(): void {
    if (this.sessions.all().length === 0) this.stopTimer();
    else if (!this.timer) this.timer = setInterval(() => this.refresh(), DESCRIPTION_REFRESH_MS);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  protected async roots(): Promise<TreeNode[]> {
    await this.sessions.ready;
    return this.sessions
      .all()
      .map(({ connection, session }) => new ConnectionNode(connection, session, 'sessions', () => [new SessionNode(connection, session, this.clock)]));
  }
}
