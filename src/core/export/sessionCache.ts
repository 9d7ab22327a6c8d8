/**
 * The CLI's session cache: tokens saved by `sign-in --save-session NAME` (or the extension's credential_process
 * setup) so `credential-process` can renew AWS credentials on its own. Like the AWS CLI's SSO cache: one JSON file
 * per session in the user's cache folder, folder 0700, files 0600, written atomically.
 */
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import type { AuthTokens, IdentityCredentials } from '../session';
import { writeFileAtomic } from './atomicWrite';
import type { Env } from './awsFiles';

/** `hasClientSecret` here means renewing needs COGNITO_CLIENT_SECRET (the secret itself is never cached). */
export interface CachedSession extends Pick<Connection, 'region' | 'userPoolId' | 'clientId' | 'identityPoolId' | 'endpointUrl' | 'hasClientSecret' | 'refreshTokenRotation'> {
  version: 1;
  name: string;
  /** The username Cognito knows the user by (SECRET_HASH). */
  username: string;
  deviceKey?: string;
  tokens: AuthTokens;
  /** The last AWS credentials, and what they were obtained for, so a warm call costs no network. */
  credentials?: IdentityCredentials & { identityPoolId: string; roleArn?: string; obtainedAt: number };
  savedAt: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Undefined when `name` can name a saved session, else a sentence. */
export function validateSessionName(name: string): string | undefined {
  return NAME.test(name) ? undefined : `"${name.slice(0, 64)}" cannot name a session; use letters, digits, . _ and - (at most 64, starting with a letter or digit).`;
}

/** `$XDG_CACHE_HOME/cognito-explorer/sessions`, else `~/.cache/…` (`%LOCALAPPDATA%\cognito-explorer\sessions` on Windows). */
export function sessionCacheDir(env: Env): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg) return join(xdg, 'cognito-explorer', 'sessions');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'cognito-explorer', 'sessions');
  return join(env.HOME?.trim() || homedir(), '.cache', 'cognito-explorer', 'sessions');
}

function fileOf(env: Env, name: string): string {
  const problem = validateSessionName(name);
  if (problem) throw new UserFacingError(problem, 'BadSessionName');
  return join(sessionCacheDir(env), `${name}.json`);
}

/** The lock file that serialises renewals of one session (see renewLock.ts); beside the session, in the 0700 folder. */
export function sessionLockFile(env: Env, name: string): string {
  return `${fileOf(env, name).slice(0, -'.json'.length)}.lock`;
}

/** Saves (replaces) a session; returns the file written. */
export async function saveCachedSession(env: Env, session: CachedSession): Promise<string> {
  const file = fileOf(env, session.name);
  const dir = sessionCacheDir(env);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // The folder may predate us with a looser mode; it holds refresh tokens, so only the user may list it.
  await fs.chmod(dir, 0o700);
  await writeFileAtomic(file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  return file;
}

function isSession(v: unknown): v is CachedSession {
  const s = v as CachedSession | null;
  return Boolean(s && s.version === 1 && typeof s.name === 'string' && typeof s.userPoolId === 'string' && typeof s.clientId === 'string' && typeof s.tokens?.idToken === 'string');
}

/** The saved session, undefined when there is none; a damaged file is a sentence naming it. */
export async function loadCachedSession(env: Env, name: string): Promise<CachedSession | undefined> {
  const file = fileOf(env, name);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserFacingError(`Could not read the saved session ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, 'SessionCacheUnreadable', { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isSession(parsed)) throw new UserFacingError(`The saved session ${file} is damaged; forget it and sign in again.`, 'SessionCacheDamaged');
  return parsed;
}

/** The saved session, or one sentence saying how to save it. */
export async function requireCachedSession(env: Env, name: string): Promise<CachedSession> {
  const session = await loadCachedSession(env, name);
  if (!session) throw new UserFacingError(`There is no saved session ${name}; sign in with "sign-in --save-session ${name}" first.`, 'NoSavedSession');
  return session;
}

/** Every saved session, by name; damaged files are skipped. */
export async function listCachedSessions(env: Env): Promise<CachedSession[]> {
  let names: string[];
  try {
    names = await fs.readdir(sessionCacheDir(env));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: CachedSession[] = [];
  for (const file of names.filter((n) => n.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    if (validateSessionName(name)) continue;
    try {
      const s = await loadCachedSession(env, name);
      if (s) out.push(s);
    } catch {
      // One damaged file must not hide the others; `forget` still removes it by name.
    }
  }
  return out;
}

/** Deletes a saved session; false when there was none. */
export async function forgetCachedSession(env: Env, name: string): Promise<boolean> {
  try {
    await fs.unlink(fileOf(env, name));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
