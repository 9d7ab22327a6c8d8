/** `credential-process`: the AWS CLI/SDK credential_process protocol, served from a saved session (renewed as needed). */
import { validateIdentityPoolId } from '../core/connection';
import { validateSessionName } from '../core/export/sessionCache';
import { credentialsFromSession } from '../core/export/sessionCredentials';
import { toCredentialProcess } from '../core/export/shell';
import { validateRoleArn } from '../core/identity/roles';
import { registerSecret } from '../core/redact';
import type { IdentityCredentials } from '../core/session';
import { check, need, str, UsageError, type CommandContext, type CommandSpec } from './common';

/** Credentials of the session saved as --connection NAME, with --identity-pool-id and --role-arn when given. */
export async function credentialsFromSavedSession(ctx: CommandContext, cmd: string): Promise<{ creds: IdentityCredentials; target: { region: string; endpointUrl?: string } }> {
  const name = need(ctx.values, 'connection', cmd);
  check(validateSessionName(name), cmd);
  const flow = str(ctx.values, 'flow');
  if (flow && flow !== 'enhanced') throw new UsageError('A saved session (--connection) gets credentials with the enhanced flow; leave out --flow.', cmd);
  const identityPoolId = str(ctx.values, 'identity-pool-id');
  if (identityPoolId) check(validateIdentityPoolId(identityPoolId), cmd);
  const roleArn = str(ctx.values, 'role-arn') ?? str(ctx.values, 'custom-role-arn');
  if (roleArn) check(validateRoleArn(roleArn), cmd);
  const clientSecret = ctx.io.env.COGNITO_CLIENT_SECRET || undefined;
  registerSecret(clientSecret);
  const { credentials, session } = await credentialsFromSession(ctx.io.env, name, { identityPoolId, roleArn, clientSecret, logger: ctx.logger });
  return { creds: credentials, target: { region: session.region, ...(session.endpointUrl ? { endpointUrl: session.endpointUrl } : {}) } };
}

export const credentialProcessCommand: CommandSpec = {
  options: {
    connection: { type: 'string' },
    'identity-pool-id': { type: 'string' },
    'role-arn': { type: 'string' },
  },
  positionals: 0,
  outputs: ['json'],
  async run(ctx) {
    const { creds } = await credentialsFromSavedSession(ctx, 'credential-process');
    ctx.io.stdout.write(`${JSON.stringify(toCredentialProcess(creds))}\n`);
    return 0;
  },
};
