/** Ending sessions at Cognito: GlobalSignOut (every token of the user) and RevokeToken (one refresh token). */
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import { registerSecret } from '../redact';
import { withUserPool } from './idpCall';

/** Signs the user out everywhere: all their refresh tokens stop working, access tokens are refused by Cognito. */
export async function globalSignOut(connection: Connection, accessToken: string): Promise<void> {
  if (!accessToken?.trim()) throw new UserFacingError('There is no access token for this session; it is already signed out here.', 'InvalidInput');
  registerSecret(accessToken);
  await withUserPool(connection, 'sign out everywhere', (client) => client.send('GlobalSignOut', { AccessToken: accessToken }));
}

/** Revokes one refresh token (and the access tokens issued from it). The app client must allow token revocation. */
export async function revokeToken(connection: Connection, refreshToken: string, clientSecret?: string): Promise<void> {
  if (!refreshToken?.trim()) throw new UserFacingError('There is no refresh token to revoke for this session.', 'InvalidInput');
  registerSecret(refreshToken);
  registerSecret(clientSecret);
  await withUserPool(connection, 'revoke the refresh token', (client) =>
    client.send('RevokeToken', { Token: refreshToken, ClientId: connection.clientId, ...(clientSecret ? { ClientSecret: clientSecret } : {}) }),
  );
}
