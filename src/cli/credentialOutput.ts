/** How `credentials` prints AWS credentials: JSON, text lines, shell exports, dotenv or credential_process JSON. */
import type { Connection } from '../core/connection';
import { toCredentialsJson, toDotenv } from '../core/export/formats';
import { toCredentialProcess, toShellExports, type ShellKind } from '../core/export/shell';
import { registerSecret } from '../core/redact';
import type { IdentityCredentials } from '../core/session';
import { print, str, UsageError, type CommandContext } from './common';

export const CREDENTIAL_OUTPUTS: readonly string[] = ['json', 'text', 'env', 'dotenv', 'credential-process'];
const SHELLS: readonly ShellKind[] = ['bash', 'fish', 'powershell', 'cmd'];

/** --shell alone means --output env. */
function outputOf(ctx: CommandContext): string {
  return str(ctx.values, 'shell') && ctx.values.output === undefined ? 'env' : ctx.output;
}

/** --shell, checked: one of the four, and only for env output (elsewhere it would be silently ignored). */
export function shellOf(ctx: CommandContext, command: string): ShellKind {
  const given = str(ctx.values, 'shell');
  const shell = (given ?? 'bash') as ShellKind;
  if (!SHELLS.includes(shell)) throw new UsageError(`--shell must be one of ${SHELLS.join(', ')}, not "${shell}".`, command);
  if (given && outputOf(ctx) !== 'env') throw new UsageError('--shell goes with --output env.', command);
  return shell;
}

export function printCredentials(ctx: CommandContext, creds: IdentityCredentials, conn: Pick<Connection, 'region' | 'endpointUrl'>, shell: ShellKind): void {
  registerSecret(creds.secretAccessKey);
  registerSecret(creds.sessionToken);
  switch (outputOf(ctx)) {
    case 'env':
      ctx.io.stdout.write(toShellExports(creds, conn, shell));
      return;
    case 'dotenv':
      ctx.io.stdout.write(toDotenv(creds, conn));
      return;
    case 'credential-process':
      ctx.io.stdout.write(`${JSON.stringify(toCredentialProcess(creds))}\n`);
      return;
    default:
      print(ctx, { ...toCredentialsJson(creds) });
  }
}
