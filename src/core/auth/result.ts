/** Turning Cognito's AuthenticationResult into AuthTokens, checking it came from the connection's pool. */
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { poolOfIssuer, type Connection } from '../connection';
import { UserFacingError } from '../errors';
import type { Clock } from '../ports';
import type { AuthTokens } from '../session';
import { decodeToken } from '../tokens/decode';

/** Cognito asked for a step the caller cannot answer (the one-shot signIn() answers none). */
export class UnsupportedChallengeError extends UserFacingError {
  constructor(
    readonly challengeName: string,
    detail = 'sign in from the sign-in panel or the CLI, which walk through it, or complete it with the AWS CLI (respond-to-auth-challenge)',
  ) {
    super(`This user must answer a ${challengeName} challenge; ${detail}.`, 'UnsupportedChallenge');
  }
}

/**
 * InitiateAuth names only the app client, so a connection with the wrong pool id would sign in and then fail every
 * verification; say so at sign-in when the ID token's issuer names another pool. The issuer's form alone (AWS's
 * ORIGINAL or UPDATED, an emulator's, or anything else) never refuses tokens: verification reports it instead.
 */
export function assertIssuedByPool(idToken: string, connection: Pick<Connection, 'region' | 'userPoolId' | 'clientId'>): void {
  const named = poolOfIssuer(decodeToken(idToken).payload.iss, true)?.userPoolId;
  if (!named || named === connection.userPoolId) return;
  throw new UserFacingError(`App client ${connection.clientId} belongs to user pool ${named}, not ${connection.userPoolId}; check the user pool id.`, 'PoolMismatch');
}

function lifetimeSec(token: string): number | undefined {
  try {
    const { exp, iat } = decodeToken(token).payload;
    const life = typeof exp === 'number' && typeof iat === 'number' ? exp - iat : NaN;
    return Number.isFinite(life) && life > 0 ? Math.floor(life) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Seconds the tokens live: the shortest of ExpiresIn and each token's `exp - iat`, so a refresh is never scheduled
 * after a real expiry (cognito-local sends no ExpiresIn; its clients may give ID and access tokens other lifetimes).
 */
export function lifetimeOf(result: Pick<AuthenticationResultType, 'ExpiresIn' | 'IdToken' | 'AccessToken'>): number {
  const candidates = [result.ExpiresIn, result.AccessToken && lifetimeSec(result.AccessToken), result.IdToken && lifetimeSec(result.IdToken)];
  const known = candidates.filter((n): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0);
  return known.length ? Math.min(...known) : DEFAULT_LIFETIME_SEC;
}

/** Cognito's default token lifetime, used only when neither the answer nor the tokens say. */
const DEFAULT_LIFETIME_SEC = 3600;

/** The tokens of a final answer; `previousRefreshToken` stays when Cognito sends none (REFRESH_TOKEN_AUTH never does). */
export function tokensFrom(
  result: AuthenticationResultType | undefined,
  clock: Clock,
  connection: Connection,
  previousRefreshToken?: string,
): AuthTokens {
  if (!result?.IdToken || !result.AccessToken) {
    throw new UserFacingError('Cognito answered the sign-in without tokens; check that the app client allows this auth flow.', 'NoTokens');
  }
  assertIssuedByPool(result.IdToken, connection);
  const refreshToken = result.RefreshToken ?? previousRefreshToken;
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    ...(refreshToken ? { refreshToken } : {}),
    expiresIn: lifetimeOf(result),
    tokenType: result.TokenType ?? 'Bearer',
    obtainedAt: clock.now(),
  };
}

/**
 * The username Cognito knows the user by (the access token's `username`, else the ID token's `cognito:username`):
 * what SECRET_HASH must be computed with on refresh, which differs from the typed name in email/alias pools.
 */
export function cognitoUsernameOf(tokens: Pick<AuthTokens, 'accessToken' | 'idToken'>): string | undefined {
  for (const [token, claim] of [[tokens.accessToken, 'username'], [tokens.idToken, 'cognito:username']] as const) {
    try {
      const value = decodeToken(token).payload[claim];
      if (typeof value === 'string' && value) return value;
    } catch {
      // A token that does not decode names nobody; the other one may.
    }
  }
  return undefined;
}
