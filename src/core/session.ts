/** A signed-in session's tokens and credentials, kept only in the host's SecretStore. */
import type { AwsCredentials } from './aws';
import type { SecretStore } from './ports';
import { formatSpan } from '../shared/duration';

export interface AuthTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Seconds, as Cognito returned it. */
  expiresIn: number;
  tokenType: string;
  /** Milliseconds since the epoch when these were issued (local clock). */
  obtainedAt: number;
}

export interface IdentityCredentials extends Required<Pick<AwsCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>> {
  identityId: string;
  /** ISO 8601. */
  expiration: string;
}

export interface StoredSession {
  username: string;
  tokens: AuthTokens;
  credentials?: IdentityCredentials;
}

/** `cognitoExplorer/<connection>/<what>`: the only keys the extension writes to SecretStorage. */
export function secretKey(connectionId: string, what: 'session' | 'clientSecret'): string {
  return `cognitoExplorer/${connectionId}/${what}`;
}

export class SessionStore {
  constructor(private readonly secrets: SecretStore) {}

  async load(connectionId: string): Promise<StoredSession | undefined> {
    const raw = await this.secrets.get(secretKey(connectionId, 'session'));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as StoredSession;
      return parsed?.tokens?.idToken ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async save(connectionId: string, session: StoredSession): Promise<void> {
    await this.secrets.store(secretKey(connectionId, 'session'), JSON.stringify(session));
  }

  async clear(connectionId: string): Promise<void> {
    await this.secrets.delete(secretKey(connectionId, 'session'));
  }

  async clientSecret(connectionId: string): Promise<string | undefined> {
    return (await this.secrets.get(secretKey(connectionId, 'clientSecret'))) || undefined;
  }

  async setClientSecret(connectionId: string, secret: string | undefined): Promise<void> {
    if (secret) await this.secrets.store(secretKey(connectionId, 'clientSecret'), secret);
    else await this.secrets.delete(secretKey(connectionId, 'clientSecret'));
  }
}

/** Milliseconds until the tokens' expiry (negative once expired). */
export function msUntilExpiry(tokens: AuthTokens, now: number): number {
  return tokens.obtainedAt + tokens.expiresIn * 1000 - now;
}

/**
 * When the host should refresh: `minutesBefore` the expiry, but never earlier than halfway through the
 * tokens' life, so a long lead time cannot make every fresh token "due" at once (a refresh loop).
 */
export function refreshDueAt(tokens: Pick<AuthTokens, 'obtainedAt' | 'expiresIn'>, minutesBefore: number): number {
  const lifetime = Math.max(0, tokens.expiresIn) * 1000;
  const lead = Number.isFinite(minutesBefore) && minutesBefore > 0 ? minutesBefore * 60_000 : 0;
  return Math.max(tokens.obtainedAt + lifetime / 2, tokens.obtainedAt + lifetime - lead);
}

/** "54 min", "1 h", "2 h 5 min", "40 s", "expired 3 min ago". */
export function formatRemaining(ms: number): string {
  // Times from outside (claims) can be absurd; never print "Infinity d NaN h".
  if (!Number.isFinite(ms)) return Number.isNaN(ms) ? 'an unknown time' : ms > 0 ? 'more than a lifetime' : 'expired long ago';
  const text = formatSpan(Math.round(Math.abs(ms) / 1000));
  return ms >= 0 ? text : `expired ${text} ago`;
}
