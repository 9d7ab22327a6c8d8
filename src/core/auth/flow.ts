/**
 * The sign-in state machine: `startSignIn` sends the first request and answers what needs no person
 * (PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER); every other challenge comes back as a
 * `Challenge` for the UI with a plain-JSON `SignInState`, which `answerChallenge` continues from.
 *
 * The state carries no secret but Cognito's short-lived Session: the password is used by the call that needs it
 * and dropped; the client secret and device secrets are passed again with each call.
 */
import { UserFacingError } from '../errors';
import { silentLogger } from '../ports';
import { forgetSecret, registerSecret } from '../redact';
import type { SignInTrace } from './trace';
import { advance, answerOnce, beginSrp } from './challenges';
import { type CognitoAnswer, type Engine, errorContext, failureOf, hash, openEngine, traced, withTrace } from './engine';
import {
  type ChallengeAnswer,
  SIGN_IN_FLOWS,
  type SignInDeps,
  type SignInFlow,
  type SignInState,
  type SignInStep,
  type StartSignInRequest,
  type StepSecrets,
  USER_AUTH_FACTORS,
  WEB_AUTHN_NOTE,
} from './signInTypes';

export * from './signInTypes';
export { signInTraceOf } from './engine';

function validateStart(req: StartSignInRequest): { username: string; flow: SignInFlow } {
  const username = (req.username ?? '').trim();
  if (!username) throw new UserFacingError('Enter a username to sign in.', 'InvalidInput');
  const flow = req.flow ?? 'srp';
  if (!SIGN_IN_FLOWS.includes(flow)) throw new UserFacingError(`"${String(flow)}" is not a sign-in flow; use ${SIGN_IN_FLOWS.join(', ')}.`, 'InvalidInput');
  if ((flow === 'srp' || flow === 'password' || flow === 'admin') && !req.password) {
    throw new UserFacingError(`Enter the password for ${username} to sign in.`, 'InvalidInput');
  }
  const preferred = req.preferredChallenge;
  if (preferred !== undefined && !USER_AUTH_FACTORS.includes(preferred)) {
    throw new UserFacingError(`"${String(preferred)}" is not a sign-in factor; use ${USER_AUTH_FACTORS.join(', ')}.`, 'InvalidInput');
  }
  if (preferred === 'WEB_AUTHN') throw new UserFacingError(WEB_AUTHN_NOTE, 'WebAuthnUnsupported');
  if ((preferred === 'PASSWORD' || preferred === 'PASSWORD_SRP') && !req.password) {
    throw new UserFacingError(`Enter the password for ${username} to sign in with ${preferred}.`, 'InvalidInput');
  }
  return { username, flow };
}

async function initiate(e: Engine, req: StartSignInRequest, opts: { noPeople?: boolean }): Promise<SignInStep> {
  const base: Record<string, string> = { USERNAME: e.typedUsername, ...hash(e, e.typedUsername), ...(e.device ? { DEVICE_KEY: e.device.deviceKey } : {}) };
  const metadata = e.clientMetadata ? { ClientMetadata: e.clientMetadata } : {};
  const send = (authFlow: string, params: Record<string, string>) =>
    traced<CognitoAnswer>(e, 'InitiateAuth', { AuthFlow: authFlow, ClientId: e.connection.clientId, AuthParameters: params, ...metadata }, {
      authFlow,
      parameters: params,
    });
  const password = req.password ?? '';
  switch (e.flow) {
    case 'password':
      return advance(e, await send('USER_PASSWORD_AUTH', { ...base, PASSWORD: password }), opts);
    case 'admin': {
      const params = { ...base, PASSWORD: password };
      const answer = await traced<CognitoAnswer>(
        e,
        'AdminInitiateAuth',
        { AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', UserPoolId: e.connection.userPoolId, ClientId: e.connection.clientId, AuthParameters: params, ...metadata },
        { authFlow: 'ADMIN_USER_PASSWORD_AUTH', parameters: params },
      );
      return advance(e, answer, opts);
    }
    case 'custom': {
      if (!req.password) return advance(e, await send('CUSTOM_AUTH', base), opts);
      const srp = beginSrp(password);
      return advance(e, await send('CUSTOM_AUTH', { ...base, SRP_A: srp.A.toString(16), CHALLENGE_NAME: 'SRP_A' }), { ...opts, srp });
    }
    case 'user-auth': {
      const preferred = req.preferredChallenge;
      if (preferred === 'PASSWORD_SRP') {
        const srp = beginSrp(password);
        return advance(e, await send('USER_AUTH', { ...base, PREFERRED_CHALLENGE: preferred, SRP_A: srp.A.toString(16) }), { ...opts, srp });
      }
      const params = { ...base, ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}), ...(preferred === 'PASSWORD' ? { PASSWORD: password } : {}) };
      return advance(e, await send('USER_AUTH', params), opts);
    }
    default: {
      const srp = beginSrp(password);
      return advance(e, await send('USER_SRP_AUTH', { ...base, SRP_A: srp.A.toString(16) }), { ...opts, srp });
    }
  }
}

