/** Signs a user in to a user pool app client: USER_SRP_AUTH (default) or USER_PASSWORD_AUTH. */
import type { AuthenticationResultType, ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoIdpClient, targetOf } from '../aws';
import { issuerOf, parseCognitoIssuer, type Connection } from '../connection';
import { toUserFacing, UserFacingError } from '../errors';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import { forgetSecret, registerSecret } from '../redact';
import type { AuthTokens } from '../session';
import { decodeToken } from '../tokens/decode';
import { secretHash } from './secretHash';
import { computeA, formatTimestamp, generateSmallA, passwordVerifier } from './srp';

export type AuthFlow = 'srp' | 'password';

export interface SignInRequest {
  connection: Connection;
  username: string;
  password: string;
  /** Defaults to 'srp', so the password never leaves the machine. */
  flow?: AuthFlow;
  clientSecret?: string;
}

export interface SignInDeps {
  clock?: Clock;
  logger?: Logger;
}

/** Cognito asked for a step this version cannot answer (new password, MFA, custom challenge...). */
export class UnsupportedChallengeError extends UserFacingError {
  constructor(readonly challengeName: string) {
    super(
      `This user must answer a ${challengeName} challenge, which a later version supports; for now complete it in the AWS console or with the AWS CLI (respond-to-auth-challenge), then sign in again.`,
      'UnsupportedChallenge',
    );
  }
}

interface AuthStep {
  ChallengeName?: ChallengeNameType | string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  Session?: string;
}

function validate(req: SignInRequest): { username: string; flow: AuthFlow } {
  const username = (req.username ?? '').trim();
  if (!username) throw new UserFacingError('Enter a username to sign in.', 'InvalidInput');
  if (!req.password) throw new UserFacingError(`Enter the password for ${username} to sign in.`, 'InvalidInput');
  const flow = req.flow ?? 'srp';
  if (flow !== 'srp' && flow !== 'password') throw new UserFacingError(`"${String(flow)}" is not a sign-in flow; use srp or password.`, 'InvalidInput');
  return { username, flow };
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

function tokensOf(step: AuthStep, clock: Clock, connection: Connection): AuthTokens {
  if (step.ChallengeName) throw new UnsupportedChallengeError(step.ChallengeName);
  const result = step.AuthenticationResult;
  if (!result?.IdToken || !result.AccessToken) {
    throw new UserFacingError('Cognito answered the sign-in without tokens; check that the app client allows this auth flow.', 'NoTokens');
  }
  assertIssuedByPool(result.IdToken, connection);
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    expiresIn: result.ExpiresIn ?? 3600,
    tokenType: result.TokenType ?? 'Bearer',
    obtainedAt: clock.now(),
  };
}

function required(params: Record<string, string> | undefined, name: string): string {
  const value = params?.[name];
  if (!value) throw new UserFacingError(`Cognito's PASSWORD_VERIFIER challenge is missing ${name}; the endpoint may not support SRP sign-in. Try the password flow.`, 'MalformedChallenge');
  return value;
}

/**
 * Signs in and returns the tokens. Errors come out as UserFacingError sentences
 * ("Incorrect username or password for pool ..."); secrets never reach the logger.
 */
export async function signIn(req: SignInRequest, deps: SignInDeps = {}): Promise<AuthTokens> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const { connection } = req;
  const ctx = {
    action: 'sign in',
    userPoolId: connection.userPoolId,
    clientId: connection.clientId,
    endpointUrl: connection.endpointUrl,
    username: req.username,
  };
  const { username, flow } = validate(req);
  registerSecret(req.password);
  registerSecret(req.clientSecret);
  const hash = (name: string): Record<string, string> => (req.clientSecret ? { SECRET_HASH: secretHash(req.clientSecret, name, connection.clientId) } : {});

  let client: { destroy(): void } | undefined;
  try {
    const idp = await cognitoIdpClient(targetOf(connection));
    client = idp.client;
    const { sdk } = idp;

    if (flow === 'password') {
      logger.info(`sign in: InitiateAuth USER_PASSWORD_AUTH on ${connection.userPoolId}`);
      const step = await idp.client.send(new sdk.InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: connection.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: req.password, ...hash(username) },
      }));
      logger.debug(`sign in: InitiateAuth answered ${step.ChallengeName ?? 'with tokens'}`);
      return tokensOf(step, clock, connection);
    }

    const a = generateSmallA();
    const A = computeA(a);
    logger.info(`sign in: InitiateAuth USER_SRP_AUTH on ${connection.userPoolId}`);
    const init = await idp.client.send(new sdk.InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: connection.clientId,
      AuthParameters: { USERNAME: username, SRP_A: A.toString(16), ...hash(username) },
    }));
    logger.debug(`sign in: InitiateAuth answered ${init.ChallengeName ?? 'with tokens'}`);
    if (init.ChallengeName !== 'PASSWORD_VERIFIER') return tokensOf(init, clock, connection);

    const params = init.ChallengeParameters;
    const userIdForSrp = required(params, 'USER_ID_FOR_SRP');
    // Cognito signs with its internal id but looks the user up by the USERNAME it gave back (they differ for email/alias sign-in).
    const challengeUsername = params?.USERNAME || userIdForSrp;
    const answer = passwordVerifier({
      userPoolId: connection.userPoolId,
      userIdForSrp,
      password: req.password,
      a,
      A,
      srpB: required(params, 'SRP_B'),
      salt: required(params, 'SALT'),
      secretBlock: required(params, 'SECRET_BLOCK'),
      timestamp: formatTimestamp(new Date(clock.now())),
    });
    logger.info('sign in: RespondToAuthChallenge PASSWORD_VERIFIER');
    const done = await idp.client.send(new sdk.RespondToAuthChallengeCommand({
      ClientId: connection.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ...(init.Session ? { Session: init.Session } : {}),
      ChallengeResponses: {
        USERNAME: challengeUsername,
        PASSWORD_CLAIM_SECRET_BLOCK: answer.secretBlock,
        PASSWORD_CLAIM_SIGNATURE: answer.signature,
        TIMESTAMP: answer.timestamp,
        ...hash(challengeUsername),
      },
    }));
    logger.debug(`sign in: RespondToAuthChallenge answered ${done.ChallengeName ?? 'with tokens'}`);
    return tokensOf(done, clock, connection);
  } catch (err) {
    const failure = toUserFacing(err, ctx);
    logger.warn(`sign in failed (${failure.code}): ${failure.message}`);
    throw failure;
  } finally {
    client?.destroy();
    // The client secret outlives this call (it stays in SecretStorage), so only the password is forgotten.
    forgetSecret(req.password);
  }
}
