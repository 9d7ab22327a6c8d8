/**
 * Keeps a stored session usable: new tokens from the refresh token, and new AWS credentials from the identity
 * pool when the stored ones have run out. No UI here: commands, the scheduler and the Resources view call it.
 */
import type { DeviceSecrets } from '../../core/auth/devices';
import { cognitoUsernameOf } from '../../core/auth/result';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import type { Clock, Logger, SecretStore } from '../../core/ports';
import { registerSecret } from '../../core/redact';
import type { AuthTokens, IdentityCredentials, StoredSession } from '../../core/session';
import { credentialsMsLeft, sessionMsLeft, validFor } from './format';
import type { SettingsReader } from '../platform/settings';
import type { IdentityRenewal, IdentityRequest } from './identityRenewal';
import type { SessionManager } from './sessionManager';

/** Credentials (and tokens) closer than this to their expiry are renewed before use. */
export const RENEW_MARGIN_MS = 60_000;

/**
 * The device remembered for this session, if any. Sign-in may key it by the name the user typed or by the
 * username Cognito knows the user by, so both are tried.
 */
export async function deviceOfSession(secrets: SecretStore, connectionId: string, session: StoredSession): Promise<{ device: DeviceSecrets; keyedBy: string } | undefined> {
  const names = [session.username, cognitoUsernameOf(session.tokens)].filter((n, i, all): n is string => Boolean(n) && all.indexOf(n) === i);
  for (const name of names) {
    const { loadDevice } = await import('../../core/auth/devices');
    const device = await loadDevice(secrets, connectionId, name);
    if (device) return { device, keyedBy: name };
  }
  return undefined;
}

/** Same sign-in, possibly with refreshed tokens (a refresh keeps the refresh token unless the client rotates them). */
function sameSession(a: StoredSession, b: StoredSession): boolean {
  if (a.username !== b.username) return false;
  return a.tokens.idToken === b.tokens.idToken || (Boolean(a.tokens.refreshToken) && a.tokens.refreshToken === b.tokens.refreshToken);
}

/** Runs a long step, e.g. inside a progress notification when a person asked for it. */
export type ProgressWrapper = <T>(title: string, work: () => Promise<T>) => Promise<T>;

const direct: ProgressWrapper = (_title, work) => work();

export class SessionRenewer {
  private readonly refreshing = new Map<string, Promise<AuthTokens>>();
  private readonly fetching = new Map<string, Promise<IdentityCredentials>>();

  constructor(
    private readonly sessions: SessionManager,
    private readonly settings: SettingsReader,
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly identity: IdentityRenewal,
  ) {}

  private connection(connectionId: string): Connection {
    const conn = this.settings.connection(connectionId);
    if (!conn) throw new UserFacingError(`There is no connection with id "${connectionId}"; it may have been removed from the settings.`, 'NoSuchConnection');
    return conn;
  }

  private session(conn: Connection): StoredSession {
    const session = this.sessions.get(conn.id);
    if (!session) throw new UserFacingError(`Nobody is signed in to "${conn.name}"; sign in first.`, 'NotSignedIn');
    return session;
  }

  /** New ID and access tokens from the session's refresh token, saved with the session. One refresh at a time per connection. */
  refresh(connectionId: string): Promise<AuthTokens> {
    let running = this.refreshing.get(connectionId);
    if (!running) {
      running = this.doRefresh(connectionId).finally(() => this.refreshing.delete(connectionId));
      this.refreshing.set(connectionId, running);
    }
    return running;
  }

