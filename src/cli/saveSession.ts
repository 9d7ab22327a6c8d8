/** `sign-in --save-session NAME [--identity-pool-id ID]`: the tokens go to the session cache instead of stdout. */
import { cognitoUsernameOf } from '../core/auth/result';
import { validateIdentityPoolId, type Connection } from '../core/connection';
import { saveCachedSession, validateSessionName } from '../core/export/sessionCache';
import type { AuthTokens } from '../core/session';
import { check, print, str, UsageError, type CommandContext, type Options } from './common';

export const SAVE_SESSION_OPTIONS: Options = {
  'save-session': { type: 'string' },
  'identity-pool-id': { type: 'string' },
};

/** The session name asked for, checked before anything is sent. */
export function sessionToSave(ctx: CommandContext, command: string): string | undefined {
  const name = str(ctx.values, 'save-session');
  const identityPoolId = str(ctx.values, 'identity-pool-id');
  if (!name) {
    if (identityPoolId) throw new UsageError('--identity-pool-id goes with --save-session (it is saved with the session for credential-process).', command);
    return undefined;
  }
  check(validateSessionName(name), command);
  if (identityPoolId) check(validateIdentityPoolId(identityPoolId), command);
  return name;
}

/** Saves the tokens under `name` (mode 0600) and prints where, the user and the expiry; never the tokens. */
export async function saveSession(ctx: CommandContext, name: string, conn: Connection, typedUsername: string, tokens: AuthTokens): Promise<void> {
  const identityPoolId = str(ctx.values, 'identity-pool-id');
  const file = await saveCachedSession(ctx.io.env, {
    version: 1,
    name,
    region: conn.region,
    userPoolId: conn.userPoolId,
    clientId: conn.clientId,
    ...(identityPoolId ? { identityPoolId } : {}),
    ...(conn.endpointUrl ? { endpointUrl: conn.endpointUrl } : {}),
    ...(conn.hasClientSecret ? { hasClientSecret: true } : {}),
    username: cognitoUsernameOf(tokens) ?? typedUsername,
    tokens,
    savedAt: new Date().toISOString(),
  });
  print(ctx, { Session: name, File: file, Username: typedUsername, Expiration: new Date(tokens.obtainedAt + tokens.expiresIn * 1000).toISOString(), IdentityPoolId: identityPoolId });
}
