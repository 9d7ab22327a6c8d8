/** New tokens from a refresh token: REFRESH_TOKEN_AUTH, or GetTokensFromRefreshToken for clients that rotate refresh tokens. */
import type { Connection } from '../connection';
import { explainError, UserFacingError } from '../errors';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import { registerSecret } from '../redact';
import type { AuthTokens } from '../session';
import { withUserPool } from './idpCall';
import { tokensFrom } from './result';
import { secretHash } from './secretHash';

export interface RefreshOptions {
  clientSecret?: string;
  /**
   * The username Cognito knows the user by (cognitoUsernameOf(tokens)): SECRET_HASH is computed with it.
   * Needed only when the client has a secret and the connection does not rotate refresh tokens.
   */
  username?: string;
  /** The remembered device the session belongs to; with device tracking Cognito refuses refreshes without it. */
  deviceKey?: string;
  clientMetadata?: Record<string, string>;
  clock?: Clock;
  logger?: Logger;
}

function sessionExpired(err: unknown, connection: Connection, deviceKey?: string): UserFacingError {
  const message = explainError(Object.assign(new Error('Invalid Refresh Token'), { name: 'NotAuthorizedException' }), { userPoolId: connection.userPoolId, deviceKey });
  return new UserFacingError(message, 'SessionExpired', { cause: err });
}

/**
 * Refreshes the session. Keeps the old refresh token when Cognito returns none (REFRESH_TOKEN_AUTH never
 * does); with `connection.refreshTokenRotation` uses GetTokensFromRefreshToken, which returns a new one.
 * A refused refresh token (expired, revoked, signed out, device forgotten) is a UserFacingError with code
 * 'SessionExpired' ending in "sign in again" — the host should stop refreshing and ask for a sign-in.
 */
export async function refreshTokens(connection: Connection, refreshToken: string, opts: RefreshOptions = {}): Promise<AuthTokens> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  if (!refreshToken?.trim()) throw new UserFacingError('There is no refresh token for this session; sign in again.', 'SessionExpired');
  registerSecret(refreshToken);
  registerSecret(opts.clientSecret);
  const rotation = Boolean(connection.refreshTokenRotation);
  if (opts.clientSecret && !rotation && !opts.username) {
    throw new UserFacingError('Refreshing with a client secret needs the username Cognito knows the user by (for SECRET_HASH); sign in again.', 'MissingUsername');
  }
  try {
    return await withUserPool(
      connection,
      'refresh the session',
      async (client) => {
        const metadata = opts.clientMetadata ? { ClientMetadata: opts.clientMetadata } : {};
        if (rotation) {
          logger.info(`refresh: GetTokensFromRefreshToken on ${connection.userPoolId}`);
          const out = await client.send('GetTokensFromRefreshToken', {
            RefreshToken: refreshToken,
            ClientId: connection.clientId,
            ...(opts.clientSecret ? { ClientSecret: opts.clientSecret } : {}),
            ...(opts.deviceKey ? { DeviceKey: opts.deviceKey } : {}),
            ...metadata,
          });
          const tokens = tokensFrom(out.AuthenticationResult, clock, connection, refreshToken);
          registerSecret(tokens.refreshToken);
          return tokens;
        }
        logger.info(`refresh: InitiateAuth REFRESH_TOKEN_AUTH on ${connection.userPoolId}`);
        const out = await client.send('InitiateAuth', {
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: connection.clientId,
          AuthParameters: {
            REFRESH_TOKEN: refreshToken,
            ...(opts.clientSecret && opts.username ? { SECRET_HASH: secretHash(opts.clientSecret, opts.username, connection.clientId) } : {}),
            ...(opts.deviceKey ? { DEVICE_KEY: opts.deviceKey } : {}),
          },
          ...metadata,
        });
        return tokensFrom(out.AuthenticationResult, clock, connection, refreshToken);
      },
      { deviceKey: opts.deviceKey },
    );
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause ?? err;
    const name = (cause as { name?: string })?.name;
    const message = String((cause as { message?: string })?.message ?? '');
    // A wrong client secret is a configuration problem, not an ended session: that sentence stays.
    if (name === 'NotAuthorizedException' && !/secret[ _]hash/i.test(message) && !/^[A-Za-z0-9+/]{43}=$/.test(message)) {
      const failure = sessionExpired(cause, connection, opts.deviceKey);
      logger.warn(`refresh failed (SessionExpired): ${failure.message}`);
      throw failure;
    }
    logger.warn(`refresh failed: ${(err as Error).message}`);
    throw err;
  }
}
