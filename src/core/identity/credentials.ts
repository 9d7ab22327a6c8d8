/** AWS credentials for a signed-in user through the connection's identity pool (enhanced flow). */
import { cognitoIdentityClient, targetOf, type AwsCredentials } from '../aws';
import { loginsProviderOf, type Connection } from '../connection';
import { UserFacingError, toUserFacing } from '../errors';
import type { IdentityCredentials } from '../session';

export interface CredentialsOptions {
  /** Asks for this role instead of the pool's default (needs role-based access in the identity pool). */
  customRoleArn?: string;
}

/** The Logins map both calls send: the user pool's provider name -> the ID token. */
export function loginsFor(conn: Pick<Connection, 'region' | 'userPoolId'>, idToken: string): Record<string, string> {
  return { [loginsProviderOf(conn)]: idToken };
}

/**
 * GetId then GetCredentialsForIdentity with the ID token as the login. Both calls are unsigned.
 * Throws a UserFacingError when the connection has no identity pool or AWS refuses.
 */
export async function getCredentialsForUser(conn: Connection, idToken: string, opts: CredentialsOptions = {}): Promise<IdentityCredentials> {
  const identityPoolId = conn.identityPoolId?.trim();
  if (!identityPoolId) {
    throw new UserFacingError('This connection has no identity pool; edit it and add the identity pool id.', 'NoIdentityPool');
  }
  const ctx = {
    action: 'get AWS credentials',
    identityPoolId,
    userPoolId: conn.userPoolId,
    endpointUrl: conn.endpointUrl,
  };
  const Logins = loginsFor(conn, idToken);
  try {
    const { sdk, client } = await cognitoIdentityClient(targetOf({ ...conn, region: regionOfIdentityPool(identityPoolId) ?? conn.region }));
    try {
      const { IdentityId } = await client.send(new sdk.GetIdCommand({ IdentityPoolId: identityPoolId, Logins }));
      if (!IdentityId) throw new UserFacingError('The identity pool returned no identity id; try again.', 'NoIdentityId');
      const out = await client.send(
        new sdk.GetCredentialsForIdentityCommand({
          IdentityId,
          Logins,
          ...(opts.customRoleArn ? { CustomRoleArn: opts.customRoleArn } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken) {
        throw new UserFacingError('The identity pool returned no credentials; check its authenticated role.', 'NoCredentials');
      }
      return {
        identityId: out.IdentityId ?? IdentityId,
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretKey,
        sessionToken: c.SessionToken,
        expiration: (c.Expiration ?? new Date(Date.now() + 3600_000)).toISOString(),
      };
    } finally {
      client.destroy();
    }
  } catch (err) {
    throw toUserFacing(err, ctx);
  }
}

/** The SDK's shape of the same credentials (expiration as a Date), for ClientTarget.credentials. */
export function toAwsCredentials(creds: IdentityCredentials): AwsCredentials {
  return {
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration: new Date(creds.expiration),
  };
}

function regionOfIdentityPool(id: string): string | undefined {
  const i = id.indexOf(':');
  return i > 0 ? id.slice(0, i) : undefined;
}
