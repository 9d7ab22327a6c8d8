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
  private readonly registered = new Set<string>();
  /** Handlers of deferred commands, filled in by the feature code once it has loaded. */
  private readonly lateHandlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  private loading: Promise<void> | undefined;

  constructor(
    private readonly logger: OutputLogger,
    private readonly subscriptions: vscode.Disposable[],
  ) {}

  register<A extends unknown[], R>(id: string, handler: (...args: A) => R | Promise<R>): void {
    const wrapped = this.wrap(id, handler);
    this.registered.add(id);
    if (this.lateHandlers.has(id)) this.lateHandlers.set(id, wrapped as (...args: unknown[]) => Promise<unknown>);
    else this.subscriptions.push(vscode.commands.registerCommand(id, wrapped));
  }

  /**
   * Registers each of `ids` not registered yet with a stand-in that, on its first call, runs `load` (once for all of
   * them), which registers the real handlers through this registrar; then the call goes on to the real one. So the
   * code of these commands loads when one of them is first used, not at activation.
   */
  deferRest(ids: readonly string[], load: () => Promise<void>): void {
    for (const id of ids) {
      if (this.registered.has(id)) continue;
      this.lateHandlers.set(id, async () => {
        throw new Error(`${id} is declared in package.json but its feature registered no handler for it`);
      });
      const standIn = async (...args: unknown[]) => {
        // A failed load (e.g. a broken install) is retried on the next call rather than remembered.
        this.loading ??= load().catch((err: unknown) => {
          this.loading = undefined;
          throw err;
        });
        await this.loading;
        return this.lateHandlers.get(id)!(...args);
      };
      this.subscriptions.push(vscode.commands.registerCommand(id, this.wrap(id, standIn)));
    }
  }

  private wrap<A extends unknown[], R>(id: string, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R | undefined> {
    return async (...args: A): Promise<R | undefined> => {
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
  }

  /** The sentence shown for the most recent failure; lets automation and tests see what the user saw. */
  get lastError(): { command: string; sentence: string } | undefined {
    return this.lastFailure;
  }
}
