import * as vscode from 'vscode';
import type { Clock } from '../../core/ports';
import { sessionMsLeft, statusModel } from './format';
import type { SessionManager, SignedIn } from './sessionManager';

const BACKGROUND = {
  ok: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  expired: new vscode.ThemeColor('statusBarItem.errorBackground'),
} as const;

/** "$(account) alice · 54:12", ticking every second only while someone is signed in. */
export class StatusBarController implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Whether the item is currently shown (StatusBarItem has no getter for it). */
  visible = false;
  private commandConnectionId: string | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly sessions: SessionManager,
    private readonly clock: Clock,
  ) {
    this.item = vscode.window.createStatusBarItem('cognitoExplorer.session', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Cognito Session';
    this.disposables = [this.item, sessions.onDidChange(() => this.update()), { dispose: () => this.stop() }];
    void sessions.ready.then(() => this.update());
  }

  /** The session shown: the most recently signed-in one. */
  current(): SignedIn | undefined {
    return this.sessions
      .all()
      .sort((a, b) => b.session.tokens.obtainedAt - a.session.tokens.obtainedAt)[0];
  }

  update(): void {
    const all = this.sessions.all();
    const shown = this.current();
    if (!shown) {
      this.item.hide();
      this.visible = false;
      this.stop();
      return;
    }
    const model = statusModel(shown.session.username, shown.connection.name, sessionMsLeft(shown.session.tokens, this.clock.now()), all.length - 1);
    this.item.text = model.text;
    this.item.tooltip = model.tooltip;
    this.item.backgroundColor = BACKGROUND[model.severity];
    // Each assignment re-registers an internal command id; reassigning every tick makes clicks miss it.
    if (this.commandConnectionId !== shown.connection.id) {
      this.commandConnectionId = shown.connection.id;
      this.item.command = {
        command: 'cognitoExplorer.showTokens',
        title: 'Show Tokens',
        arguments: [{ connectionId: shown.connection.id }],
      };
    }
    this.item.show();
    this.visible = true;
    // Once expired nothing changes until the next sign-in, which fires onDidChange.
    if (model.severity === 'expired') this.stop();
    else this.timer ??= setInterval(() => this.update(), 1000);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
