/**
 * The token panel: one webview per signed-in connection showing its decoded, explained and verified ID and access
 * tokens, following the session (a refresh or another user's sign-in shows the new tokens, sign-out closes it);
 * plus one panel for a single token found in the editor.
 */
import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import { explainError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import type { StoredSession } from '../../core/session';
import { verifyForConnection } from '../../core/tokens/verify';
import type { HostMessage, PanelState, RequestHandlers, TokenWhich } from '../../shared/protocol';
import { createDispatcher } from '../../shared/rpc';
import type { CommandDeps } from '../commands/deps';
import { PENDING, buildPanelState, editorTokenSubject, rawToken, verificationSummary, verifyBoth, type Verifications, type Verifier } from './tokenPanelState';
import { buildWebviewHtml, createNonce } from './webviewHtml';

/** What a session panel follows: the signed-in sessions and the saved connections. */
export interface SessionSource {
  onDidChange: vscode.Event<string | undefined>;
  get(connectionId: string): StoredSession | undefined;
  connection(connectionId: string): Connection | undefined;
  connections(): Connection[];
}

export interface PanelDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  sessions: SessionSource;
  /** Seconds of clock leeway for the expiry checks (setting cognitoExplorer.tokenLeewaySeconds), read per run. */
  leewaySeconds?: () => number;
}

interface Subject {
  key: string;
  connection: Connection;
  session: StoredSession;
  /** A single editor token: only this tab is shown, nothing is followed. */
  only?: TokenWhich;
  verifier?: Verifier;
}

const VIEW_TYPE = 'cognitoExplorer.tokenPanel';
const EDITOR_KEY = 'editor';
const sessionKey = (connectionId: string) => `session:${connectionId}`;

export class TokenPanel implements vscode.Disposable {
  private static readonly open = new Map<string, TokenPanel>();

  /** Opens the panel of this connection, or reveals it and shows the given session when it is already open. */
  static show(deps: PanelDeps, connection: Connection, session: StoredSession, which: TokenWhich = 'id'): TokenPanel {
    return TokenPanel.showSubject(deps, { key: sessionKey(connection.id), connection, session }, which);
  }

  /**
   * Shows one token from the editor in the editor-token panel (one panel, reused); verified against the saved
   * connection of its pool when there is one. Throws the decoder's sentence when the text is not a JWT.
   */
  static showToken(deps: PanelDeps, token: string): TokenPanel {
    const subject = editorTokenSubject(token, deps.sessions.connections(), Date.now());
    const unverifiable = subject.unverifiable;
    const verifier: Verifier | undefined = unverifiable
      ? async () => {
          throw new Error(unverifiable);
        }
      : undefined;
    return TokenPanel.showSubject(deps, { key: EDITOR_KEY, connection: subject.connection, session: subject.session, only: subject.which, verifier }, subject.which);
  }

