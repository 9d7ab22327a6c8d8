/** `credentials`: an ID token exchanged through an identity pool for AWS credentials, printed in the form asked for. */
import { validateIdentityPoolId, type Connection } from '../core/connection';
import { UserFacingError } from '../core/errors';
import { toCredentialProcess, toShellExports, type ShellKind } from '../core/export/shell';
import { getCredentialsForUser } from '../core/identity/credentials';
import { registerSecret } from '../core/redact';
import type { IdentityCredentials } from '../core/session';
import { decodeToken, normalizeToken } from '../core/tokens/decode';
import { check, need, poolOf, print, str, tokenFromStdin, UsageError, type CommandSpec } from './common';

const SHELLS: readonly ShellKind[] = ['bash', 'fish', 'powershell', 'cmd'];

export const credentialsCommand: CommandSpec = {
  options: {
    'identity-pool-id': { type: 'string' },
    'custom-role-arn': { type: 'string' },
    shell: { type: 'string' },
  },
  positionals: 0,
  outputs: ['json', 'text', 'env', 'credential-process'],
  async run(ctx) {
    const cmd = 'credentials';
    const identityPoolId = need(ctx.values, 'identity-pool-id', cmd);
    check(validateIdentityPoolId(identityPoolId), cmd);
    const shell = (str(ctx.values, 'shell') ?? 'bash') as ShellKind;
    if (!SHELLS.includes(shell)) throw new UsageError(`--shell must be one of ${SHELLS.join(', ')}, not "${shell}".`, cmd);
    const idToken = normalizeToken(await tokenFromStdin(ctx, cmd, 'ID token'));
    registerSecret(idToken);
    const decoded = decodeToken(idToken);
    if (decoded.kind === 'access') throw new UserFacingError('This is an access token; the identity pool needs the ID token.', 'WrongTokenUse');
    const pool = poolOf(ctx, cmd, decoded);
    if (!pool) throw new UserFacingError('The ID token does not name a Cognito user pool in its iss claim; pass --user-pool-id.', 'NoPool');
    const conn: Connection = { id: 'cli', name: 'cli', clientId: str(ctx.values, 'client-id') ?? '', identityPoolId, ...pool };
    const creds: IdentityCredentials = await getCredentialsForUser(conn, idToken, { customRoleArn: str(ctx.values, 'custom-role-arn') });
    registerSecret(creds.secretAccessKey);
    registerSecret(creds.sessionToken);
    if (ctx.output === 'env') {
      ctx.io.stdout.write(toShellExports(creds, pool, shell));
    } else if (ctx.output === 'credential-process') {
      ctx.io.stdout.write(`${JSON.stringify(toCredentialProcess(creds))}\n`);
    } else {
      print(ctx, {
        IdentityId: creds.identityId,
        AccessKeyId: creds.accessKeyId,
        SecretAccessKey: creds.secretAccessKey,
        SessionToken: creds.sessionToken,
        Expiration: creds.expiration,
      });
    }
    return 0;
  },
};
