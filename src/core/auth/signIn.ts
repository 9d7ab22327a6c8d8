/** One-shot sign-in (USER_SRP_AUTH by default, or USER_PASSWORD_AUTH) for callers that cannot answer challenges. */
import type { Connection } from '../connection';
import type { AuthTokens } from '../session';
import { runStart, type DeviceSecrets, type SignInDeps } from './flow';

export { assertIssuedByPool, cognitoUsernameOf, UnsupportedChallengeError } from './result';
export type { SignInDeps } from './flow';

export type AuthFlow = 'srp' | 'password';

export interface SignInRequest {
  connection: Connection;
  username: string;
  password: string;
  /** Defaults to 'srp', so the password never leaves the machine. */
  flow?: AuthFlow;
  clientSecret?: string;
  clientMetadata?: Record<string, string>;
  /** A remembered device: its challenges are answered here, so remembered devices still sign in in one shot. */
  device?: DeviceSecrets;
}

/**
 * Signs in and returns the tokens. A challenge that needs the user (new password, MFA...) ends in an
 * UnsupportedChallengeError naming it; use startSignIn/answerChallenge to walk through challenges.
 * Errors come out as UserFacingError sentences ("Incorrect username or password for pool ..."); secrets never reach the logger.
 */
export async function signIn(req: SignInRequest, deps: SignInDeps = {}): Promise<AuthTokens> {
  const flow = req.flow ?? 'srp';
  const step = await runStart({ ...req, flow }, deps, { noPeople: true });
  // noPeople turns every challenge into an error, so only 'done' arrives here.
  if (step.kind !== 'done') throw new Error('unreachable: a challenge escaped the one-shot sign-in');
  return step.tokens;
}
