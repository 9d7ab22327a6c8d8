/**
 * Where admin calls go and whose AWS credentials sign them: a region, an optional named profile (SSO included,
 * the SDK resolves it) and an optional endpoint for emulators. No keys are ever typed in; the default chain
 * (AWS_PROFILE, environment, files, SSO, IMDS) applies when no profile is named.
 */
import { readFile } from 'node:fs/promises';
import { cognitoIdentityClient, cognitoIdpClient } from '../aws';
import { UserFacingError, toUserFacing, type ErrorContext } from '../errors';
import { configFilePath, credentialsFilePath } from '../export/awsFiles';

export interface AdminTarget {
  region: string;
  /** A profile from ~/.aws/config or ~/.aws/credentials; absent: the SDK's default chain. */
  profile?: string;
  endpointUrl?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface AwsProfileInfo {
  name: string;
  kind: 'sso' | 'keys' | 'role' | 'process' | 'other';
  region?: string;
}

/** The two shared files, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE like the AWS CLI. */
export function awsFilePaths(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  return { config: configFilePath(env), credentials: credentialsFilePath(env) };
}

type IniSections = Map<string, Record<string, string>>;

/** A minimal INI reader for the AWS shared files: sections, `key = value`, `#`/`;` comments, nested blocks skipped. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*[#;].*$/, '');
    if (!line.trim()) continue;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      const name = header[1].trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    // Indented lines continue a nested block (s3 = ...); their keys do not describe the profile.
    if (/^\s/.test(raw) || !current) continue;
    const eq = line.indexOf('=');
    if (eq > 0) current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

async function readIni(path: string): Promise<IniSections> {
  try {
    return parseIni(await readFile(path, 'utf8'));
  } catch {
    return new Map();
  }
}

function kindOf(values: Record<string, string>): AwsProfileInfo['kind'] {
  if (values.sso_session || values.sso_start_url) return 'sso';
  if (values.role_arn) return 'role';
  if (values.credential_process) return 'process';
  if (values.aws_access_key_id) return 'keys';
  return 'other';
}

/**
 * Every profile in the shared config and credentials files (names only; no key is read into the result),
 * sorted with `default` first.
 */
export async function listAwsProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfileInfo[]> {
  const files = awsFilePaths(env);
  const [config, credentials] = await Promise.all([readIni(files.config), readIni(files.credentials)]);
  const merged = new Map<string, Record<string, string>>();
  for (const [section, values] of config) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name) merged.set(name, { ...merged.get(name), ...values });
  }
  for (const [name, values] of credentials) merged.set(name, { ...values, ...merged.get(name) });
  return [...merged]
    .map(([name, values]) => ({ name, kind: kindOf(values), ...(values.region ? { region: values.region } : {}) }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** The region a profile (or AWS_PROFILE, or default) names in the config file, when it names one. */
export async function regionOfProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  return (await listAwsProfiles(env)).find((p) => p.name === name)?.region;
}

/** The profile's SSO session has expired or was never started: the one thing to do is `aws sso login`. */
export class SsoSessionExpiredError extends UserFacingError {
  constructor(readonly profile: string, options?: { cause?: unknown }) {
    super(`Your AWS SSO session for profile ${profile} has expired: run aws sso login --profile ${profile}.`, 'SsoSessionExpired', options);
  }
}

const SSO_EXPIRED = /sso.*(expired|invalid|not found|aws sso login)|token.*(expired|refresh).*sso/is;

export interface AdminContext extends ErrorContext {
  group?: string;
}

/** Admin-side meanings of "not found": the user, group or pool named in the call (not a failed sign-in). */
function notFound(name: string, message: string, target: AdminTarget, ctx: AdminContext): string | undefined {
  const where = ctx.userPoolId ? ` in pool ${ctx.userPoolId}` : '';
  if (name === 'UserNotFoundException') return `There is no user ${ctx.username ? `"${ctx.username}" ` : ''}${where.trim()}; check the username (where users sign in with their email, Cognito's username may be the sub).`.replace(/ +;/, ';');
  if (name !== 'ResourceNotFoundException' || ctx.clientId || ctx.identityPoolId) return undefined;
  if (ctx.group && /group/i.test(message)) return `There is no group "${ctx.group}"${where}; check the group name.`;
  if (ctx.userPoolId) return `User pool ${ctx.userPoolId} was not found in ${target.region}${target.endpointUrl ? ` at ${target.endpointUrl}` : ''}; check the pool id and region.`;
  return undefined;
}

/** Turns an admin call's failure into one sentence, naming the profile when its credentials are the problem. */
export function adminError(err: unknown, target: AdminTarget, ctx: AdminContext = {}): UserFacingError {
  if (err instanceof UserFacingError) return err;
  const e = err as { name?: string; message?: string };
  const missing = notFound(e?.name ?? '', e?.message ?? '', target, ctx);
  if (missing) return new UserFacingError(missing, e?.name, { cause: err });
  const profile = target.profile ?? process.env.AWS_PROFILE;
  const credentialsProblem = /CredentialsProviderError|TokenProviderError/.test(e?.name ?? '');
  if (credentialsProblem && SSO_EXPIRED.test(e?.message ?? '')) return new SsoSessionExpiredError(profile ?? 'default', { cause: err });
  if (credentialsProblem && profile) {
    return new UserFacingError(
      `Could not get AWS credentials from profile "${profile}"; check that it exists in ~/.aws/config or ~/.aws/credentials (for an SSO profile, run aws sso login --profile ${profile}).`,
      'CredentialsProviderError',
      { cause: err },
    );
  }
  return toUserFacing(err, { endpointUrl: target.endpointUrl, ...ctx });
}

/** A signed Cognito user pools client for this target. */
export function adminIdp(target: AdminTarget) {
  return cognitoIdpClient({ region: target.region, endpointUrl: target.endpointUrl, profile: target.profile }, true);
}

/** A signed Cognito identity pools client for this target. */
export function adminIdentity(target: AdminTarget) {
  return cognitoIdentityClient({ region: target.region, endpointUrl: target.endpointUrl, profile: target.profile }, true);
}

type IdpKit = Awaited<ReturnType<typeof adminIdp>>;
type IdentityKit = Awaited<ReturnType<typeof adminIdentity>>;

// One client per target and service for the life of the process: building one per call would redo the
// credential chain (and an SSO token read) every page.
const idpClients = new Map<string, Promise<IdpKit>>();
const identityClients = new Map<string, Promise<IdentityKit>>();

function keyOf(t: AdminTarget): string {
  return JSON.stringify([t.region, t.profile ?? '', t.endpointUrl ?? '']);
}

function cached<K>(cache: Map<string, Promise<K>>, t: AdminTarget, make: (t: AdminTarget) => Promise<K>): Promise<K> {
  const key = keyOf(t);
  let kit = cache.get(key);
  if (!kit) {
    kit = make(t);
    cache.set(key, kit);
    kit.catch(() => cache.delete(key));
  }
  return kit;
}

async function withKit<K, R>(cache: Map<string, Promise<K>>, make: (t: AdminTarget) => Promise<K>, t: AdminTarget, ctx: AdminContext, call: (kit: K) => Promise<R>): Promise<R> {
  const kit = await cached(cache, t, make);
  try {
    return await call(kit);
  } catch (err) {
    throw adminError(err, t, ctx);
  }
}

/** Runs one user pools admin call with the SDK module and a cached client; every failure becomes a UserFacingError. */
export function withIdp<R>(t: AdminTarget, ctx: AdminContext, call: (kit: IdpKit) => Promise<R>): Promise<R> {
  return withKit(idpClients, adminIdp, t, ctx, call);
}

/** Same as withIdp, for identity pools. */
export function withIdentity<R>(t: AdminTarget, ctx: AdminContext, call: (kit: IdentityKit) => Promise<R>): Promise<R> {
  return withKit(identityClients, adminIdentity, t, ctx, call);
}

/** Forgets cached clients (after the user switches profile files or signs in with SSO again). */
export function resetAdminClients(): void {
  for (const kit of [...idpClients.values(), ...identityClients.values()]) void kit.then((k) => k.client.destroy(), () => undefined);
  idpClients.clear();
  identityClients.clear();
}
