/** AWS credentials from a saved CLI session: the cached ones while fresh, else renewed (tokens refreshed first when needed). */
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import { registerSecret } from '../redact';
import { msUntilExpiry, type AuthTokens, type IdentityCredentials } from '../session';
import type { Env } from './awsFiles';
import { withRenewLock } from './renewLock';
import { requireCachedSession, saveCachedSession, sessionLockFile, type CachedSession } from './sessionCache';

/** Tokens closer than this to expiry are refreshed before the identity pool sees them. */
const TOKEN_MARGIN_MS = 60_000;
/** Cached credentials are reused while they have this long left (the JS SDK renews within 5 minutes of expiry)... */
const CREDENTIALS_MARGIN_MS = 5 * 60_000;

export interface SessionCredentialsOptions {
  identityPoolId?: string;
  roleArn?: string;
  /** COGNITO_CLIENT_SECRET, for app clients with a secret. */
  clientSecret?: string;
  clock?: Clock;
  logger?: Logger;
  /** Cancels a wait for another process's renewal. */
  signal?: AbortSignal;
}

export interface SessionCredentials {
  credentials: IdentityCredentials;
  /** The saved session as it is now (tokens possibly refreshed). */
  session: CachedSession;
  /** cache: nothing was sent; credentials: a new identity-pool call; tokens: a refresh, then the identity pool. */
  source: 'cache' | 'credentials' | 'tokens';
}

export function connectionOfSession(s: CachedSession): Connection {
  return {
    id: `cli-${s.name}`,
    name: s.name,
    region: s.region,
    userPoolId: s.userPoolId,
    clientId: s.clientId,
    ...(s.identityPoolId ? { identityPoolId: s.identityPoolId } : {}),
    ...(s.endpointUrl ? { endpointUrl: s.endpointUrl } : {}),
    hasClientSecret: s.hasClientSecret,
    refreshTokenRotation: s.refreshTokenRotation,
  };
}

async function tokensMsLeft(tokens: AuthTokens, now: number): Promise<number> {
  const { decodeToken } = await import('../tokens/decode');
  try {
    const exp = decodeToken(tokens.idToken).times.expiresAt?.epoch;
    if (exp !== undefined) return exp * 1000 - now;
  } catch {
    // An unreadable token still has the expiry Cognito reported with it.
  }
  return msUntilExpiry(tokens, now);
}

/** ...or, for short-lived credentials (emulators give 90 s), while half their life is left. */
function fresh(c: NonNullable<CachedSession['credentials']>, now: number): boolean {
  const left = Date.parse(c.expiration) - now;
  const life = Date.parse(c.expiration) - c.obtainedAt;
  // An obtainedAt after the expiry (a clock that moved) would make half the life negative: expired is never fresh.
  return Number.isFinite(left) && left > 0 && left > Math.min(CREDENTIALS_MARGIN_MS, life / 2);
}

/**
 * Credentials for the saved session `name`. Throws one sentence (in the CLI's words) when there is no such session,
 * no identity pool, or the session has ended.
 */
export async function credentialsFromSession(env: Env, name: string, opts: SessionCredentialsOptions = {}): Promise<SessionCredentials> {
  const clock = opts.clock ?? systemClock;
  const session = await requireCachedSession(env, name);
  registerSecret(session.tokens.refreshToken);
  registerSecret(session.tokens.idToken);
  const identityPoolId = opts.identityPoolId ?? session.identityPoolId;
  if (!identityPoolId) {
    throw new UserFacingError(`The saved session ${name} has no identity pool; pass --identity-pool-id, or sign in again with --save-session ${name} --identity-pool-id ID.`, 'NoIdentityPool');
  }
  const warm = fromCache(session, identityPoolId, opts.roleArn, clock.now());
  if (warm) return warm;
  return withRenewLock(
    sessionLockFile(env, name),
    async (waited) => {
      // Another run renewed while this one waited: use what it saved rather than renewing again.
      const latest = waited ? await requireCachedSession(env, name) : session;
      return (waited && fromCache(latest, identityPoolId, opts.roleArn, clock.now())) || renew(env, name, latest, identityPoolId, opts);
    },
    { signal: opts.signal },
  );
}

function fromCache(session: CachedSession, identityPoolId: string, roleArn: string | undefined, now: number): SessionCredentials | undefined {
  const cached = session.credentials;
  if (!cached || cached.identityPoolId !== identityPoolId || cached.roleArn !== roleArn || !fresh(cached, now)) return undefined;
  registerSecret(cached.secretAccessKey);
  registerSecret(cached.sessionToken);
  return { credentials: cached, session, source: 'cache' };
}

async function renew(env: Env, name: string, session: CachedSession, identityPoolId: string, opts: SessionCredentialsOptions): Promise<SessionCredentials> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const now = clock.now();
  registerSecret(session.tokens.refreshToken);
  registerSecret(session.tokens.idToken);
  const conn = { ...connectionOfSession(session), identityPoolId };
  let tokens = session.tokens;
  let source: SessionCredentials['source'] = 'credentials';
  // Loaded only past the cache: a warm call (the AWS CLI runs one per command) needs none of them.
  const [{ refreshTokens }, { getCredentialsForUser }] = await Promise.all([import('../auth/refresh'), import('../identity/credentials')]);
  if ((await tokensMsLeft(tokens, now)) <= TOKEN_MARGIN_MS) {
    if (!tokens.refreshToken) throw new UserFacingError(`The saved session ${name} has expired and has no refresh token; sign in again with --save-session ${name}.`, 'SessionExpired');
    if (session.hasClientSecret && !opts.clientSecret) {
      throw new UserFacingError(`The app client of session ${name} has a secret: set COGNITO_CLIENT_SECRET where the AWS CLI or SDK runs.`, 'MissingClientSecret');
    }
    try {
      tokens = await refreshTokens(conn, tokens.refreshToken, { clientSecret: opts.clientSecret, username: session.username, deviceKey: session.deviceKey, clock, logger });
    } catch (err) {
      if ((err as UserFacingError).code === 'SessionExpired') {
        throw new UserFacingError(`The saved session ${name} has ended (its refresh token was refused); sign in again with --save-session ${name}.`, 'SessionExpired', { cause: err });
      }
      throw err;
    }
    registerSecret(tokens.refreshToken);
    source = 'tokens';
  }
  // The same user and pool keep their identity: GetId again would mint a new one on every renewal.
  const identityId = session.credentials?.identityPoolId === identityPoolId ? session.credentials.identityId : undefined;
  const creds = await getCredentialsForUser(conn, tokens.idToken, { ...(opts.roleArn ? { customRoleArn: opts.roleArn } : {}), identityId });
  registerSecret(creds.secretAccessKey);
  registerSecret(creds.sessionToken);
  const updated: CachedSession = {
    ...session,
    tokens,
    credentials: { ...creds, identityPoolId, ...(opts.roleArn ? { roleArn: opts.roleArn } : {}), obtainedAt: now },
    savedAt: new Date(now).toISOString(),
  };
  await saveCachedSession(env, updated);
  logger.debug(`credential-process: ${source === 'tokens' ? 'refreshed the tokens, then ' : ''}got credentials for ${creds.identityId}`);
  return { credentials: creds, session: updated, source };
}
