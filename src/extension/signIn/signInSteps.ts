/**
 * The sign-in steps the palette command and the sign-in panel share: gather the secrets a step needs, run the core's
 * state machine, record the trace of every step (success or failure), and finish: MFA preference, remembered device,
 * tokens into SecretStorage through the session manager.
 */
import { answerChallenge, signInTraceOf, startSignIn, type ChallengeAnswer, type SignInDone, type SignInFlow, type SignInState, type SignInStep, type UserAuthFactor } from '../../core/auth/flow';
import { confirmDevice, loadDevice, saveDevice, type DeviceSecrets } from '../../core/auth/devices';
import { setTotpPreferred } from '../../core/auth/mfa';
import type { SignInTrace } from '../../core/auth/trace';
import type { Connection } from '../../core/connection';
import { explainError, UserFacingError } from '../../core/errors';
import { registerSecret } from '../../core/redact';
import type { CommandDeps } from '../commands/deps';
import { sessionMsLeft, validFor } from '../session/format';
import { flowAuthName, outcomeOfStep } from '../panels/signInPanelState';
import type { SignInTraceStore } from './signInTrace';

export interface SignInHost {
  deps: CommandDeps;
  traces: SignInTraceStore;
}

export interface StartRequest {
  connection: Connection;
  username: string;
  password?: string;
  flow: SignInFlow;
  profile?: string;
  factor?: UserAuthFactor;
  rememberDevice: boolean;
}

/** One sign-in in progress: what later steps need, never a password. */
export interface Attempt {
  connection: Connection;
  username: string;
  flow: SignInFlow;
  rememberDevice: boolean;
  startedAt: number;
  state?: SignInState;
  /** Challenges answered so far plus the one shown. */
  challenges: number;
  trace: SignInTrace;
}

export interface Finished {
  username: string;
  validFor: string;
  mfaSetUp: boolean;
  device: 'none' | 'offered' | 'remembered';
  /** Cognito announced a device that is not remembered yet (rememberOffered can still do it). */
  offeredDevice?: { deviceKey: string; deviceGroupKey: string };
}

const lastUserKey = (connectionId: string) => `cognitoExplorer.lastUsername.${connectionId}`;
const tracksDevicesKey = (connectionId: string) => `cognitoExplorer.tracksDevices.${connectionId}`;

export function lastUsername(host: SignInHost, connectionId: string): string | undefined {
  return host.deps.context.globalState.get<string>(lastUserKey(connectionId));
}

/** Whether a sign-in through this connection has announced a new device (a non-secret flag in globalState). */
export function tracksDevices(host: SignInHost, connectionId: string): boolean {
  return host.deps.context.globalState.get<boolean>(tracksDevicesKey(connectionId)) === true;
}

async function clientSecretOf(host: SignInHost, conn: Connection): Promise<string | undefined> {
  if (!conn.hasClientSecret) return undefined;
  const secret = await host.deps.sessions.store.clientSecret(conn.id);
  if (!secret) throw new UserFacingError(`The client secret of "${conn.name}" is missing from SecretStorage; edit the connection and enter it again.`, 'MissingClientSecret');
  return secret;
}

async function deviceOf(host: SignInHost, conn: Connection, username: string): Promise<DeviceSecrets | undefined> {
  return loadDevice(host.deps.sessions.secrets, conn.id, username);
}

function record(host: SignInHost, attempt: Attempt, outcome: string): void {
  host.traces.record({
    connectionId: attempt.connection.id,
    connectionName: attempt.connection.name,
    connection: attempt.connection,
    username: attempt.username,
    flow: flowAuthName(attempt.flow),
    outcome,
    at: attempt.startedAt,
    trace: attempt.trace,
  });
}

/** Runs one core call, keeping its trace whether it answers or throws. */
async function traced(host: SignInHost, attempt: Attempt, run: () => Promise<SignInStep>): Promise<SignInStep> {
  try {
    const step = await run();
    attempt.trace = step.trace;
    if (step.kind === 'challenge') {
      attempt.state = step.state;
      attempt.challenges++;
    }
    record(host, attempt, outcomeOfStep(step));
    return step;
  } catch (err) {
    attempt.trace = signInTraceOf(err) ?? attempt.trace;
    record(host, attempt, outcomeOfStep({ error: explainError(err) }));
    throw err;
  }
}

