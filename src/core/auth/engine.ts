/** One running sign-in step: the client and secrets of this call, and the traced Cognito requests every flow and challenge sends. */
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoIdpClient, targetOf, type AwsCredentials } from '../aws';
import type { Connection } from '../connection';
import { toUserFacing, UserFacingError } from '../errors';
import { UserPoolClient, type UnsignedOperation } from '../userPoolClient';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import { outcomeOf, redactParameters, type SignInTrace, type SignInTraceEntry, type TracedOperation } from './trace';
import { secretHash } from './secretHash';
import type { DeviceSecrets, SignInDeps, SignInFlow } from './signInTypes';

export interface CognitoAnswer {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, unknown>;
  AuthenticationResult?: AuthenticationResultType;
  Session?: string;
  AvailableChallenges?: string[];
}

/** Where a step's requests go: the unsigned JSON client, or (admin flow, signed with AWS credentials) the SDK's. */
export interface IdpSender {
  send(operation: TracedOperation, input: object): Promise<unknown>;
  destroy(): void;
}

/** One running step: its client, the secrets of this call, and the state being built. */
export interface Engine {
  idp: IdpSender;
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

/** Attaches the sign-in trace to a failure, so the host can show what was sent up to the error. */
export function withTrace(err: UserFacingError, trace: SignInTrace): UserFacingError {
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

export async function openEngine(
  base: Omit<Engine, 'idp' | 'clock' | 'logger'>,
  credentials: AwsCredentials | undefined,
  deps: SignInDeps,
): Promise<Engine> {
  const idp = base.flow === 'admin' ? await adminSender(base.connection, credentials, base.profile) : unsignedSender(base.connection);
  return { ...base, idp, clock: deps.clock ?? systemClock, logger: deps.logger ?? silentLogger };
}

function unsignedSender(connection: Connection): IdpSender {
  const client = new UserPoolClient(targetOf(connection));
  return { send: (operation, input) => client.send(operation as UnsignedOperation, input as never), destroy: () => client.destroy() };
}

async function adminSender(connection: Connection, credentials: AwsCredentials | undefined, profile: string | undefined): Promise<IdpSender> {
  const { sdk, client } = await cognitoIdpClient({ ...targetOf(connection, credentials), ...(profile ? { profile } : {}) }, true);
  const commands = sdk as unknown as Record<string, new (input: object) => never>;
  return { send: (operation, input) => client.send(new commands[`${operation}Command`](input)), destroy: () => client.destroy() };
}

export function hash(e: Engine, username: string): Record<string, string> {
  return e.clientSecret ? { SECRET_HASH: secretHash(e.clientSecret, username, e.connection.clientId) } : {};
}

/** Sends one request, recording it in the trace (names, redacted values, outcome) and the log. */
export async function traced<T extends object>(
  e: Engine,
  operation: TracedOperation,
  input: object,
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
    const out = (await e.idp.send(operation, input)) as T;
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
export async function respond(e: Engine, challengeName: string, responses: Record<string, string>, session: string | undefined): Promise<CognitoAnswer> {
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
  if (e.flow === 'admin') {
    return traced(e, 'AdminRespondToAuthChallenge', { ...common, UserPoolId: e.connection.userPoolId }, {
      challengeName,
      parameters: ChallengeResponses,
      session,
    });
  }
  return traced(e, 'RespondToAuthChallenge', common, { challengeName, parameters: ChallengeResponses, session });
}

export function param(params: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = params?.[name];
  return typeof v === 'string' && v ? v : undefined;
}

export function required(params: Record<string, unknown> | undefined, name: string, challenge: string): string {
  const value = param(params, name);
  if (!value) throw new UserFacingError(`Cognito's ${challenge} challenge is missing ${name}; the endpoint may not support this sign-in flow. Try the password flow.`, 'MalformedChallenge');
  return value;
}

/** A list parameter: Cognito sends JSON text ('["SMS_MFA"]'); emulators sometimes a real array. */
export function listParam(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || !value.trim()) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return value.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

export function objectParam(value: unknown): Record<string, string> {
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
export function absorbUsername(e: Engine, answer: CognitoAnswer): void {
  const next = param(answer.ChallengeParameters, 'USERNAME') ?? param(answer.ChallengeParameters, 'USER_ID_FOR_SRP');
  if (next) e.username = next;
}

/** The admin flow's credentials come from a profile; name it when it gave none. */
export function failureOf(err: unknown, ctx: ReturnType<typeof errorContext>, profile: string | undefined): UserFacingError {
  if (profile && (err as { name?: string })?.name === 'CredentialsProviderError') {
    return new UserFacingError(
      `Could not get AWS credentials from profile "${profile}" for the admin sign-in; check that the profile exists in ~/.aws/credentials or ~/.aws/config (or run aws sso login --profile ${profile}).`,
      'CredentialsProviderError',
      { cause: err },
    );
  }
  return toUserFacing(err, ctx);
}

export function errorContext(connection: Connection, username: string, deviceKey?: string) {
  return {
    action: 'sign in',
    userPoolId: connection.userPoolId,
    clientId: connection.clientId,
    endpointUrl: connection.endpointUrl,
    username,
    ...(deviceKey ? { deviceKey } : {}),
  };
}

export function nonEmpty(value: string | undefined, what: string): string {
  const v = (value ?? '').trim();
  if (!v) throw new UserFacingError(`Enter the ${what}.`, 'InvalidInput');
  return v;
}
