/** `credentials`: an ID token exchanged through an identity pool for AWS credentials, printed in the form asked for. */
import { validateIdentityPoolId, type Connection } from '../core/connection';
import { UserFacingError } from '../core/errors';
import { registerSecret } from '../core/redact';
import type { IdentityCredentials } from '../core/session';
import { decodeToken, normalizeToken } from '../core/tokens/decode';
import { getCredentialsForUser } from '../core/identity/credentials';
import { check, need, poolOf, str, tokenFromStdin, type CommandSpec } from './common';
import { CREDENTIAL_OUTPUTS, printCredentials, shellOf } from './credentialOutput';

export const credentialsCommand: CommandSpec = {
  options: {
    'identity-pool-id': { type: 'string' },
    'custom-role-arn': { type: 'string' },
    shell: { type: 'string' },
  },
  positionals: 0,
  outputs: CREDENTIAL_OUTPUTS,
  async run(ctx) {
    const cmd = 'credentials';
    const identityPoolId = need(ctx.values, 'identity-pool-id', cmd);
    check(validateIdentityPoolId(identityPoolId), cmd);
    const shell = shellOf(ctx, cmd);
    const idToken = normalizeToken(await tokenFromStdin(ctx, cmd, 'ID token'));
    registerSecret(idToken);
    const decoded = decodeToken(idToken);
    if (decoded.kind === 'access') throw new UserFacingError('This is an access token; the identity pool needs the ID token.', 'WrongTokenUse');
    const pool = poolOf(ctx, cmd, decoded);
    if (!pool) throw new UserFacingError('The ID token does not name a Cognito user pool in its iss claim; pass --user-pool-id.', 'NoPool');
    const conn: Connection = { id: 'cli', name: 'cli', clientId: str(ctx.values, 'client-id') ?? '', identityPoolId, ...pool };
    const creds: IdentityCredentials = await getCredentialsForUser(conn, idToken, { customRoleArn: str(ctx.values, 'custom-role-arn') });
    printCredentials(ctx, creds, pool, shell);
    return 0;
  },
};
