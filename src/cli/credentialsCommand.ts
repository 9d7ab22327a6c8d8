/** `credentials`: AWS credentials through an identity pool (any flow), printed in the form asked for. */
import type { CommandSpec } from './common';
import { CREDENTIAL_OUTPUTS, printCredentials, shellOf } from './credentialOutput';
import { credentialsFromFlags, IDENTITY_OPTIONS } from './identityFlow';

export const credentialsCommand: CommandSpec = {
  options: {
    ...IDENTITY_OPTIONS,
    shell: { type: 'string' },
  },
  positionals: 0,
  outputs: CREDENTIAL_OUTPUTS,
  async run(ctx) {
    const cmd = 'credentials';
    const shell = shellOf(ctx, cmd);
    const { creds, target } = await credentialsFromFlags(ctx, cmd);
    printCredentials(ctx, creds, target, shell);
    return 0;
  },
};
