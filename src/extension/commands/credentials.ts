import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { credentialEnv, type ShellKind, toShellExports } from '../../core/export/shell';
import { getCredentialsForUser } from '../../core/identity/credentials';
import { registerSecret } from '../../core/redact';
import type { IdentityCredentials } from '../../core/session';
import { credentialsMsLeft, SHELLS, sessionMsLeft, terminalName, validFor } from '../format';
import { automationArg, type CommandDeps, pickConnection, requireSession } from './deps';

/** Fetches credentials through the identity pool and stores them with the session. */
async function obtainCredentials(deps: CommandDeps, conn: Connection): Promise<IdentityCredentials> {
  const session = requireSession(deps, conn);
  if (!conn.identityPoolId) {
    throw new UserFacingError(`The connection "${conn.name}" has no identity pool; edit it and add the identity pool id.`, 'NoIdentityPool');
  }
  if (sessionMsLeft(session.tokens, deps.clock.now()) <= 0) {
    throw new UserFacingError(`The ID token of ${session.username} on "${conn.name}" has expired; sign in again, then get credentials.`, 'TokensExpired');
  }
  const creds = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Getting AWS credentials from ${conn.identityPoolId}…` },
    () => getCredentialsForUser(conn, session.tokens.idToken),
  );
  registerSecret(creds.secretAccessKey);
  registerSecret(creds.sessionToken);
  // Re-read: the user may have signed out while the request was in flight.
  const current = deps.sessions.get(conn.id);
  if (!current || current.tokens.idToken !== session.tokens.idToken) {
    throw new UserFacingError(`The session on "${conn.name}" changed while getting credentials; try again.`, 'SessionChanged');
  }
  await deps.sessions.save(conn.id, { ...current, credentials: creds });
  deps.logger.info(`Got AWS credentials for "${conn.name}": identity ${creds.identityId}, expires ${creds.expiration}`);
  return creds;
}

/** The session's credentials while they are still valid, else fresh ones. */
async function validCredentials(deps: CommandDeps, conn: Connection): Promise<IdentityCredentials> {
  const creds = requireSession(deps, conn).credentials;
  if (creds && credentialsMsLeft(creds, deps.clock.now()) > 0) return creds;
  return obtainCredentials(deps, conn);
}

export function register(deps: CommandDeps): void {
  const { commands, clock } = deps;

  commands.register('cognitoExplorer.getCredentials', async (arg?: unknown): Promise<{ identityId: string; expiration: string } | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Get AWS credentials for which session?' });
    if (!conn) return undefined;
    const creds = await obtainCredentials(deps, conn);
    if (!automationArg(arg)) {
      void vscode.window.showInformationMessage(
        `Got AWS credentials for identity ${creds.identityId}; they are ${validFor(credentialsMsLeft(creds, clock.now()))}.`,
      );
    }
    return { identityId: creds.identityId, expiration: creds.expiration };
  });

  commands.register('cognitoExplorer.openTerminal', async (arg?: unknown): Promise<vscode.Terminal | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Open a terminal with whose credentials?' });
    if (!conn) return undefined;
    const creds = await validCredentials(deps, conn);
    const session = requireSession(deps, conn);
    // The environment is handed to the terminal process; nothing is typed into the shell, so nothing lands in its history.
    const terminal = vscode.window.createTerminal({ name: terminalName(conn, session.username), env: credentialEnv(creds, conn) });
    terminal.show();
    deps.logger.info(`Opened a terminal with the credentials of identity ${creds.identityId}`);
    return terminal;
  });

  commands.register('cognitoExplorer.copyCredentials', async (arg?: unknown): Promise<ShellKind | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Copy whose credentials?' });
    if (!conn) return undefined;
    const wanted = automationArg<{ shell: ShellKind }>(arg)?.shell;
    const shell =
      SHELLS.find((s) => s.shell === wanted) ??
      (await vscode.window.showQuickPick(SHELLS, { placeHolder: 'Copy the credentials as exports for which shell?', ignoreFocusOut: true }));
    if (!shell) return undefined;
    const creds = await validCredentials(deps, conn);
    await vscode.env.clipboard.writeText(toShellExports(creds, conn, shell.shell));
    void vscode.window.showInformationMessage(
      `Copied the AWS credentials of identity ${creds.identityId} as ${shell.label} exports; they are ${validFor(credentialsMsLeft(creds, clock.now()))}.`,
    );
    return shell.shell;
  });
}
