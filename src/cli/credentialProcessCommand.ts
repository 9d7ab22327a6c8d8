/** `credential-process`: the AWS CLI/SDK credential_process protocol, served from a saved session (renewed as needed). */
import { validateIdentityPoolId } from '../core/connection';
import { credentialsFromSession } from '../core/export/sessionCredentials';
import { validateSessionName } from '../core/export/sessionCache';
import { toCredentialProcess } from '../core/export/shell';
import { registerSecret } from '../core/redact';
import { check, need, str, type CommandSpec } from './common';

export const credentialProcessCommand: CommandSpec = {
  options: {
    connection: { type: 'string' },
    'identity-pool-id': { type: 'string' },
    'role-arn': { type: 'string' },
  },
  positionals: 0,
  outputs: ['json'],
  async run(ctx) {
    const cmd = 'credential-process';
    const name = need(ctx.values, 'connection', cmd);
    check(validateSessionName(name), cmd);
    const identityPoolId = str(ctx.values, 'identity-pool-id');
    if (identityPoolId) check(validateIdentityPoolId(identityPoolId), cmd);
    const roleArn = str(ctx.values, 'role-arn');
    if (roleArn) check(/^arn:aws[\w-]*:iam::\d{12}:role\/\S+$/.test(roleArn) ? undefined : `--role-arn must be an IAM role ARN (arn:aws:iam::123456789012:role/Name), not "${roleArn.slice(0, 80)}".`, cmd);
    const clientSecret = ctx.io.env.COGNITO_CLIENT_SECRET || undefined;
    registerSecret(clientSecret);
    const { credentials } = await credentialsFromSession(ctx.io.env, name, { identityPoolId, roleArn, clientSecret, logger: ctx.logger });
    ctx.io.stdout.write(`${JSON.stringify(toCredentialProcess(credentials))}\n`);
    return 0;
  },
};
