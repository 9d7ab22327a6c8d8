/**
 * The identity-pool half of renewal: which flow and role a connection uses, the identity id to reuse, and the
 * guest and developer credentials that need no user pool session. No UI: a missing password is a sentence.
 */
import { isIdentityOnly, type Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { getCredentialsForUser, getDeveloperCredentials, getGuestCredentials, type DeveloperToken, type FlowCredentials, type IdentityFlow } from '../../core/identity/credentials';
import { developerTokenFromAws, developerTokenFromBackend } from '../../core/identity/developer';
import { identityOwner } from '../../core/identity/identityIds';
import { rolesOfClaims } from '../../core/identity/roles';
import type { Logger } from '../../core/ports';
import { registerSecret } from '../../core/redact';
import type { StoredSession } from '../../core/session';
import { decodeToken } from '../../core/tokens/decode';
import type { IdentitySessions } from './identitySessions';

/** What a person chose for this fetch; renewals leave it empty and repeat what was used before. */
export interface IdentityRequest {
  flow?: IdentityFlow;
  roleArn?: string;
  /** Developer flows: the backend user, or the user id for GetOpenIdTokenForDeveloperIdentity. */
  username?: string;
  /** Developer backend: the password, stored in SecretStorage once the login worked. */
  password?: string;
}

export class IdentityRenewal {
  constructor(
    readonly store: IdentitySessions,
    private readonly logger: Logger,
  ) {}

  /** Guest and developer connections always use their flow; others the one chosen last, else the setting. */
  flowOf(conn: Connection, asked?: IdentityFlow): IdentityFlow {
    if (isIdentityOnly(conn)) return conn.identityFlow!;
    if (asked) return asked;
    const remembered = this.store.choice(conn.id).flow;
    return remembered === 'basic' || remembered === 'enhanced' ? remembered : conn.identityFlow ?? 'enhanced';
  }

  isStandalone(conn: Connection, asked?: IdentityFlow): boolean {
    const flow = this.flowOf(conn, asked);
    return flow === 'guest' || flow === 'developer';
  }

  /** Credentials for a signed-in user, reusing the identity id; the role is the one asked for, else the remembered one while the token lists it. */
  async forUser(conn: Connection, session: StoredSession, req: IdentityRequest): Promise<FlowCredentials> {
    const flow = this.flowOf(conn, req.flow);
    const idToken = session.tokens.idToken;
    const owner = identityOwner(flow, conn.identityPoolId!, { idToken, username: session.username });
    // Keyed by identity pool: an id from the session's credentials could belong to a pool the connection no longer uses.
    const identityId = await this.store.ids.get(conn.id, owner);
    const remembered = this.store.choice(conn.id).roleArn;
    const listed = rolesOfClaims(decodeToken(idToken).payload).roles;
    const roleArn = req.roleArn ?? (remembered && (listed.includes(remembered) || flow === 'basic') ? remembered : undefined);
    const creds = await getCredentialsForUser(conn, idToken, { flow: flow === 'basic' ? 'basic' : 'enhanced', customRoleArn: roleArn, identityId });
    await this.keep(conn, owner, identityId, creds);
    return creds;
  }

  /** Guest or developer credentials, saved with the connection. */
  async standalone(conn: Connection, req: IdentityRequest): Promise<FlowCredentials> {
    const flow = this.flowOf(conn, req.flow);
    const stored = this.store.get(conn.id);
    let username: string | undefined;
    let creds: FlowCredentials;
    if (flow === 'guest') {
      const owner = identityOwner('guest', conn.identityPoolId!);
      const identityId = await this.store.ids.get(conn.id, owner);
      creds = await getGuestCredentials(conn, { identityId });
      await this.keep(conn, owner, identityId, creds);
    } else {
      username = req.username ?? stored?.username ?? conn.developerBackend?.username ?? conn.developerIdentity?.userIdentifier;
      if (!username) throw new UserFacingError(`Who should "${conn.name}" get a developer identity for? Run "Cognito: Get AWS Credentials" and enter the user.`, 'NeedsDeveloperUser');
      const owner = identityOwner('developer', conn.identityPoolId!, { username });
      const known = await this.store.ids.get(conn.id, owner);
      const token = await this.developerToken(conn, username, known, req.password);
      creds = await getDeveloperCredentials(conn, token, { customRoleArn: req.roleArn });
      await this.keep(conn, owner, known, creds);
    }
    registerSecret(creds.secretAccessKey);
    registerSecret(creds.sessionToken);
    await this.store.save(conn.id, { ...(username ? { username } : {}), credentials: creds });
    return creds;
  }

  private async developerToken(conn: Connection, username: string, identityId: string | undefined, typed: string | undefined): Promise<DeveloperToken> {
    if (conn.developerBackend) {
      const password = typed ?? (await this.store.backendPassword(conn.id));
      if (!password) throw new UserFacingError(`The backend password of ${username} for "${conn.name}" is not stored; run "Cognito: Get AWS Credentials" to enter it.`, 'NeedsBackendPassword');
      try {
        const token = await developerTokenFromBackend(conn.developerBackend, username, password);
        if (typed) await this.store.setBackendPassword(conn.id, typed);
        return token;
      } catch (err) {
        // A stored password the backend now refuses is dropped, so the next Get AWS Credentials asks again.
        if (!typed && (err as UserFacingError).code === 'BackendLoginRefused') await this.store.setBackendPassword(conn.id, undefined);
        throw err;
      }
    }
    if (!conn.developerIdentity) throw new UserFacingError(`The connection "${conn.name}" uses the developer flow but names neither a backend nor a developer provider; edit it.`, 'NoDeveloperSettings');
    return developerTokenFromAws({
      identityPoolId: conn.identityPoolId!,
      providerName: conn.developerIdentity.providerName,
      userIdentifier: username,
      identityId,
      endpointUrl: conn.endpointUrl,
      profile: conn.developerIdentity.awsProfile,
    });
  }

  private async keep(conn: Connection, owner: string, before: string | undefined, creds: FlowCredentials): Promise<void> {
    await this.store.ids.set(conn.id, owner, creds.identityId);
    this.logger.info(`Got ${creds.flow} AWS credentials for "${conn.name}": ${before === creds.identityId ? 'the same' : 'new'} identity ${creds.identityId}, expires ${creds.expiration}${creds.roleArn ? `, role ${creds.roleArn}` : ''}`);
  }
}
