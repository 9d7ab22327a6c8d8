/** Turning Cognito's AuthenticationResult into AuthTokens, checking it came from the connection's pool. */
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { issuerOf, parseCognitoIssuer, type Connection } from '../connection';
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
 * InitiateAuth names only the app client, so a connection with the wrong pool id would sign in
 * and then fail every verification; say so at sign-in instead.
 */
export function assertIssuedByPool(idToken: string, connection: Pick<Connection, 'region' | 'userPoolId' | 'clientId'>): void {
  const issuer = String(decodeToken(idToken).payload.iss ?? '');
  if (issuer === issuerOf(connection)) return;
  const actual = parseCognitoIssuer(issuer)?.userPoolId;
  throw new UserFacingError(
    actual
      ? `App client ${connection.clientId} belongs to user pool ${actual}, not ${connection.userPoolId}; check the user pool id.`
      : `The ID token was issued by ${issuer || 'an unknown issuer'}, not by user pool ${connection.userPoolId}; check the connection's pool id and endpoint.`,
    'PoolMismatch',
  );
}

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
    expiresIn: result.ExpiresIn ?? 3600,
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
