import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import type { Clock } from '../../core/ports';
import type { IdentityCredentials, StoredSession } from '../../core/session';
import { credentialsMsLeft, expiryDescription, sessionMsLeft, tokenMsLeft, tokensExpiry } from '../session/format';
import type { IdentitySessions, StandaloneSession } from '../session/identitySessions';
import type { SessionManager } from '../session/sessionManager';
import type { RecordedTrace, SignInTraceStore } from '../signIn/signInTrace';
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

/** A row that shows one part of what a connection holds: a session, a guest/developer identity, credentials. */
abstract class PartNode<T> implements TreeNode {
  constructor(
    readonly connection: Connection,
    protected readonly value: T,
    protected readonly clock: Clock,
  ) {}

  get connectionId(): string {
    return this.connection.id;
  }

  abstract item(): vscode.TreeItem;
}

/** The AWS credentials a session or a guest/developer identity holds. */
export class CredentialsNode extends PartNode<IdentityCredentials> {
  item(): vscode.TreeItem {
    const creds = this.value;
    const item = new vscode.TreeItem('AWS credentials', vscode.TreeItemCollapsibleState.None);
    item.id = `sessions:${this.connection.id}:credentials`;
    item.contextValue = 'credentials';
    item.iconPath = new vscode.ThemeIcon('cloud');
    const expiry = expiryDescription(credentialsMsLeft(creds, this.clock.now()));
    item.description = `${creds.identityId} · ${expiry}`;
    const how = creds as { flow?: string; roleArn?: string };
    const flow = how.flow ? ` (${how.flow} flow${how.roleArn ? `, role ${how.roleArn}` : ''})` : '';
    item.tooltip = `Identity ${creds.identityId} from ${this.connection.identityPoolId ?? 'the identity pool'}${flow}; ${expiry} (${creds.expiration}).`;
    return item;
  }
}

export class SessionNode extends PartNode<StoredSession> {
  get session(): StoredSession {
    return this.value;
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.session.username, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `sessions:${this.connection.id}:session`;
    item.contextValue = 'session';
    item.iconPath = new vscode.ThemeIcon('account');
    const ms = sessionMsLeft(this.session.tokens, this.clock.now());
    item.description = ms >= 0 ? 'signed in' : 'tokens expired';
    item.tooltip = `${this.session.username} on ${this.connection.name}: ${tokensExpiry(ms)}.`;
    return item;
  }

  children(): TreeNode[] {
    const kinds: TokenKind[] = this.session.tokens.refreshToken ? ['id', 'access', 'refresh'] : ['id', 'access'];
    const nodes: TreeNode[] = kinds.map((k) => new TokenNode(this.connection, this.session, k, this.clock));
    if (this.session.credentials) nodes.push(new CredentialsNode(this.connection, this.session.credentials, this.clock));
    return nodes;
  }
}

/** A guest or developer identity: credentials without anybody signed in to a user pool. */
export class IdentityNode extends PartNode<StandaloneSession> {
  private get held(): StandaloneSession {
    return this.value;
  }

  item(): vscode.TreeItem {
    const guest = !this.held.username;
    const item = new vscode.TreeItem(this.held.username ?? 'guest identity', vscode.TreeItemCollapsibleState.Expanded);
    item.id = `sessions:${this.connection.id}:identity`;
    item.contextValue = 'identity';
    item.iconPath = new vscode.ThemeIcon(guest ? 'person' : 'account');
    item.description = guest ? 'guest' : 'developer identity';
    const ms = credentialsMsLeft(this.held.credentials, this.clock.now());
    item.tooltip = `${guest ? 'A guest identity' : `Developer identity of ${this.held.username}`} on ${this.connection.name}, without a user pool sign-in: credentials ${expiryDescription(ms)}. "Forget Guest/Developer Credentials" ends it.`;
    return item;
  }

  children(): TreeNode[] {
    return [new CredentialsNode(this.connection, this.held.credentials, this.clock)];
  }
}

/** The last sign-in's requests to Cognito (names and redacted values); opens as a read-only document. */
export class SignInTraceNode implements TreeNode {
  constructor(
    readonly connection: Connection,
    readonly trace: RecordedTrace,
  ) {}

