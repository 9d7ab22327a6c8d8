/** Credentials as a dotenv file's lines and as JSON, and that JSON read back (write-profile's input). */
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import type { IdentityCredentials } from '../session';
import { credentialEnv, toShellExports, type ShellKind } from './shell';

/**
 * dotenv value: bare when it holds only safe characters (every AWS key, token, region and date does), else in
 * double quotes. dotenv readers (Node's dotenv, python-dotenv, docker compose) disagree on escapes, so a value
 * needing one is refused rather than written in a form some reader would change.
 */
export function quoteDotenv(name: string, value: string): string {
  if (/^[A-Za-z0-9_./:+=@,-]*$/.test(value)) return value;
  if (/["'`\\$\r\n]/.test(value)) {
    throw new UserFacingError(`The value of ${name} holds a quote, backslash, $ or line break, which dotenv readers do not agree on; use the JSON format.`, 'UnsafeForDotenv');
  }
  return `"${value}"`;
}

/** `NAME=value` lines for a .env file, the same variables the terminal gets. */
export function toDotenv(creds: IdentityCredentials, conn: Pick<Connection, 'region' | 'endpointUrl'>): string {
  return `${Object.entries(credentialEnv(creds, conn))
    .map(([name, value]) => `${name}=${quoteDotenv(name, value)}`)
    .join('\n')}\n`;
}

export interface CredentialsJson {
  IdentityId?: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
  Region?: string;
}

/** The JSON `credentials --output json` prints (and the clipboard's JSON export), keys in a stable order. */
export function toCredentialsJson(creds: IdentityCredentials, conn?: Pick<Connection, 'region'>): CredentialsJson {
  return {
    IdentityId: creds.identityId,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: creds.expiration,
    ...(conn?.region ? { Region: conn.region } : {}),
  };
}

/**
 * Reads credentials from JSON text: the shape `credentials --output json` prints, credential_process's Version 1
 * JSON, or `aws sts`'s `{"Credentials": {...}}`. Throws one sentence when it is none of them.
 */
export function parseCredentialsJson(text: string): Pick<IdentityCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserFacingError('The input is not JSON; pipe the output of "credentials --output json".', 'BadCredentialsJson');
  }
  const root = parsed as Record<string, unknown> | null;
  const obj = (root && typeof root.Credentials === 'object' ? root.Credentials : root) as Record<string, unknown> | null;
  const field = (name: string, ...more: string[]) => [name, ...more].map((k) => obj?.[k]).find((v) => typeof v === 'string' && v.length > 0) as string | undefined;
  const accessKeyId = field('AccessKeyId');
  const secretAccessKey = field('SecretAccessKey', 'SecretKey');
  const sessionToken = field('SessionToken');
  if (!obj || typeof obj !== 'object' || !accessKeyId || !secretAccessKey || !sessionToken) {
    throw new UserFacingError('The JSON has no AccessKeyId, SecretAccessKey and SessionToken; pipe the output of "credentials --output json".', 'BadCredentialsJson');
  }
  const exp = obj.Expiration;
  return { accessKeyId, secretAccessKey, sessionToken, expiration: typeof exp === 'string' ? exp : '' };
}

export type ExportFormat = ShellKind | 'dotenv' | 'json';

/** The credentials as text in one of the export formats (the clipboard's choices). */
export function exportCredentials(creds: IdentityCredentials, conn: Pick<Connection, 'region' | 'endpointUrl'>, format: ExportFormat): string {
  if (format === 'dotenv') return toDotenv(creds, conn);
  if (format === 'json') return `${JSON.stringify(toCredentialsJson(creds, conn), null, 2)}\n`;
  return toShellExports(creds, conn, format);
}
