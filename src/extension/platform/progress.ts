import * as vscode from 'vscode';
import { withCallScope } from '../../core/aws';

/**
 * A progress notification with a Cancel button: every AWS call made inside `work` is cancelled when it is pressed
 * (the call rejects with CancelledError, which the command wrapper ends quietly), and each call keeps its deadline.
 */
export function withCancellableProgress<T>(title: string, work: (progress: vscode.Progress<{ message?: string }>) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return withCallScope({ signal: controller.signal }, () => work(progress)).finally(() => subscription.dispose());
    }),
  );
}
