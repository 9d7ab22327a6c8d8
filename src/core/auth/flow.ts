/**
 * The sign-in state machine: `startSignIn` sends the first request and answers what needs no person
 * (PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER); every other challenge comes back as a
 * `Challenge` for the UI with a plain-JSON `SignInState`, which `answerChallenge` continues from.
 *
 * The state carries no secret but Cognito's short-lived Session: the password is used by the call that needs it
 * and dropped; the client secret and device secrets are passed again with each call.
 */
import type { AuthenticationResultType, NewDeviceMetadataType } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoIdpClient, targetOf, type AwsCredentials } from '../aws';
import type { Connection } from '../connection';
import { toUserFacing, UserFacingError } from '../errors';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import { forgetSecret, registerSecret } from '../redact';
import type { AuthTokens } from '../session';
import { tokensFrom, UnsupportedChallengeError } from './result';
import { secretHash } from './secretHash';
import { computeA, devicePasswordVerifier, formatTimestamp, generateSmallA, passwordVerifier } from './srp';
import { outcomeOf, redactParameters, type SignInTrace, type SignInTraceEntry, type TracedOperation } from './trace';

export type SignInFlow = 'srp' | 'password' | 'admin' | 'custom' | 'user-auth';
export const SIGN_IN_FLOWS: readonly SignInFlow[] = ['srp', 'password', 'admin', 'custom', 'user-auth'];