  private async doRefresh(connectionId: string): Promise<AuthTokens> {
    const conn = this.connection(connectionId);
    const session = this.session(conn);
    const refreshToken = session.tokens.refreshToken;
    if (!refreshToken) throw new UserFacingError(`The session of ${session.username} on "${conn.name}" has no refresh token; sign in again.`, 'SessionExpired');
    const clientSecret = conn.hasClientSecret ? await this.sessions.store.clientSecret(conn.id) : undefined;
    if (conn.hasClientSecret && !clientSecret) {
      throw new UserFacingError(`The client secret of "${conn.name}" is missing from SecretStorage; edit the connection and enter it again.`, 'MissingClientSecret');
    }
    const remembered = await deviceOfSession(this.sessions.secrets, conn.id, session);
    // On first use: the refresh call's client is no part of activation.
    const { refreshTokens } = await import('../../core/auth/refresh');
    const tokens = await refreshTokens(conn, refreshToken, {
      clientSecret,
      username: cognitoUsernameOf(session.tokens) ?? session.username,
      deviceKey: remembered?.device.deviceKey,
      clientMetadata: conn.clientMetadata,
      clock: this.clock,
      logger: this.logger,
    });
    registerSecret(tokens.refreshToken);
    // Signed out (or in again) while the request was in flight: those tokens belong to a session that is gone.
    const current = this.sessions.get(conn.id);
    if (!current || current.tokens.refreshToken !== refreshToken) {
      throw new UserFacingError(`The session on "${conn.name}" changed while refreshing; nothing was saved.`, 'SessionChanged');
    }
    // AWS credentials obtained with the old ID token stay valid until their own expiry, so they are kept.
    await this.sessions.save(conn.id, { ...current, tokens });
    this.logger.info(
      `Refreshed the tokens of ${current.username} on "${conn.name}" (${conn.refreshTokenRotation ? 'GetTokensFromRefreshToken' : 'REFRESH_TOKEN_AUTH'}); ` +
        `they are ${validFor(sessionMsLeft(tokens, this.clock.now()))}${tokens.refreshToken !== refreshToken ? ', with a new refresh token' : ''}`,
    );
    return tokens;
  }

  /** The session, its tokens refreshed first when they expire within the margin and a refresh token exists. */
  async usableSession(conn: Connection, marginMs = RENEW_MARGIN_MS): Promise<StoredSession> {
    const session = this.session(conn);
    if (sessionMsLeft(session.tokens, this.clock.now()) > marginMs) return session;
    if (!session.tokens.refreshToken) {
      throw new UserFacingError(`The ID token of ${session.username} on "${conn.name}" has expired and there is no refresh token; sign in again.`, 'TokensExpired');
    }
    await this.refresh(conn.id);
    return this.session(conn);
  }

  /**
   * AWS credentials for the session: the stored ones while they are good for more than a minute, else new ones
   * from the identity pool (tokens refreshed first when needed), saved with the session. `force` always fetches.
   * Guest and developer connections need no session: their credentials are kept by the identity store.
   */
  async credentials(conn: Connection, opts: { force?: boolean; progress?: ProgressWrapper } & IdentityRequest = {}): Promise<IdentityCredentials> {
    const standalone = this.identity.isStandalone(conn, opts.flow);
    const stored = standalone ? this.identity.store.get(conn.id)?.credentials : this.session(conn).credentials;
    if (!opts.force && stored && credentialsMsLeft(stored, this.clock.now()) > RENEW_MARGIN_MS) return stored;
    let running = this.fetching.get(conn.id);
    if (!running) {
      running = this.fetchCredentials(conn, opts.progress ?? direct, opts, standalone).finally(() => this.fetching.delete(conn.id));
      this.fetching.set(conn.id, running);
    }
    return running;
  }

  private async fetchCredentials(conn: Connection, progress: ProgressWrapper, req: IdentityRequest, standalone: boolean): Promise<IdentityCredentials> {
    if (!conn.identityPoolId) {
      throw new UserFacingError(`The connection "${conn.name}" has no identity pool; edit it and add the identity pool id.`, 'NoIdentityPool');
    }
    const title = `Getting AWS credentials from ${conn.identityPoolId}…`;
    if (standalone) return progress(title, () => this.identity.standalone(conn, req));
    const session = await this.usableSession(conn);
    const creds = await progress(title, () => this.identity.forUser(conn, session, req));
    registerSecret(creds.secretAccessKey);
    registerSecret(creds.sessionToken);
    // Re-read: the user may have signed out while the request was in flight.
    const current = this.sessions.get(conn.id);
    if (!current || !sameSession(current, session)) {
      throw new UserFacingError(`The session on "${conn.name}" changed while getting credentials; try again.`, 'SessionChanged');
    }
    await this.sessions.save(conn.id, { ...current, credentials: creds });
    return creds;
  }
}
