/** Exports beyond one terminal: credentials in every terminal, a ~/.aws/credentials profile, a credential_process profile. */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { cognitoUsernameOf } from '../../core/auth/result';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { writeCredentialsProfile, writeProcessProfile } from '../../core/export/awsFiles';
import { validateProfileName } from '../../core/export/iniEdit';
import { saveCachedSession, sessionCacheDir, type CachedSession } from '../../core/export/sessionCache';
import type { StoredSession } from '../../core/session';
import { cliArgv, currentRuntime } from '../exports/cliLauncher';
import type { CliSessionLink } from '../exports/cliSessionLink';
import type { TerminalEnvironment } from '../exports/terminalEnvironment';
import { credentialsMsLeft, validFor } from '../session/format';
import { deviceOfSession, type SessionRenewer } from '../session/sessionRenewer';
import { credentialOwner, holdsStandalone } from './credentials';
import { automationArg, type CommandDeps, pickConnection, requireSession } from './deps';

function profileNameFor(conn: Connection): string {
  return `cognito-${conn.name.toLowerCase().replace(/[^a-z0-9_.@+-]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 64);
}

/** The CLI's session name for a connection: `vscode-<id>`, restricted to what a session name may hold. */
export function cliSessionName(conn: Pick<Connection, 'id'>): string {
  return `vscode-${conn.id.replace(/[^A-Za-z0-9._-]+/g, '-')}`.slice(0, 64);
}

async function askProfile(arg: unknown, conn: Connection, prompt: string): Promise<string | undefined> {
  const given = automationArg<{ profile: string }>(arg)?.profile;
  if (given !== undefined) {
    const problem = validateProfileName(given);
    if (problem) throw new UserFacingError(problem, 'BadProfileName');
    return given;
  }
  return vscode.window.showInputBox({ prompt, value: profileNameFor(conn), ignoreFocusOut: true, validateInput: (v) => validateProfileName(v.trim()) });
}

function cachedFrom(conn: Connection, session: StoredSession, name: string, deviceKey: string | undefined): CachedSession {
  const creds = session.credentials;
  return {
    version: 1,
    name,
    region: conn.region,
    userPoolId: conn.userPoolId,
    clientId: conn.clientId,
    ...(conn.identityPoolId ? { identityPoolId: conn.identityPoolId } : {}),
    ...(conn.endpointUrl ? { endpointUrl: conn.endpointUrl } : {}),
    ...(conn.hasClientSecret ? { hasClientSecret: true } : {}),
    ...(conn.refreshTokenRotation ? { refreshTokenRotation: true } : {}),
    username: cognitoUsernameOf(session.tokens) ?? session.username,
    ...(deviceKey ? { deviceKey } : {}),
    tokens: session.tokens,
    ...(creds && conn.identityPoolId ? { credentials: { ...creds, identityPoolId: conn.identityPoolId, obtainedAt: Date.now() } } : {}),
    savedAt: new Date().toISOString(),
  };
}

export function register(deps: CommandDeps, renewer: SessionRenewer, terminals: TerminalEnvironment, cliSessionLink: () => Promise<CliSessionLink>): void {
  const { commands, context, sessions, logger, clock } = deps;

  commands.register('cognitoExplorer.useCredentialsInAllTerminals', async (arg?: unknown): Promise<string | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, alsoOffer: holdsStandalone(renewer), placeHolder: 'Use whose credentials in all terminals?' });
    if (!conn) return undefined;
    const creds = await terminals.use(conn);
    if (!automationArg(arg)) {
      void vscode.window.showInformationMessage(
        `New terminals now get the AWS credentials of ${credentialOwner(deps, renewer, conn)} (${validFor(credentialsMsLeft(creds, clock.now()))}, renewed automatically). Existing terminals keep theirs until relaunched.`,
      );
    }
    return conn.id;
  });

  commands.register('cognitoExplorer.stopCredentialsInAllTerminals', async (): Promise<boolean> => {
    await terminals.stop();
    return true;
  });

  commands.register('cognitoExplorer.writeAwsProfile', async (arg?: unknown): Promise<{ path: string; profile: string } | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, alsoOffer: holdsStandalone(renewer), placeHolder: 'Write whose credentials to an AWS profile?' });
    if (!conn) return undefined;
    const profile = await askProfile(arg, conn, 'Profile name in ~/.aws/credentials (only its keys change; the rest of the file is kept as is)');
    if (!profile) return undefined;
    const creds = await renewer.credentials(conn);
    const written = await writeCredentialsProfile(profile.trim(), creds, process.env);
    logger.info(`Wrote the credentials of identity ${creds.identityId} to profile ${written.profile} in ${written.path}`);
    if (!automationArg(arg)) {
      void vscode.window.showInformationMessage(
        `Wrote profile ${written.profile} to ${written.path}; the credentials are ${validFor(credentialsMsLeft(creds, clock.now()))} (use "Set Up credential_process Profile" for ones that renew).`,
      );
    }
    return { path: written.path, profile: written.profile };
  });

  commands.register('cognitoExplorer.setUpCredentialProcess', async (arg?: unknown): Promise<{ path: string; profile: string; session: string } | undefined> => {
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Set up a credential_process profile for which session?' });
    if (!conn) return undefined;
    if (!conn.identityPoolId) throw new UserFacingError(`The connection "${conn.name}" has no identity pool; edit it and add the identity pool id.`, 'NoIdentityPool');
    if (renewer.identity.isStandalone(conn)) {
      throw new UserFacingError(
        `A credential_process profile renews with a signed-in user's refresh token, and "${conn.name}" gets ${conn.identityFlow ?? 'guest'} credentials without one; use "Write AWS Profile" or "Use Credentials in All Terminals" for them.`,
        'NoUserSession',
      );
    }
    const profile = await askProfile(arg, conn, 'Profile name in ~/.aws/config whose credential_process runs Cognito Explorer');
    if (!profile) return undefined;
    const name = cliSessionName(conn);
    if (!automationArg(arg)) {
      const ok = await vscode.window.showWarningMessage(
        `The profile runs Cognito Explorer's command line, which renews credentials with this session's refresh token. It is saved in ${sessionCacheDir(process.env)} (readable only by you) and removed when you sign out here.`,
        { modal: true },
        'Set Up',
      );
      if (ok !== 'Set Up') return undefined;
    }
    const session = requireSession(deps, conn);
    const device = await deviceOfSession(sessions.secrets, conn.id, session);
    await saveCachedSession(process.env, cachedFrom(conn, session, name, device?.device.deviceKey));
    await (await cliSessionLink()).link(conn.id, name);
    const argv = cliArgv(join(context.extensionPath, 'dist', 'cli.js'), ['credential-process', '--connection', name], currentRuntime());
    const written = await writeProcessProfile(profile.trim(), { argv, region: conn.region, endpointUrl: conn.endpointUrl }, process.env);
    logger.info(`Profile ${written.profile} in ${written.path} runs credential-process for session ${name}`);
    if (!automationArg(arg)) {
      const secretNote = conn.hasClientSecret ? ' The app client has a secret: set COGNITO_CLIENT_SECRET where the AWS CLI runs.' : '';
      void vscode.window.showInformationMessage(`Profile ${written.profile} in ${written.path} now renews its own credentials: try "aws s3 ls --profile ${written.profile}".${secretNote}`);
    }
    return { path: written.path, profile: written.profile, session: name };
  });
}