/** Shared by startSignIn and the one-shot signIn(). */
export async function runStart(req: StartSignInRequest, deps: SignInDeps, opts: { noPeople?: boolean } = {}): Promise<SignInStep> {
  const logger = deps.logger ?? silentLogger;
  const trace: SignInTrace = [];
  registerSecret(req.password);
  registerSecret(req.clientSecret);
  registerSecret(req.device?.devicePassword);
  let engine: Engine | undefined;
  try {
    const { username, flow } = validateStart(req);
    engine = await openEngine(
      {
        connection: req.connection,
        flow,
        clientSecret: req.clientSecret,
        device: req.device,
        clientMetadata: req.clientMetadata,
        profile: req.profile,
        typedUsername: username,
        username,
        issuer: req.issuer?.trim() || req.connection.name || req.connection.userPoolId,
        trace,
      },
      req.credentials,
      deps,
    );
    return await initiate(engine, req, opts);
  } catch (err) {
    const failure = failureOf(err, errorContext(req.connection, req.username, req.device?.deviceKey), req.flow === 'admin' ? req.profile : undefined);
    logger.warn(`sign in failed (${failure.code}): ${failure.message}`);
    throw withTrace(failure, trace);
  } finally {
    engine?.idp.destroy();
    // The client secret outlives this call (it stays in SecretStorage), so only the password is forgotten.
    forgetSecret(req.password);
  }
}

/**
 * Starts a sign-in and runs it as far as it can go without the user: tokens (`kind: 'done'`), or the first
 * challenge for the UI (`kind: 'challenge'`) with the state to pass to answerChallenge. Errors are
 * UserFacingError sentences carrying the trace (signInTraceOf).
 */
export function startSignIn(req: StartSignInRequest, deps: SignInDeps = {}): Promise<SignInStep> {
  return runStart(req, deps);
}

function isState(value: unknown): value is SignInState {
  const s = value as SignInState | undefined;
  return Boolean(s && s.version === 1 && s.connection && typeof s.username === 'string' && typeof s.challengeName === 'string' && Array.isArray(s.trace));
}

/**
 * Answers the challenge of `state` and continues: tokens, or the next challenge (custom challenges loop,
 * MFA can follow a new password...). The client secret and device secrets come in `secrets`, as at the start.
 */
export async function answerChallenge(state: SignInState, answer: ChallengeAnswer, secrets: StepSecrets = {}, deps: SignInDeps = {}): Promise<SignInStep> {
  if (!isState(state)) throw new UserFacingError('This sign-in can no longer continue (its state is incomplete); start again.', 'InvalidState');
  const logger = deps.logger ?? silentLogger;
  const trace: SignInTrace = [...state.trace];
  registerSecret(secrets.clientSecret);
  registerSecret(secrets.device?.devicePassword);
  let engine: Engine | undefined;
  try {
    if (answer?.name !== state.challengeName) {
      throw new UserFacingError(`Cognito is waiting for an answer to ${state.challengeName}, not ${String(answer?.name)}.`, 'InvalidInput');
    }
    if (state.deviceKey && secrets.device && secrets.device.deviceKey !== state.deviceKey) {
      throw new UserFacingError('The device secrets passed do not belong to the device this sign-in started with; start again.', 'InvalidInput');
    }
    engine = await openEngine(
      {
        connection: state.connection,
        flow: state.flow,
        clientSecret: secrets.clientSecret,
        device: secrets.device,
        clientMetadata: state.clientMetadata,
        profile: state.profile,
        typedUsername: state.typedUsername,
        username: state.username,
        issuer: state.issuer,
        trace,
      },
      secrets.credentials,
      deps,
    );
    return await answerOnce(engine, state, answer);
  } catch (err) {
    const failure = failureOf(err, { ...errorContext(state.connection, state.typedUsername, state.deviceKey), action: 'answer the sign-in challenge' }, state.flow === 'admin' ? state.profile : undefined);
    logger.warn(`sign-in challenge failed (${failure.code}): ${failure.message}`);
    throw withTrace(failure, trace);
  } finally {
    engine?.idp.destroy();
  }
}
