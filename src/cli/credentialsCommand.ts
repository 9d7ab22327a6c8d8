/** `credentials`: AWS credentials through an identity pool (any flow), printed in the form asked for. */
import { str, type CommandSpec } from './common';
import { credentialsFromSavedSession } from './credentialProcessCommand';
import { CREDENTIAL_OUTPUTS, printCredentials, shellOf } from './credentialOutput';
import { credentialsFromFlags, IDENTITY_OPTIONS } from './identityFlow';

export const credentialsCommand: CommandSpec = {
  options: {
    ...IDENTITY_OPTIONS,
    shell: { type: 'string' },
    connection: { type: 'string' },
  },
  positionals: 0,
  outputs: CREDENTIAL_OUTPUTS,
  async run(ctx) {
    const cmd = 'credentials';
    const shell = shellOf(ctx, cmd);
    // From the session cache (sign-in --save-session) instead of an ID token on stdin.
    const { creds, target } = str(ctx.values, 'connection') ? await credentialsFromSavedSession(ctx, cmd) : await credentialsFromFlags(ctx, cmd);
    printCredentials(ctx, creds, target, shell);
    return 0;
  },
};