  get connectionId(): string {
    return this.connection.id;
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem('Sign-in trace', vscode.TreeItemCollapsibleState.None);
    // A new id per recorded step: VS Code keeps the rendering of a known id when its parent changes, and a trace
    // row must never show the description of the step before.
    item.id = `sessions:${this.connection.id}:signInTrace:${this.trace.at}:${this.trace.trace.length}:${this.trace.outcome.length}`;
    item.contextValue = 'signInTrace';
    const failed = this.trace.outcome.startsWith('failed');
    item.iconPath = new vscode.ThemeIcon(failed ? 'warning' : 'list-unordered');
    item.description = `${this.trace.trace.length} request${this.trace.trace.length === 1 ? '' : 's'} · ${this.trace.outcome}`;
    item.tooltip = `The last sign-in of ${this.trace.username} (${this.trace.flow}): ${this.trace.outcome}. Click to see each request; secret values are redacted.`;
    item.command = { command: 'cognitoExplorer.showSignInTrace', title: 'Show Sign-In Trace', arguments: [{ connectionId: this.connection.id }] };
    return item;
  }
}

/**
 * A connection nobody is signed in to, listed for its sign-in trace. Its own id: VS Code keeps the children of an
 * expanded item whose id did not change, so the signed-in node that replaces it must not reuse the id.
 */
class TracedConnectionNode extends ConnectionNode {
  override item(): vscode.TreeItem {
    const item = super.item();
    item.id = `${item.id}:traceOnly`;
    return item;
  }
}

const DESCRIPTION_REFRESH_MS = 30_000;
const TRACE_REFRESH_DELAY_MS = 300;

/** Connection -> signed-in user (or guest/developer identity) -> tokens and credentials. Descriptions are re-rendered every 30 s while anyone is signed in. */
export class SessionsTree extends NodeTreeProvider {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly sessions: SessionManager,
    private readonly clock: Clock,
    private readonly traces?: SignInTraceStore,
    private readonly identities?: IdentitySessions,
  ) {
    super();
    const changed = () => {
      this.refresh();
      this.syncTimer();
    };
    this.disposables.push(sessions.onDidChange(changed), ...(identities ? [identities.onDidChange(changed)] : []), { dispose: () => this.stopTimer() });
    if (traces) {
      // A sign-in records its trace a moment before it saves the session. VS Code answers a refresh that arrives while
      // the previous one is still fetching with that fetch's (older) result, so the trace's refresh waits a little.
      let pending: ReturnType<typeof setTimeout> | undefined;
      this.disposables.push(
        traces.onDidChange(() => {
          if (pending) clearTimeout(pending);
          pending = setTimeout(() => {
            pending = undefined;
            this.refresh();
          }, TRACE_REFRESH_DELAY_MS);
        }),
        { dispose: () => pending && clearTimeout(pending) },
      );
    }
    void Promise.all([sessions.ready, identities?.ready]).then(() => this.syncTimer());
  }

  private syncTimer(): void {
    if (this.sessions.all().length === 0 && !this.identities?.all().length) this.stopTimer();
    else if (!this.timer) this.timer = setInterval(() => this.refresh(), DESCRIPTION_REFRESH_MS);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  protected async roots(): Promise<TreeNode[]> {
    await Promise.all([this.sessions.ready, this.identities?.ready]);
    // Signed-in connections, and those whose last sign-in failed or waits on a challenge (to reach its trace). After a
    // sign-out the view empties again, so its welcome text shows; "Show Sign-In Trace" still opens that trace.
    const signedIn = this.sessions.all();
    const traceOnly = (this.traces?.ids() ?? [])
      .filter((id) => !signedIn.some((s) => s.connection.id === id))
      .map((id) => this.traces!.get(id)!)
      .filter((t) => !t.outcome.startsWith('signed in'));
    return [
      ...signedIn.map(({ connection, session }) => {
        const trace = this.traces?.get(connection.id);
        return new ConnectionNode(connection, session, 'sessions', () => [new SessionNode(connection, session, this.clock), ...(trace ? [new SignInTraceNode(connection, trace)] : [])]);
      }),
      ...(this.identities?.all() ?? [])
        .filter(({ connection }) => !signedIn.some((s) => s.connection.id === connection.id))
        .map(({ connection, session }) => new ConnectionNode(connection, undefined, 'sessions', () => [new IdentityNode(connection, session, this.clock)])),
      ...traceOnly.map((t) => new TracedConnectionNode(t.connection, undefined, 'sessions', () => [new SignInTraceNode(t.connection, t)])),
    ];
  }
}
