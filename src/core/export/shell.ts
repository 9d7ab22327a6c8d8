/** Credentials as environment variables and as lines a shell can evaluate. */
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import type { IdentityCredentials } from '../session';

export type ShellKind = 'bash' | 'fish' | 'powershell' | 'cmd';

/** The variables the AWS SDKs and CLI read, in a stable order; AWS_ENDPOINT_URL only for emulators. */
export function credentialEnv(creds: IdentityCredentials, conn: Pick<Connection, 'region' | 'endpointUrl'>): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
    AWS_REGION: conn.region,
    AWS_DEFAULT_REGION: conn.region,
    AWS_CREDENTIAL_EXPIRATION: creds.expiration,
  };
  if (conn.endpointUrl) env.AWS_ENDPOINT_URL = conn.endpointUrl;
  return env;
}

/** POSIX single quotes: nothing inside is special except the quote itself, which closes, is escaped, and reopens. */
export function quoteBash(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish single quotes: only backslash and the quote are special, both escaped with a backslash. */
export function quoteFish(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** PowerShell single quotes (verbatim strings): a quote is written twice; typographic quotes count as quotes too. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** cmd.exe has no reliable escape for `%`, `"` or line breaks inside `set "K=V"`, so such values are refused rather than mangled. */
export function quoteCmd(name: string, value: string): string {
  if (/["%\r\n]/.test(value)) {
    throw new UserFacingError(`The value of ${name} contains characters cmd.exe cannot take safely (", % or a line break); use another shell format.`, 'UnsafeForShell');
  }
  return `set "${name}=${value}"`;
}

/** Lines that set the credentials in the given shell; evaluate them, do not write them to a file. */
export function toShellExports(creds: IdentityCredentials, conn: Pick<Connection, 'region' | 'endpointUrl'>, shell: ShellKind = 'bash'): string {
  const lines = Object.entries(credentialEnv(creds, conn)).map(([name, value]) => {
    switch (shell) {
      case 'bash':
        return `export ${name}=${quoteBash(value)}`;
      case 'fish':
        return `set -gx ${name} ${quoteFish(value)}`;
      case 'powershell':
        return `$env:${name} = ${quotePowerShell(value)}`;
      case 'cmd':
        return quoteCmd(name, value);
    }
  });
  return `${lines.join('\n')}\n`;
}

/** The JSON an AWS CLI/SDK `credential_process` must print. */
export function toCredentialProcess(creds: IdentityCredentials): {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
} {
  return {
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: creds.expiration,
  };
}
