import * as vscode from 'vscode';
import { globalSignOut, revokeToken } from '../../core/auth/signOut';
import type { Connection } from '../../core/connection';
import { explainError, UserFacingError } from '../../core/errors';
import type { StoredSession } from '../../core/session';
import { automationArg, type CommandDeps, pickConnection, requireSession } from './deps';
import { withCancellableProgress } from '../platform/progress';

interface RemoteSignOut {
  /** A question asked (modal) before a person's sign-out runs, with the button that goes ahead. */
  confirm?: (conn: Connection, session: StoredSession) => { message: string; detail: string; button: string };
  /** Finishes "Signed out of X …". */
  what: string;
  /** Completes "… but Cognito could not …" when the remote call fails. */
  failure: string;
  run(conn: Connection, session: StoredSession): Promise<void>;
}

/**
 * Ends the session at Cognito, then always forgets it here: a failed remote call must not leave tokens behind.
 * Throws one sentence naming what failed remotely (the local sign-out happened either way).
 */
async function signOutWith(deps: CommandDeps, arg: unknown, placeHolder: string, remote: RemoteSignOut): Promise<boolean | undefined> {
  const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder });
  if (!conn) return undefined;
  const session = requireSession(deps, conn);
  if (remote.confirm && !automationArg(arg)) {
    const { message, detail, button } = remote.confirm(conn, session);
    if ((await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) !== button) return undefined;
  }
  let failure: unknown;
  try {
    await withCancellableProgress(`Signing ${session.username} out of ${conn.name}…`, () => remote.run(conn, session));
  } catch (err) {
    failure = err;
  }
  await deps.sessions.clear(conn.id);
  if (failure) {
    deps.logger.warn(`Signed out of "${conn.name}" (${session.username}) on this machine only; the remote call failed`);
    const reason = explainError(failure).replace(/^Could not [^:]+: /, '').replace(/\.$/, '');
    throw new UserFacingError(`Signed out of ${conn.name} on this machine, but Cognito could not ${remote.failure}: ${reason}.`, 'RemoteSignOutFailed', { cause: failure });
  }
  deps.logger.info(`Signed out of "${conn.name}" (${session.username}) ${remote.what}; tokens and credentials removed from SecretStorage`);
  if (!automationArg(arg)) void vscode.window.showInformationMessage(`Signed out of ${conn.name} ${remote.what}.`);
  return true;
}

export function register(deps: CommandDeps): void {
  const { commands, sessions } = deps;

  commands.register('cognitoExplorer.globalSignOut', (arg?: unknown) =>
    signOutWith(deps, arg, 'Sign out everywhere of which session?', {
      confirm: (conn, session) => ({
        message: `Sign ${session.username} out everywhere?`,
        detail: `This ends every session of ${session.username} in ${conn.name} on every device and app (GlobalSignOut revokes all of the user's refresh tokens), not only in this editor.`,
        button: 'Sign Out Everywhere',
      }),
      what: 'everywhere (every refresh token of this user was revoked)',
      failure: 'sign out everywhere',
      run: (conn, session) => globalSignOut(conn, session.tokens.accessToken),
    }),
  );

  commands.register('cognitoExplorer.revokeAndSignOut', (arg?: unknown) =>
    signOutWith(deps, arg, 'Revoke the refresh token of which session?', {
      what: 'and revoked its refresh token',
      failure: 'revoke the refresh token',
      run: async (conn, session) => {
        if (!session.tokens.refreshToken) throw new UserFacingError('This session has no refresh token to revoke.', 'InvalidInput');
        const clientSecret = conn.hasClientSecret ? await sessions.store.clientSecret(conn.id) : undefined;
        await revokeToken(conn, session.tokens.refreshToken, clientSecret);
      },
    }),
  );
}
