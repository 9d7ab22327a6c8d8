/** Writing a profile into the AWS CLI's own files: static credentials, or a credential_process that runs this CLI. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { UserFacingError } from '../errors';
import type { IdentityCredentials } from '../session';
import { readIfExists, resolveTarget, writeFileAtomic } from './atomicWrite';
import { editIniProfile, type IniKind } from './iniEdit';

export type Env = Record<string, string | undefined>;

function home(env: Env): string {
  return env.HOME?.trim() || env.USERPROFILE?.trim() || homedir();
}

function expand(path: string, env: Env): string {
  if (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) return join(home(env), path.slice(1));
  return isAbsolute(path) ? path : join(process.cwd(), path);
}

/** Where the AWS CLI and SDKs read credentials: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
export function credentialsFilePath(env: Env): string {
  const set = env.AWS_SHARED_CREDENTIALS_FILE?.trim();
  return set ? expand(set, env) : join(home(env), '.aws', 'credentials');
}

/** Where they read profiles: AWS_CONFIG_FILE, else ~/.aws/config. */
export function configFilePath(env: Env): string {
  const set = env.AWS_CONFIG_FILE?.trim();
  return set ? expand(set, env) : join(home(env), '.aws', 'config');
}

export interface ProfileWritten {
  /** The file that changed (after following symlinks). */
  path: string;
  profile: string;
  /** The file did not exist before. */
  createdFile: boolean;
  /** The profile did not exist before. */
  addedProfile: boolean;
}

async function writeProfile(kind: IniKind, path: string, profile: string, values: Record<string, string>): Promise<ProfileWritten> {
  if (profile === '__proto__') throw new UserFacingError('"__proto__" cannot be an AWS profile name; choose another.', 'BadProfileName');
  const target = await resolveTarget(path);
  let original: Buffer | undefined;
  try {
    original = await readIfExists(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'unknown error'})`;
    throw new UserFacingError(`${target} ${why}; nothing was changed.`, 'UnreadableFile', { cause: err });
  }
  const edit = editIniProfile(original, { kind, profile, values, path: target });
  if (original && edit.bytes.equals(original)) return { path: target, profile, createdFile: false, addedProfile: false };
  try {
    await writeFileAtomic(target, edit.bytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserFacingError(`Could not write ${target} (${code ?? (err as Error).message}); nothing was changed.`, 'WriteFailed', { cause: err });
  }
  return { path: target, profile, createdFile: !original, addedProfile: edit.addedProfile };
}

/**
 * Sets aws_access_key_id, aws_secret_access_key and aws_session_token of `profile` in the shared credentials file,
 * losslessly (see editIniProfile); a new file gets mode 0600, an existing one keeps its mode.
 */
export function writeCredentialsProfile(profile: string, creds: Pick<IdentityCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>, env: Env): Promise<ProfileWritten> {
  return writeProfile('credentials', credentialsFilePath(env), profile, {
    aws_access_key_id: creds.accessKeyId,
    aws_secret_access_key: creds.secretAccessKey,
    aws_session_token: creds.sessionToken,
  });
}

/** Quotes one argument so that both a POSIX shell (the JS SDK runs credential_process through one) and botocore's shlex split read it back. */
function quoteArg(arg: string, windows: boolean): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(arg)) return arg;
  if (windows) {
    if (/["\r\n]/.test(arg)) throw new UserFacingError(`The path ${arg} holds a quote or line break, which credential_process cannot run on Windows.`, 'UnsafeArg');
    return `"${arg}"`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** One credential_process line from an argument vector: the program runs directly, no `sh -c` wrapper. */
export function commandLine(argv: readonly string[], windows = process.platform === 'win32'): string {
  return argv.map((a) => quoteArg(a, windows)).join(' ');
}

export interface ProcessProfile {
  /** The program and its arguments; never a token or secret (anyone can read a command line). */
  argv: readonly string[];
  region?: string;
  /** For local emulators; current AWS CLIs and SDKs honour endpoint_url in a profile. */
  endpointUrl?: string;
}

/** Sets credential_process (and region / endpoint_url) of `[profile NAME]` in the AWS config file, losslessly. */
export function writeProcessProfile(profile: string, spec: ProcessProfile, env: Env): Promise<ProfileWritten> {
  const values: Record<string, string> = { credential_process: commandLine(spec.argv) };
  // The SDK's INI reader cuts a value at " #" or " ;" (an inline comment), so such a command would be truncated.
  if (/\s[#;]/.test(values.credential_process)) {
    throw new UserFacingError('The command for credential_process holds " #" or " ;", which the AWS SDKs read as a comment; install the CLI in another folder.', 'UnsafeArg');
  }
  if (spec.region) values.region = spec.region;
  if (spec.endpointUrl) values.endpoint_url = spec.endpointUrl;
  return writeProfile('config', configFilePath(env), profile, values);
}
