import * as vscode from 'vscode';
import { explainError } from '../../core/errors';
import { sessionMsLeft, validFor } from '../session/format';
import { SHOW_LOGS } from '../platform/commands';
import { isSessionEnded, RefreshScheduler } from '../session/refreshScheduler';
import type { SessionRenewer } from '../session/sessionRenewer';
import { automationArg, type CommandDeps, pickConnection, requireSession } from './deps';
import { withCancellableProgress } from '../platform/progress';

const SIGN_IN = 'Sign In';
const TRY_AGAIN = 'Refresh Now';

export interface RefreshNotice {
  connectionId: string;
  kind: 'ended' | 'failed';
  sentence: string;
}

/** Automatic refresh of every signed-in session, its notifications, and "Cognito: Refresh Tokens Now". */
export class RefreshController implements vscode.Disposable {
  readonly scheduler: RefreshScheduler;
  /** What the user was told, in order (connection ids and sentences only); lets tests count notifications. */
  readonly notices: RefreshNotice[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly deps: CommandDeps,
    renewer: SessionRenewer,
  ) {
    const { sessions, settings, logger, clock } = deps;
    this.scheduler = new RefreshScheduler(
      {
        sessions: () => sessions.all().map(({ connection, session }) => ({ connectionId: connection.id, tokens: session.tokens })),
        leadMinutes: () => settings.read().refreshMinutesBeforeExpiry,
        refresh: (id) => renewer.refresh(id),
        ended: (id, err) => this.sessionEnded(id, err),
        failed: (id, err) => this.refreshFailed(id, err),
      },
      { clock, logger },
    );
    // Sessions come back from SecretStorage after a reload; sign-ins, sign-outs, refreshes and setting changes all fire this.
    this.disposables.push(sessions.onDidChange(() => this.scheduler.sync()), { dispose: () => this.scheduler.dispose() });
    void sessions.ready.then(() => this.scheduler.sync());
  }

  private nameOf(connectionId: string): string {
    return this.deps.settings.connection(connectionId)?.name ?? connectionId;
  }

  /** One notification per ended session; "Sign In" starts the sign-in for that connection. */
  sessionEnded(connectionId: string, err: unknown): void {
    const sentence = `Your session for ${this.nameOf(connectionId)} has ended; sign in again.`;
    this.notices.push({ connectionId, kind: 'ended', sentence });
    this.deps.logger.warn(`${sentence} (${explainError(err)})`);
    void vscode.window.showWarningMessage(sentence, SIGN_IN).then((answer) => {
      if (answer === SIGN_IN) void vscode.commands.executeCommand('cognitoExplorer.signIn', connectionId);
    });
  }

  private refreshFailed(connectionId: string, err: unknown): void {
    const sentence = `Could not refresh the session for ${this.nameOf(connectionId)}: ${explainError(err).replace(/^Could not refresh the session: /, '')}`;
    this.notices.push({ connectionId, kind: 'failed', sentence });
    this.deps.logger.error(`Automatic refresh gave up: ${sentence}`, err);
    void vscode.window.showWarningMessage(sentence, TRY_AGAIN, SHOW_LOGS).then((answer) => {
      if (answer === TRY_AGAIN) void vscode.commands.executeCommand('cognitoExplorer.refreshTokens', connectionId);
      if (answer === SHOW_LOGS) this.deps.logger.show();
    });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

export function register(deps: CommandDeps, renewer: SessionRenewer): RefreshController {
  const controller = new RefreshController(deps, renewer);
  deps.context.subscriptions.push(controller);

  deps.commands.register('cognitoExplorer.refreshTokens', async (arg?: unknown): Promise<{ expiresIn: number } | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Refresh the tokens of which session?' });
    if (!conn) return undefined;
    const session = requireSession(deps, conn);
    try {
      const tokens = await withCancellableProgress(`Refreshing the tokens of ${session.username}…`, () => controller.scheduler.refreshNow(conn.id));
      if (!automationArg(arg)) {
        void vscode.window.showInformationMessage(`Refreshed the tokens of ${session.username} on ${conn.name}; they are ${validFor(sessionMsLeft(tokens, deps.clock.now()))}.`);
      }
      return { expiresIn: tokens.expiresIn };
    } catch (err) {
      // The same single "sign in again" notification as automatic refresh, with its button, instead of an error.
      if (!isSessionEnded(err)) throw err;
      controller.sessionEnded(conn.id, err);
      return undefined;
    }
  });
  return controller;
}
