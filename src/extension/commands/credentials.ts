import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import { exportCredentials, type ExportFormat } from '../../core/export/formats';
import { credentialEnv } from '../../core/export/shell';
import { CLIPBOARD_FORMATS, credentialsMsLeft, credentialTerminalOptions, validFor } from '../session/format';
import type { ProgressWrapper, SessionRenewer } from '../session/sessionRenewer';
import { automationArg, type CommandDeps, pickConnection } from './deps';
import { withCancellableProgress } from '../platform/progress';

/** A person asked: show the identity-pool round trip as a progress notification. */
const notifyProgress: ProgressWrapper = (title, work) => withCancellableProgress(title, work);

/** Guest and developer connections hold credentials without a signed-in session: pickers offer them too. */
export const holdsStandalone = (renewer: SessionRenewer) => (c: Connection): boolean => Boolean(renewer.identity.store.get(c.id));

/** Who the connection's credentials belong to: the signed-in user, the developer identity's user, or a guest. */
export function credentialOwner(deps: CommandDeps, renewer: SessionRenewer, conn: Connection): string {
  return deps.sessions.get(conn.id)?.username ?? renewer.identity.store.get(conn.id)?.username ?? 'guest';
}

export function register(deps: CommandDeps, renewer: SessionRenewer): void {
  const { commands, clock } = deps;
  // Stored credentials while they are good for another minute, else new ones (tokens refreshed first if needed).
  const validCredentials = (conn: Connection) => renewer.credentials(conn, { progress: notifyProgress });
  const standalone = holdsStandalone(renewer);
  const ownerOf = (conn: Connection) => credentialOwner(deps, renewer, conn);

  commands.register('cognitoExplorer.openTerminal', async (arg?: unknown): Promise<vscode.Terminal | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, alsoOffer: standalone, placeHolder: 'Open a terminal with whose credentials?' });
    if (!conn) return undefined;
    const creds = await validCredentials(conn);
    // The environment is handed to the terminal process; nothing is typed into the shell, so nothing lands in its history.
    const terminal = vscode.window.createTerminal(credentialTerminalOptions(conn, ownerOf(conn), credentialEnv(creds, conn)));
    terminal.show();
    deps.logger.info(`Opened a terminal with the credentials of identity ${creds.identityId}`);
    return terminal;
  });

  commands.register('cognitoExplorer.copyCredentials', async (arg?: unknown): Promise<ExportFormat | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, alsoOffer: standalone, placeHolder: 'Copy whose credentials?' });
    if (!conn) return undefined;
    const given = automationArg<{ shell: ExportFormat; format: ExportFormat }>(arg);
    const wanted = given?.format ?? given?.shell;
    const choice =
      CLIPBOARD_FORMATS.find((f) => f.format === wanted) ??
      (await vscode.window.showQuickPick(CLIPBOARD_FORMATS, { placeHolder: 'Copy the credentials in which format?', ignoreFocusOut: true }));
    if (!choice) return undefined;
    const creds = await validCredentials(conn);
    await vscode.env.clipboard.writeText(exportCredentials(creds, conn, choice.format));
    const what = choice.format === 'dotenv' || choice.format === 'json' ? choice.label : `${choice.label} exports`;
    void vscode.window.showInformationMessage(
      `Copied the AWS credentials of identity ${creds.identityId} as ${what}; they are ${validFor(credentialsMsLeft(creds, clock.now()))}.`,
    );
    return choice.format;
  });
}