  private static showSubject(deps: PanelDeps, subject: Subject, which: TokenWhich): TokenPanel {
    const existing = TokenPanel.open.get(subject.key);
    if (existing) {
      existing.update(subject, which);
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const created = new TokenPanel(deps, subject, which);
    TokenPanel.open.set(subject.key, created);
    return created;
  }

  /** What the panel of a connection (or `"editor"`) shows now, for tests and automation; no raw token is in it. */
  static stateOf(key: { connectionId: string } | 'editor'): PanelState | undefined {
    return TokenPanel.open.get(key === 'editor' ? EDITOR_KEY : sessionKey(key.connectionId))?.state();
  }

  static disposeAll(): void {
    for (const panel of [...TokenPanel.open.values()]) panel.dispose();
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly dispatch: (raw: unknown) => Promise<void>;
  private webviewReady = false;
  private disposed = false;
  /** Bumped per verification run, so a slow run for an older session cannot overwrite a newer one. */
  private generation = 0;
  /** Cancels the key fetches of a run that a newer run or closing the panel made moot. */
  private running?: AbortController;
  private selectSeq = 1;
  private verifications: Verifications = PENDING;

  private constructor(
    private readonly deps: PanelDeps,
    private subject: Subject,
    private selected: TokenWhich,
  ) {
    const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      this.title(),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false },
    );
    const webview = this.panel.webview;
    webview.html = buildWebviewHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'tokenPanel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'tokenPanel.css')).toString(),
      title: this.title(),
    });

    const handlers: RequestHandlers = {
      ready: () => {
        this.webviewReady = true;
        this.pushState();
        return null;
      },
      copyToken: async ({ which }) => {
        await vscode.env.clipboard.writeText(rawToken(this.subject.session, which));
        this.deps.logger.info(`Copied the ${which} token of "${this.subject.connection.name}" to the clipboard.`);
        return { copied: true };
      },
      reverify: () => {
        this.verify();
        return null;
      },
    };
    this.dispatch = createDispatcher(handlers, (reply) => this.post(reply), {
      explain: (err) => explainError(err),
      onProblem: (problem, err) => (err ? this.deps.logger.warn(problem, err) : this.deps.logger.warn(problem)),
    });

    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => void this.dispatch(message)),
      // Without retainContextWhenHidden the page reloads when shown again and says `ready` anew.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.webviewReady = false;
      }),
      this.panel.onDidDispose(() => this.dispose()),
      deps.sessions.onDidChange((connectionId) => {
        if (!this.subject.only && (connectionId === undefined || connectionId === this.subject.connection.id)) this.follow();
      }),
    );
    this.verify();
  }

  private title(): string {
    return this.subject.only ? 'Token from the editor' : `Tokens: ${this.subject.connection.name}`;
  }

  private update(subject: Subject, which: TokenWhich): void {
    this.subject = subject;
    this.selected = which;
    this.selectSeq++;
    this.panel.title = this.title();
    this.verify();
  }

  /** The session changed under the panel: a refresh, another user's sign-in, a renamed connection, or a sign-out. */
  private follow(): void {
    const id = this.subject.connection.id;
    const session = this.deps.sessions.get(id);
    if (!session) {
      this.deps.logger.info(`Closed the token panel of "${this.subject.connection.name}": nobody is signed in to it any more.`);
      this.dispose();
      return;
    }
    const connection = this.deps.sessions.connection(id) ?? this.subject.connection;
    const before = this.subject;
    const same =
      session.username === before.session.username &&
      session.tokens.idToken === before.session.tokens.idToken &&
      session.tokens.accessToken === before.session.tokens.accessToken &&
      JSON.stringify(connection) === JSON.stringify(before.connection);
    if (same) return;
    this.subject = { ...before, connection, session };
    this.panel.title = this.title();
    this.deps.logger.info(`The token panel of "${connection.name}" now shows the tokens of ${session.username}${session.username === before.session.username ? ' (refreshed)' : ''}.`);
    this.verify();
  }

  private verify(): void {
    const generation = ++this.generation;
    this.verifications = PENDING;
    this.pushState();
    const { connection, session, only, verifier } = this.subject;
    const clockToleranceSec = this.deps.leewaySeconds?.();
    this.running?.abort();
    const { signal } = (this.running = new AbortController());
    const verify: Verifier = verifier ?? ((token, conn, use) => verifyForConnection(token, conn, use, { clockToleranceSec, signal }));
    void verifyBoth(connection, session, verify, only).then((result) => {
      if (this.disposed || generation !== this.generation) return;
      this.verifications = result;
      this.deps.logger.info(verificationSummary(connection, result, only));
      this.pushState();
    });
  }

  private state(): PanelState {
    const { connection, session, only } = this.subject;
    return buildPanelState(connection, session, this.selected, this.selectSeq, this.verifications, only);
  }

  private pushState(): void {
    if (!this.webviewReady || this.disposed) return;
    void this.post({ kind: 'push', event: 'state', data: this.state() });
  }

  private post(message: HostMessage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.abort();
    for (const [key, panel] of TokenPanel.open) if (panel === this) TokenPanel.open.delete(key);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** The panel's dependencies, from what every command module gets. */
export function tokenPanelDeps(deps: Pick<CommandDeps, 'context' | 'logger' | 'sessions' | 'settings'>): PanelDeps {
  const { context, logger, sessions, settings } = deps;
  return {
    extensionUri: context.extensionUri,
    logger,
    leewaySeconds: () => settings.read().tokenLeewaySeconds,
    sessions: {
      onDidChange: sessions.onDidChange,
      get: (id) => sessions.get(id),
      connection: (id) => settings.connection(id),
      connections: () => settings.connections(),
    },
  };
}
