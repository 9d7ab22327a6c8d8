/** The token panel: one webview per connection showing the decoded, explained and verified ID and access tokens. */
import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import { explainError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import type { StoredSession } from '../../core/session';
import type { HostMessage, RequestHandlers, TokenWhich } from '../../shared/protocol';
import { verifyForConnection } from '../../core/tokens/verify';
import { createDispatcher } from '../../shared/rpc';
import { PENDING, buildPanelState, rawToken, verificationSummary, verifyBoth, type Verifications } from './tokenPanelState';
import { buildWebviewHtml, createNonce } from './webviewHtml';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  /** Seconds of clock leeway for the expiry checks (setting cognitoExplorer.tokenLeewaySeconds), read per run. */
  leewaySeconds?: () => number;
}

const VIEW_TYPE = 'cognitoExplorer.tokenPanel';

export class TokenPanel implements vscode.Disposable {
  private static readonly open = new Map<string, TokenPanel>();

  /** Opens the panel of this connection, or reveals it and shows the given session when it is already open. */
  static show(deps: PanelDeps, connection: Connection, session: StoredSession, which: TokenWhich = 'id'): TokenPanel {
    const existing = TokenPanel.open.get(connection.id);
    if (existing) {
      existing.update(connection, session, which);
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const created = new TokenPanel(deps, connection, session, which);
    TokenPanel.open.set(connection.id, created);
    return created;
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
  private selectSeq = 1;
  private verifications: Verifications = PENDING;

  private constructor(
    private readonly deps: PanelDeps,
    private connection: Connection,
    private session: StoredSession,
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
        await vscode.env.clipboard.writeText(rawToken(this.session, which));
        this.deps.logger.info(`Copied the ${which} token of "${this.connection.name}" to the clipboard.`);
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
    );
    this.verify();
  }

  private title(): string {
    return `Tokens: ${this.connection.name}`;
  }

  private update(connection: Connection, session: StoredSession, which: TokenWhich): void {
    this.connection = connection;
    this.session = session;
    this.selected = which;
    this.selectSeq++;
    this.panel.title = this.title();
    this.verify();
  }

  private verify(): void {
    const generation = ++this.generation;
    this.verifications = PENDING;
    this.pushState();
    const { connection, session } = this;
    const clockToleranceSec = this.deps.leewaySeconds?.();
    void verifyBoth(connection, session, (token, conn, use) => verifyForConnection(token, conn, use, { clockToleranceSec })).then((result) => {
      if (this.disposed || generation !== this.generation) return;
      this.verifications = result;
      this.deps.logger.info(verificationSummary(connection, result));
      this.pushState();
    });
  }

  private pushState(): void {
    if (!this.webviewReady || this.disposed) return;
    const data = buildPanelState(this.connection, this.session, this.selected, this.selectSeq, this.verifications);
    void this.post({ kind: 'push', event: 'state', data });
  }

  private post(message: HostMessage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TokenPanel.open.get(this.connection.id) === this) TokenPanel.open.delete(this.connection.id);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
