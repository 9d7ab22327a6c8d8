/**
 * The identity id each user got from an identity pool, kept per connection so renewals skip GetId (every GetId
 * for a login the pool has not linked yet would mint a new identity). Stored through the SecretStore port.
 */
import type { SecretStore } from '../ports';
import { decodeToken } from '../tokens/decode';
import type { IdentityFlow } from './credentials';

export function identityIdsKey(connectionId: string): string {
  return `cognitoExplorer/${connectionId}/identityIds`;
}

/**
 * Who an identity belongs to within one identity pool: the user pool user's `sub` (or username), the backend
 * user, or the pool's guest. Enhanced and basic flows share it: they reach the same identity.
 */
export function identityOwner(flow: IdentityFlow, identityPoolId: string, who?: { idToken?: string; username?: string }): string {
  if (flow === 'guest') return `${identityPoolId}|guest`;
  let subject = who?.username ?? '';
  if (who?.idToken) {
    try {
      const sub = decodeToken(who.idToken).payload.sub;
      if (typeof sub === 'string' && sub) subject = sub;
    } catch {
      // An undecodable token cannot be renewed anyway; the username keys it.
    }
  }
  return `${identityPoolId}|${flow === 'developer' ? 'developer' : 'user'}|${subject}`;
}

export class IdentityIdStore {
  constructor(private readonly secrets: SecretStore) {}

  private async read(connectionId: string): Promise<Record<string, string>> {
    const raw = await this.secrets.get(identityIdsKey(connectionId));
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  async get(connectionId: string, owner: string): Promise<string | undefined> {
    const id = (await this.read(connectionId))[owner];
    return typeof id === 'string' ? id : undefined;
  }

  async set(connectionId: string, owner: string, identityId: string): Promise<void> {
    const all = await this.read(connectionId);
    if (all[owner] === identityId) return;
    await this.secrets.store(identityIdsKey(connectionId), JSON.stringify({ ...all, [owner]: identityId }));
  }

  /** Forgets every identity id of the connection (it was removed, or now points at another pool). */
  async clear(connectionId: string): Promise<void> {
    await this.secrets.delete(identityIdsKey(connectionId));
  }
}
