import * as vscode from 'vscode';
import { signIn } from '../../core/auth/signIn';
import { UserFacingError } from '../../core/errors';
import { registerSecret } from '../../core/redact';
import type { AuthFlow } from '../connectionsModel';
import { sessionMsLeft, validFor } from '../format';
import { TokenPanel } from '../panels/tokenPanel';
import { automationArg, type CommandDeps, pickConnection, requireSession } from './deps';

/** Lets scripts and tests sign in without prompts; never logged. */
export interface SignInArgs {
  connectionId: string;
  username: string;
  password: string;
  flow: AuthFlow;
}

const lastUserKey = (connectionId: string) => `cognitoExplorer.lastUsername.${connectionId}`;

export function register(deps: CommandDeps): void {
  const { commands, settings, sessions, logger, context, clock } = deps;
  // Panels shown per connection, so signing out closes the one still displaying that session's tokens.
  const panels = new Map<string, TokenPanel>();
  context.subscriptions.push(
    sessions.onDidChange((connectionId) => {
      for (const [id, panel] of panels) {
        if ((connectionId === undefined || connectionId === id) && !sessions.get(id)) {
          panel.dispose();
          panels.delete(id);
        }
      }
    }),
  );

  commands.register('cognitoExplorer.signIn', async (arg?: unknown): Promise<{ connectionId: string; username: string } | undefined> => {
    const given = automationArg<SignInArgs>(arg);
    const conn = await pickConnection(deps, arg, { placeHolder: 'Sign in to which connection?' });
    if (!conn) return undefined;
    const username =
      given?.username ??
      (await vscode.window.showInputBox({
        title: `Cognito: Sign In to ${conn.name}`,
        prompt: 'Username (or email, when the pool signs in with email)',
        value: context.globalState.get<string>(lastUserKey(conn.id)),
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Enter the username.'),
      }));
    if (!username?.trim()) return undefined;
    const password =
      given?.password ??
      (await vscode.window.showInputBox({
        title: `Cognito: Sign In to ${conn.name}`,
        prompt: `Password for ${username.trim()}`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v ? undefined : 'Enter the password.'),
      }));
    if (!password) return undefined;
    registerSecret(password);

    const user = username.trim();
    const flow = given?.flow === 'srp' || given?.flow === 'password' ? given.flow : settings.read().defaultAuthFlow;
    const clientSecret = conn.hasClientSecret ? await sessions.store.clientSecret(conn.id) : undefined;
    if (conn.hasClientSecret && !clientSecret) {
      throw new UserFacingError(`The client secret of "${conn.name}" is missing from SecretStorage; edit the connection and enter it again.`, 'MissingClientSecret');
    }
    const tokens = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to ${conn.name} as ${user}…` },
      () => signIn({ connection: conn, username: user, password, flow, clientSecret }, { clock, logger }),
    );
    registerSecret(tokens.refreshToken);
    await sessions.save(conn.id, { username: user, tokens });
    await context.globalState.update(lastUserKey(conn.id), user);
    logger.info(`Signed in to "${conn.name}" as ${user} (${flow === 'srp' ? 'USER_SRP_AUTH' : 'USER_PASSWORD_AUTH'})`);
    void vscode.window.showInformationMessage(`Signed in to ${conn.name} as ${user}; the tokens are ${validFor(sessionMsLeft(tokens, clock.now()))}.`);
    return { connectionId: conn.id, username: user };
  });

  commands.register('cognitoExplorer.signOut', async (arg?: unknown): Promise<boolean> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Sign out of which connection?' });
    if (!conn) return false;
    const session = sessions.get(conn.id);
    await sessions.clear(conn.id);
    logger.info(`Signed out of "${conn.name}"${session ? ` (${session.username})` : ''}; tokens and credentials removed from SecretStorage`);
    if (!automationArg(arg)) void vscode.window.showInformationMessage(`Signed out of ${conn.name}.`);
    return true;
  });

  commands.register('cognitoExplorer.showTokens', async (arg?: unknown): Promise<void> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Show the tokens of which connection?' });
    if (!conn) return;
    const session = requireSession(deps, conn);
    const which = (arg as { which?: unknown } | undefined)?.which === 'access' ? 'access' : 'id';
    panels.set(conn.id, TokenPanel.show({ extensionUri: context.extensionUri, logger }, conn, session, which));
  });
}