/** The factors of choice-based sign-in (USER_AUTH). */
export type UserAuthFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
const USER_AUTH_FACTORS: readonly string[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/** What a remembered device keeps in the host's SecretStore (see devices.ts). */
export interface DeviceSecrets {
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
}

export interface StartSignInRequest {
  connection: Connection;
  username: string;
  /**
   * Needed by srp, password and admin. With custom, a password makes the flow start with SRP
   * (CHALLENGE_NAME SRP_A) before the custom challenges; with user-auth it is used when PREFERRED_CHALLENGE is
   * PASSWORD or PASSWORD_SRP.
   */
  password?: string;
  /** Defaults to 'srp', so the password never leaves the machine. */
  flow?: SignInFlow;
  clientSecret?: string;
  /** Passed to the pool's Lambda triggers with every request. */
  clientMetadata?: Record<string, string>;
  /** user-auth: the factor to try first (PREFERRED_CHALLENGE). */
  preferredChallenge?: UserAuthFactor;
  /** A device remembered earlier: its key goes out as DEVICE_KEY and its secrets answer the device challenges. */
  device?: DeviceSecrets;
  /** admin: the AWS profile whose credentials sign AdminInitiateAuth (default credential chain when absent). */
  profile?: string;
  /** admin: explicit AWS credentials, instead of a profile. */
  credentials?: AwsCredentials;
  /** Issuer shown by authenticator apps for MFA setup; defaults to the connection's name. */
  issuer?: string;
}

/** Secrets a later step needs again; the host passes them from its SecretStore, never through the state. */
export interface StepSecrets {
  clientSecret?: string;
  device?: DeviceSecrets;
  credentials?: AwsCredentials;
}

export interface SignInDeps {
  clock?: Clock;
  logger?: Logger;
}

import type { ChallengeAnswer, CodeChallengeName } from '../../shared/challenges';

export type { ChallengeAnswer, CodeChallengeName };

export interface SelectableFactor {
  name: string;
  supported: boolean;
  /** Why an option cannot be used here (WEB_AUTHN). */
  note?: string;
}

/** What the UI must ask for. */
export type Challenge =
  | {
      name: 'NEW_PASSWORD_REQUIRED';
      /** Attribute names (without the "userAttributes." prefix) the new password must come with. */
      requiredAttributes: string[];
      /** The user's current attributes, to show. */
      userAttributes: Record<string, string>;
    }
  | {
      name: CodeChallengeName;
      /** Masked destination ("+*******1234", "a***@e***"), when Cognito sent a code. */
      destination?: string;
      deliveryMedium?: string;
    }
  | { name: 'SELECT_MFA_TYPE'; choices: string[] }
  | {
      name: 'MFA_SETUP';
      /** otpauth://totp/<issuer>:<username>?secret=...&issuer=..., for a QR code. */
      otpauthUri: string;
      /** The same secret as text, for typing into an authenticator app. */
      secretCode: string;
    }
  | { name: 'CUSTOM_CHALLENGE'; parameters: Record<string, string> }
  | { name: 'SELECT_CHALLENGE'; choices: SelectableFactor[] };

/** Plain JSON: safe to keep between UI steps (it holds Cognito's Session, valid for minutes, and nothing else secret). */
export interface SignInState {
  version: 1;
  connection: Connection;
  flow: SignInFlow;
  /** What the user typed. */
  typedUsername: string;
  /** The username Cognito expects in answers and SECRET_HASH (its USERNAME from the challenge parameters). */
  username: string;
  challengeName: string;
  session?: string;
  /** Non-secret parts of the challenge, needed to check the answer. */
  expected?: { requiredAttributes?: string[]; choices?: string[] };
  clientMetadata?: Record<string, string>;
  profile?: string;
  deviceKey?: string;
  issuer: string;
  trace: SignInTrace;
}

export interface SignInDone {
  kind: 'done';
  tokens: AuthTokens;
  /** What the user typed. */
  username: string;
  /** The username Cognito knows the user by (for SECRET_HASH on refresh). */
  cognitoUsername: string;
  /** Cognito tracks devices and this one is new: offer "remember this device" (confirmDevice). */
  newDevice?: { deviceKey: string; deviceGroupKey: string };
  /** Set when this sign-in registered an authenticator app; call setTotpPreferred(accessToken) to make it the MFA. */
  mfaSetUp?: 'SOFTWARE_TOKEN_MFA';
  trace: SignInTrace;
}

export interface SignInChallengeStep {
  kind: 'challenge';
  challenge: Challenge;
  state: SignInState;
  trace: SignInTrace;
}

export type SignInStep = SignInDone | SignInChallengeStep;

interface CognitoAnswer {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, unknown>;
  AuthenticationResult?: AuthenticationResultType;
  Session?: string;
  AvailableChallenges?: string[];
}

type IdpClient = Awaited<ReturnType<typeof cognitoIdpClient>>;

/** One running step: the SDK client, the secrets of this call, and the state being built. */
interface Engine {
  idp: IdpClient;
  connection: Connection;
  flow: SignInFlow;
  clock: Clock;
  logger: Logger;
  clientSecret?: string;
  device?: DeviceSecrets;
  clientMetadata?: Record<string, string>;
  profile?: string;
  typedUsername: string;
  username: string;
  issuer: string;
  trace: SignInTrace;
  mfaSetUp?: 'SOFTWARE_TOKEN_MFA';
}

const CODE_CHALLENGES: readonly string[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP'];
const WEB_AUTHN_NOTE = 'Passkey sign-in (WEB_AUTHN) is not supported in the editor; choose another way to sign in.';

/** Attaches the sign-in trace to a failure, so the host can show what was sent up to the error. */
function withTrace(err: UserFacingError, trace: SignInTrace): UserFacingError {
  Object.defineProperty(err, 'signInTrace', { value: trace, enumerable: false, configurable: true });
  return err;
}

/** The trace of a failed sign-in, when the error came from startSignIn/answerChallenge/signIn. */
export function signInTraceOf(err: unknown): SignInTrace | undefined {
  return (err as { signInTrace?: SignInTrace } | undefined)?.signInTrace;
}

function errorName(err: unknown): string {
  const e = err as { name?: string };
  return e?.name && e.name !== 'Error' ? e.name : 'Error';
}

async function openEngine(
  base: Omit<Engine, 'idp' | 'clock' | 'logger'>,
  credentials: AwsCredentials | undefined,
  deps: SignInDeps,
): Promise<Engine> {
  const admin = base.flow === 'admin';
  const idp = await cognitoIdpClient({ ...targetOf(base.connection, admin ? credentials : undefined), ...(admin && base.profile ? { profile: base.profile } : {}) }, admin);
  return { ...base, idp, clock: deps.clock ?? systemClock, logger: deps.logger ?? silentLogger };
}

function hash(e: Engine, username: string): Record<string, string> {
  return e.clientSecret ? { SECRET_HASH: secretHash(e.clientSecret, username, e.connection.clientId) } : {};
}

/** Sends one command, recording it in the trace (names, redacted values, outcome) and the log. */
async function traced<T extends object>(
  e: Engine,
  operation: TracedOperation,
  command: object,
  meta: { authFlow?: string; challengeName?: string; parameters: Record<string, unknown>; session?: string },
): Promise<T> {
  const entry: SignInTraceEntry = {
    at: e.clock.now(),
    operation,
    ...(meta.authFlow ? { authFlow: meta.authFlow } : {}),
    ...(meta.challengeName ? { challengeName: meta.challengeName } : {}),
    parameters: redactParameters({ ...meta.parameters, ...(meta.session ? { Session: meta.session } : {}) }, meta.challengeName),
    ...(e.clientMetadata && Object.keys(e.clientMetadata).length ? { clientMetadataKeys: Object.keys(e.clientMetadata) } : {}),
  };
  e.trace.push(entry);
  e.logger.info(`sign in: ${operation}${meta.authFlow ? ` ${meta.authFlow}` : ''}${meta.challengeName ? ` ${meta.challengeName}` : ''} on ${e.connection.userPoolId}`);
  try {
    const out = (await e.idp.client.send(command as never)) as T;
    const answer = out as CognitoAnswer & { Status?: string };
    entry.outcome = answer.Status ?? outcomeOf(answer);
    const returned = redactParameters({
      ...(answer.ChallengeParameters ?? {}),
      ...(answer.AvailableChallenges ? { AvailableChallenges: answer.AvailableChallenges } : {}),
    });
    if (Object.keys(returned).length) entry.returned = returned;
    e.logger.debug(`sign in: ${operation} answered ${entry.outcome}`);
    return out;
  } catch (err) {
    entry.outcome = `error ${errorName(err)}`;
    throw err;
  } finally {
    entry.durationMs = e.clock.now() - entry.at;
  }
}

/** RespondToAuthChallenge (AdminRespondToAuthChallenge in the admin flow) with USERNAME, SECRET_HASH and DEVICE_KEY added. */
async function respond(e: Engine, challengeName: string, responses: Record<string, string>, session: string | undefined): Promise<CognitoAnswer> {
  const ChallengeResponses: Record<string, string> = {
    USERNAME: e.username,
    ...responses,
    ...(e.device && !responses.DEVICE_KEY ? { DEVICE_KEY: e.device.deviceKey } : {}),
    ...hash(e, e.username),
  };
  const common = {
    ClientId: e.connection.clientId,
    ChallengeName: challengeName as never,
    ChallengeResponses,
    ...(session ? { Session: session } : {}),
    ...(e.clientMetadata ? { ClientMetadata: e.clientMetadata } : {}),
  };
  const { sdk } = e.idp;
  if (e.flow === 'admin') {
    return traced(e, 'AdminRespondToAuthChallenge', new sdk.AdminRespondToAuthChallengeCommand({ ...common, UserPoolId: e.connection.userPoolId }), {
      challengeName,
      parameters: ChallengeResponses,
      session,
    });
  }
  return traced(e, 'RespondToAuthChallenge', new sdk.RespondToAuthChallengeCommand(common), { challengeName, parameters: ChallengeResponses, session });
}

function param(params: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = params?.[name];
  return typeof v === 'string' && v ? v : undefined;
}

function required(params: Record<string, unknown> | undefined, name: string, challenge: string): string {
  const value = param(params, name);
  if (!value) throw new UserFacingError(`Cognito's ${challenge} challenge is missing ${name}; the endpoint may not support this sign-in flow. Try the password flow.`, 'MalformedChallenge');
  return value;
}

/** A list parameter: Cognito sends JSON text ('["SMS_MFA"]'); emulators sometimes a real array. */
function listParam(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || !value.trim()) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return value.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

function objectParam(value: unknown): Record<string, string> {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Cognito answers with the username it expects from here on (the internal one in email/alias pools). */
function absorbUsername(e: Engine, answer: CognitoAnswer): void {
  const next = param(answer.ChallengeParameters, 'USERNAME') ?? param(answer.ChallengeParameters, 'USER_ID_FOR_SRP');
  if (next) e.username = next;
}

interface SrpPending {
  password: string;
  a: bigint;
  A: bigint;
}

/** Starts SRP: the client's A, kept with the password only until PASSWORD_VERIFIER is answered. */
function beginSrp(password: string): SrpPending {
  const a = generateSmallA();
  return { password, a, A: computeA(a) };
}

async function answerPasswordVerifier(e: Engine, answer: CognitoAnswer, srp: SrpPending): Promise<CognitoAnswer> {
  const params = answer.ChallengeParameters;
  const userIdForSrp = required(params, 'USER_ID_FOR_SRP', 'PASSWORD_VERIFIER');
  // Cognito signs with its internal id but looks the user up by the USERNAME it gave back (they differ for email/alias sign-in).
  e.username = param(params, 'USERNAME') ?? userIdForSrp;
  const proof = passwordVerifier({
    userPoolId: e.connection.userPoolId,
    userIdForSrp,
    password: srp.password,
    a: srp.a,
    A: srp.A,
    srpB: required(params, 'SRP_B', 'PASSWORD_VERIFIER'),
    salt: required(params, 'SALT', 'PASSWORD_VERIFIER'),
    secretBlock: required(params, 'SECRET_BLOCK', 'PASSWORD_VERIFIER'),
    timestamp: formatTimestamp(new Date(e.clock.now())),
  });
  return respond(
    e,
    'PASSWORD_VERIFIER',
    { PASSWORD_CLAIM_SECRET_BLOCK: proof.secretBlock, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp },
    answer.Session,
  );
}

function deviceMissing(): UserFacingError {
  return new UserFacingError(
    'Cognito asked this device to prove it is remembered, but no device secrets are stored for this user here; forget the device in the pool (or sign in without it) and sign in again.',
    'DeviceNotRemembered',
  );
}

/** DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER, answered from the stored device secrets. */
async function answerDeviceChallenges(e: Engine, answer: CognitoAnswer): Promise<CognitoAnswer> {
  const device = e.device;
  if (!device) throw deviceMissing();
  const a = generateSmallA();
  const A = computeA(a);
  const challenge = await respond(e, 'DEVICE_SRP_AUTH', { DEVICE_KEY: device.deviceKey, SRP_A: A.toString(16) }, answer.Session);
  if (challenge.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER') return challenge;
  absorbUsername(e, challenge);
  const params = challenge.ChallengeParameters;
  const proof = devicePasswordVerifier({
    deviceGroupKey: device.deviceGroupKey,
    deviceKey: device.deviceKey,
    devicePassword: device.devicePassword,
    a,
    A,
    srpB: required(params, 'SRP_B', 'DEVICE_PASSWORD_VERIFIER'),
    salt: required(params, 'SALT', 'DEVICE_PASSWORD_VERIFIER'),
    secretBlock: required(params, 'SECRET_BLOCK', 'DEVICE_PASSWORD_VERIFIER'),
    timestamp: formatTimestamp(new Date(e.clock.now())),
  });
  return respond(
    e,
    'DEVICE_PASSWORD_VERIFIER',
    { DEVICE_KEY: device.deviceKey, PASSWORD_CLAIM_SECRET_BLOCK: proof.secretBlock, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp },
    challenge.Session,
  );
}

function otpauthUri(issuer: string, username: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

function stateOf(e: Engine, challengeName: string, session: string | undefined, expected?: SignInState['expected']): SignInState {
  return {
    version: 1,
    connection: e.connection,
    flow: e.flow,
    typedUsername: e.typedUsername,
    username: e.username,
    challengeName,
    ...(session ? { session } : {}),
    ...(expected ? { expected } : {}),
    ...(e.clientMetadata ? { clientMetadata: e.clientMetadata } : {}),
    ...(e.profile ? { profile: e.profile } : {}),
    ...(e.device ? { deviceKey: e.device.deviceKey } : {}),
    issuer: e.issuer,
    trace: e.trace,
  };
}

interface AdvanceOptions {
  srp?: SrpPending;
  /** The one-shot signIn(): stop at the first challenge a person must answer, without side effects. */
  noPeople?: boolean;
}

/** Answers what needs no person, then returns tokens or the next challenge for the UI. */
async function advance(e: Engine, first: CognitoAnswer, opts: AdvanceOptions = {}): Promise<SignInStep> {
  let answer = first;
  let srp = opts.srp;
  for (;;) {
    absorbUsername(e, answer);
    const name = answer.ChallengeName;
    if (!name) return done(e, answer.AuthenticationResult);
    if (name === 'PASSWORD_VERIFIER') {
      if (!srp) throw new UnsupportedChallengeError(name, 'it is part of SRP, which this request did not start');
      const pending = srp;
      srp = undefined;
      answer = await answerPasswordVerifier(e, answer, pending);
      continue;
    }
    if (name === 'DEVICE_SRP_AUTH') {
      answer = await answerDeviceChallenges(e, answer);
      continue;
    }
    if (opts.noPeople) throw new UnsupportedChallengeError(name);
    return challengeStep(e, answer);
  }
}

function done(e: Engine, result: AuthenticationResultType | undefined): SignInDone {
  const tokens = tokensFrom(result, e.clock, e.connection);
  const meta: NewDeviceMetadataType | undefined = result?.NewDeviceMetadata;
  return {
    kind: 'done',
    tokens,
    username: e.typedUsername,
    cognitoUsername: e.username,
    ...(meta?.DeviceKey && meta.DeviceGroupKey ? { newDevice: { deviceKey: meta.DeviceKey, deviceGroupKey: meta.DeviceGroupKey } } : {}),
    ...(e.mfaSetUp ? { mfaSetUp: e.mfaSetUp } : {}),
    trace: e.trace,
  };
}

async function challengeStep(e: Engine, answer: CognitoAnswer): Promise<SignInChallengeStep> {
  const name = answer.ChallengeName as string;
  const params = answer.ChallengeParameters ?? {};
  const step = (challenge: Challenge, session = answer.Session, expected?: SignInState['expected']): SignInChallengeStep => ({
    kind: 'challenge',
    challenge,
    state: stateOf(e, name, session, expected),
    trace: e.trace,
  });
  if (name === 'NEW_PASSWORD_REQUIRED') {
    const requiredAttributes = listParam(params.requiredAttributes).map((a) => a.replace(/^userAttributes\./, ''));
    const userAttributes = objectParam(params.userAttributes);
    // Cognito rejects these two when they are sent back, and they are not the user's to set.
    delete userAttributes.email_verified;
    delete userAttributes.phone_number_verified;
    return step({ name, requiredAttributes, userAttributes }, answer.Session, { requiredAttributes });
  }
  if (CODE_CHALLENGES.includes(name)) {
    const destination = param(params, 'CODE_DELIVERY_DESTINATION');
    const deliveryMedium = param(params, 'CODE_DELIVERY_DELIVERY_MEDIUM');
    return step({ name: name as CodeChallengeName, ...(destination ? { destination } : {}), ...(deliveryMedium ? { deliveryMedium } : {}) });
  }
  if (name === 'SELECT_MFA_TYPE') {
    const choices = listParam(params.MFAS_CAN_CHOOSE);
    return step({ name, choices }, answer.Session, { choices });
  }
  if (name === 'MFA_SETUP') {
    const canSetUp = listParam(params.MFAS_CAN_SETUP);
    if (canSetUp.length && !canSetUp.includes('SOFTWARE_TOKEN_MFA')) {
      throw new UserFacingError(
        `This user must set up MFA, and the pool offers only ${canSetUp.join(', ')}; the editor sets up authenticator apps (TOTP). Add a verified phone number or email to the user, or enable authenticator apps in the pool.`,
        'UnsupportedMfaSetup',
      );
    }
    const { sdk } = e.idp;
    const associated = await traced<{ SecretCode?: string; Session?: string }>(e, 'AssociateSoftwareToken', new sdk.AssociateSoftwareTokenCommand({ Session: answer.Session }), {
      parameters: {},
      session: answer.Session,
    });
    if (!associated.SecretCode) throw new UserFacingError('Cognito did not return an authenticator secret for MFA setup; try signing in again.', 'NoSecretCode');
    registerSecret(associated.SecretCode);
    return step(
      { name, otpauthUri: otpauthUri(e.issuer, e.typedUsername, associated.SecretCode), secretCode: associated.SecretCode },
      associated.Session ?? answer.Session,
    );
  }
  if (name === 'CUSTOM_CHALLENGE') {
    const parameters = objectParam(params);
    delete parameters.USERNAME;
    delete parameters.USER_ID_FOR_SRP;
    return step({ name, parameters });
  }
  if (name === 'SELECT_CHALLENGE') {
    const available = answer.AvailableChallenges?.length ? answer.AvailableChallenges : listParam(params.AvailableChallenges ?? params.availableChallenges);
    const choices = available.map((c): SelectableFactor => (c === 'WEB_AUTHN' ? { name: c, supported: false, note: WEB_AUTHN_NOTE } : { name: c, supported: USER_AUTH_FACTORS.includes(c) }));
    return step({ name, choices }, answer.Session, { choices: available });
  }
  throw new UnsupportedChallengeError(name, 'the editor does not know this challenge; complete it with the AWS CLI (respond-to-auth-challenge)');
}

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
  const { sdk } = e.idp;
  const base: Record<string, string> = { USERNAME: e.typedUsername, ...hash(e, e.typedUsername), ...(e.device ? { DEVICE_KEY: e.device.deviceKey } : {}) };
  const metadata = e.clientMetadata ? { ClientMetadata: e.clientMetadata } : {};
  const send = (authFlow: string, params: Record<string, string>) =>
    traced<CognitoAnswer>(e, 'InitiateAuth', new sdk.InitiateAuthCommand({ AuthFlow: authFlow as never, ClientId: e.connection.clientId, AuthParameters: params, ...metadata }), {
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
        new sdk.AdminInitiateAuthCommand({ AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', UserPoolId: e.connection.userPoolId, ClientId: e.connection.clientId, AuthParameters: params, ...metadata }),
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

/** The admin flow's credentials come from a profile; name it when it gave none. */
function failureOf(err: unknown, ctx: ReturnType<typeof errorContext>, profile: string | undefined): UserFacingError {
  if (profile && (err as { name?: string })?.name === 'CredentialsProviderError') {
    return new UserFacingError(
      `Could not get AWS credentials from profile "${profile}" for the admin sign-in; check that the profile exists in ~/.aws/credentials or ~/.aws/config (or run aws sso login --profile ${profile}).`,
      'CredentialsProviderError',
      { cause: err },
    );
  }
  return toUserFacing(err, ctx);
}

function errorContext(connection: Connection, username: string, deviceKey?: string) {
  return {
    action: 'sign in',
    userPoolId: connection.userPoolId,
    clientId: connection.clientId,
    endpointUrl: connection.endpointUrl,
    username,
    ...(deviceKey ? { deviceKey } : {}),
  };
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
    engine?.idp.client.destroy();
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

function nonEmpty(value: string | undefined, what: string): string {
  const v = (value ?? '').trim();
  if (!v) throw new UserFacingError(`Enter the ${what}.`, 'InvalidInput');
  return v;
}

function isState(value: unknown): value is SignInState {
  const s = value as SignInState | undefined;
  return Boolean(s && s.version === 1 && s.connection && typeof s.username === 'string' && typeof s.challengeName === 'string' && Array.isArray(s.trace));
}

async function answerOnce(e: Engine, state: SignInState, answer: ChallengeAnswer): Promise<SignInStep> {
  const { sdk } = e.idp;
  const session = state.session;
  switch (answer.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      if (!answer.newPassword) throw new UserFacingError('Enter the new password.', 'InvalidInput');
      const attributes = Object.fromEntries(Object.entries(answer.attributes ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
      const missing = (state.expected?.requiredAttributes ?? []).filter((name) => !(name in attributes));
      if (missing.length) throw new UserFacingError(`The pool requires ${missing.join(', ')} with the new password; fill ${missing.length === 1 ? 'it' : 'them'} in.`, 'MissingAttributes');
      const responses: Record<string, string> = { NEW_PASSWORD: answer.newPassword };
      for (const [name, value] of Object.entries(attributes)) responses[`userAttributes.${name}`] = value;
      return advance(e, await respond(e, 'NEW_PASSWORD_REQUIRED', responses, session));
    }
    case 'SMS_MFA':
    case 'SOFTWARE_TOKEN_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const code = nonEmpty(answer.code, 'code');
      return advance(e, await respond(e, answer.name, { [`${answer.name}_CODE`]: code }, session));
    }
    case 'SELECT_MFA_TYPE': {
      const choices = state.expected?.choices ?? [];
      if (choices.length && !choices.includes(answer.choice)) throw new UserFacingError(`Choose one of ${choices.join(', ')}.`, 'InvalidInput');
      return advance(e, await respond(e, 'SELECT_MFA_TYPE', { ANSWER: nonEmpty(answer.choice, 'MFA type') }, session));
    }
    case 'MFA_SETUP': {
      const code = nonEmpty(answer.code, 'code from the authenticator app');
      const friendly = answer.friendlyDeviceName?.trim();
      const verified = await traced<{ Status?: string; Session?: string }>(
        e,
        'VerifySoftwareToken',
        new sdk.VerifySoftwareTokenCommand({ Session: session, UserCode: code, ...(friendly ? { FriendlyDeviceName: friendly } : {}) }),
        { parameters: { UserCode: code, ...(friendly ? { FriendlyDeviceName: friendly } : {}) }, session },
      );
      if (verified.Status !== 'SUCCESS') throw new UserFacingError('The authenticator code was not accepted; check the device clock and enter a fresh code.', 'CodeMismatchException');
      e.mfaSetUp = 'SOFTWARE_TOKEN_MFA';
      return advance(e, await respond(e, 'MFA_SETUP', {}, verified.Session ?? session));
    }
    case 'CUSTOM_CHALLENGE': {
      if (typeof answer.answer !== 'string' || answer.answer === '') throw new UserFacingError('Enter the answer to the challenge.', 'InvalidInput');
      registerSecret(answer.answer);
      try {
        return await advance(e, await respond(e, 'CUSTOM_CHALLENGE', { ANSWER: answer.answer }, session));
      } finally {
        forgetSecret(answer.answer);
      }
    }
    case 'SELECT_CHALLENGE': {
      const choice = nonEmpty(answer.choice, 'sign-in method');
      if (choice === 'WEB_AUTHN') throw new UserFacingError(WEB_AUTHN_NOTE, 'WebAuthnUnsupported');
      const offered = state.expected?.choices ?? [];
      if (offered.length && !offered.includes(choice)) throw new UserFacingError(`Choose one of ${offered.filter((c) => c !== 'WEB_AUTHN').join(', ')}.`, 'InvalidInput');
      if (choice === 'PASSWORD' || choice === 'PASSWORD_SRP') {
        if (!answer.password) throw new UserFacingError(`Enter the password for ${state.typedUsername}.`, 'InvalidInput');
        registerSecret(answer.password);
        try {
          if (choice === 'PASSWORD') return await advance(e, await respond(e, 'SELECT_CHALLENGE', { ANSWER: choice, PASSWORD: answer.password }, session));
          const srp = beginSrp(answer.password);
          return await advance(e, await respond(e, 'SELECT_CHALLENGE', { ANSWER: choice, SRP_A: srp.A.toString(16) }, session), { srp });
        } finally {
          forgetSecret(answer.password);
        }
      }
      return advance(e, await respond(e, 'SELECT_CHALLENGE', { ANSWER: choice }, session));
    }
    default:
      throw new UserFacingError(`"${String((answer as { name?: unknown }).name)}" is not a challenge this sign-in can answer.`, 'InvalidInput');
  }
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
    engine?.idp.client.destroy();
  }
}