/** Sends the first request of a sign-in; a failure is recorded in the trace and rethrown as a sentence. */
export async function beginSignIn(host: SignInHost, req: StartRequest): Promise<{ attempt: Attempt; step: SignInStep }> {
  registerSecret(req.password);
  const username = req.username.trim();
  const attempt: Attempt = {
    connection: req.connection,
    username,
    flow: req.flow,
    rememberDevice: req.rememberDevice,
    startedAt: host.deps.clock.now(),
    challenges: 0,
    trace: [],
  };
  const { logger, clock } = host.deps;
  const step = await traced(host, attempt, async () => {
    const clientSecret = await clientSecretOf(host, req.connection);
    const device = await deviceOf(host, req.connection, username);
    return startSignIn(
      {
        connection: req.connection,
        username,
        password: req.password,
        flow: req.flow,
        clientSecret,
        ...(req.connection.clientMetadata ? { clientMetadata: req.connection.clientMetadata } : {}),
        ...(device ? { device } : {}),
        ...(req.flow === 'admin' && req.profile ? { profile: req.profile } : {}),
        ...(req.flow === 'user-auth' && req.factor ? { preferredChallenge: req.factor } : {}),
      },
      { clock, logger },
    );
  });
  return { attempt, step };
}

/** Answers the challenge the attempt is waiting on; a wrong answer leaves the attempt where it was. */
export async function continueSignIn(host: SignInHost, attempt: Attempt, answer: ChallengeAnswer): Promise<SignInStep> {
  const state = attempt.state;
  if (!state) throw new UserFacingError('No sign-in is waiting for an answer; start again.', 'InvalidState');
  const { logger, clock } = host.deps;
  return traced(host, attempt, async () => {
    const clientSecret = await clientSecretOf(host, attempt.connection);
    const device = state.deviceKey ? await deviceOf(host, attempt.connection, attempt.username) : undefined;
    return answerChallenge(state, answer, { clientSecret, ...(device ? { device } : {}) }, { clock, logger });
  });
}

/** Confirms the device Cognito announced and keeps its secrets; the ConfirmDevice calls join the connection's trace. */
export async function rememberDevice(host: SignInHost, attempt: Attempt, accessToken: string, newDevice: { deviceKey: string; deviceGroupKey: string }): Promise<void> {
  const confirmed = await confirmDevice(attempt.connection, accessToken, newDevice, { remember: true, clock: host.deps.clock });
  attempt.trace = [...attempt.trace, ...confirmed.trace];
  await saveDevice(host.deps.sessions.secrets, attempt.connection.id, attempt.username, confirmed.device);
  record(host, attempt, 'signed in; device remembered');
  host.deps.logger.info(`Remembered this device for ${attempt.username} on "${attempt.connection.name}" (device key ${newDevice.deviceKey})`);
}

/** Saves the tokens and does what the sign-in asked for afterwards (authenticator app preferred, device remembered). */
export async function finishSignIn(host: SignInHost, attempt: Attempt, done: SignInDone): Promise<Finished> {
  const { sessions, context, logger, clock } = host.deps;
  const conn = attempt.connection;
  registerSecret(done.tokens.refreshToken);
  attempt.state = undefined;
  await sessions.save(conn.id, { username: done.username, tokens: done.tokens });
  await context.globalState.update(lastUserKey(conn.id), done.username);
  logger.info(`Signed in to "${conn.name}" as ${done.username} (${flowAuthName(attempt.flow)}${attempt.challenges ? `, ${attempt.challenges} challenge(s)` : ''})`);

  let mfaSetUp = false;
  if (done.mfaSetUp) {
    try {
      await setTotpPreferred(conn, done.tokens.accessToken);
      mfaSetUp = true;
    } catch (err) {
      logger.warn(`Signed in, but the authenticator app could not be made the preferred MFA: ${explainError(err)}`, err);
    }
  }

  let device: Finished['device'] = 'none';
  let offeredDevice: Finished['offeredDevice'];
  if (done.newDevice) {
    await context.globalState.update(tracksDevicesKey(conn.id), true);
    device = 'offered';
    offeredDevice = done.newDevice;
    if (attempt.rememberDevice) {
      try {
        await rememberDevice(host, attempt, done.tokens.accessToken, done.newDevice);
        device = 'remembered';
        offeredDevice = undefined;
      } catch (err) {
        logger.warn(`Signed in, but this device could not be remembered: ${explainError(err)}`, err);
      }
    }
  }
  return { username: done.username, validFor: validFor(sessionMsLeft(done.tokens, clock.now())), mfaSetUp, device, ...(offeredDevice ? { offeredDevice } : {}) };
}
