import * as vscode from 'vscode';
import { explainError, isCancellation } from '../../core/errors';
import { logFailure } from './failureLog';
import type { OutputLogger } from './logger';

export const SHOW_LOGS = 'Show Logs';

/** Shows one sentence with a "Show Logs" button; not awaited by callers, the answer is handled here. */
export function showErrorSentence(logger: OutputLogger, sentence: string): void {
  void vscode.window.showErrorMessage(sentence, SHOW_LOGS).then((answer) => {
    if (answer === SHOW_LOGS) logger.show();
  });
}

/**
 * Registers commands so that every failure is logged in full (redacted, with stack) and shown as one sentence.
 * Handlers return undefined when the user cancels; that is not an error.
 */
export class CommandRegistrar {
  private lastFailure: { command: string; sentence: string } | undefined;

  constructor(
    private readonly logger: OutputLogger,
    private readonly subscriptions: vscode.Disposable[],
  ) {}

  register<A extends unknown[], R>(id: string, handler: (...args: A) => R | Promise<R>): void {
    const wrapped = async (...args: A): Promise<R | undefined> => {
      try {
        return await handler(...args);
      } catch (err) {
        if (isCancellation(err)) {
          this.logger.info(`${id} cancelled`);
          return undefined;
        }
        const sentence = explainError(err);
        this.lastFailure = { command: id, sentence };
        logFailure(this.logger, `${id} failed: ${sentence}`, err);
        showErrorSentence(this.logger, sentence);
        return undefined;
      }
    };
    this.subscriptions.push(vscode.commands.registerCommand(id, wrapped));
  }

  /** The sentence shown for the most recent failure; lets automation and tests see what the user saw. */
  get lastError(): { command: string; sentence: string } | undefined {
    return this.lastFailure;
  }
}
