/**
 * AWS credentials from an identity pool, in each of its flows: enhanced (GetCredentialsForIdentity), basic
 * (GetOpenIdToken, then STS AssumeRoleWithWebIdentity), guest (no login) and developer-authenticated (a token
 * that GetOpenIdTokenForDeveloperIdentity issued). A known identity id is reused, so GetId runs once per user.
 */
import { cognitoIdentityClient, stsClient, type AwsCredentials } from '../aws';
import { loginsProviderOf, type Connection } from '../connection';
import { UserFacingError, toUserFacing, type ErrorContext } from '../errors';
import type { IdentityCredentials } from '../session';
import { decodeToken } from '../tokens/decode';
import { rolesOfClaims } from './roles';

export type IdentityFlow = 'enhanced' | 'basic' | 'guest' | 'developer';
export const IDENTITY_FLOWS: readonly IdentityFlow[] = ['enhanced', 'basic', 'guest', 'developer'];

/** The Logins key for tokens from GetOpenIdTokenForDeveloperIdentity. */
export const DEVELOPER_LOGIN_PROVIDER = 'cognito-identity.amazonaws.com';

/** Credentials plus how they were obtained (kept with the session, so renewal repeats the same flow and role). */
export type FlowCredentials = IdentityCredentials & { flow: IdentityFlow; roleArn?: string };

/** What a developer-authenticated login yields: the identity it belongs to and an OpenID token for it. */
export interface DeveloperToken {
  identityId: string;
  token: string;
}

export interface CredentialsOptions {
  /** enhanced: CustomRoleArn (needs roles from the token); basic: the role to assume (default: cognito:preferred_role). */
  customRoleArn?: string;
  /** The identity id this user got before: GetId is skipped (and run again if the pool no longer knows it). */
  identityId?: string;
  flow?: 'enhanced' | 'basic';
  signal?: AbortSignal;
}

interface ExchangeRequest {
  flow: IdentityFlow;
  identityPoolId: string;
  endpointUrl?: string;
  logins?: Record<string, string>;
  identityId?: string;
  roleArn?: string;
  signal?: AbortSignal;
  ctx: ErrorContext;
}

/** The Logins map both calls send: the user pool's provider name -> the ID token. */
export function loginsFor(conn: Pick<Connection, 'region' | 'userPoolId'>, idToken: string): Record<string, string> {
  return { [loginsProviderOf(conn)]: idToken };
}

function requirePool(identityPoolId: string | undefined): string {
  const id = identityPoolId?.trim();
  if (!id) throw new UserFacingError('This connection has no identity pool; edit it and add the identity pool id.', 'NoIdentityPool');
  return id;
}

/**
 * Credentials for a signed-in user: enhanced flow by default, basic flow on request. Both calls are unsigned.
 * Throws a UserFacingError when the connection has no identity pool, no role can be chosen, or AWS refuses.
 */
export async function getCredentialsForUser(conn: Connection, idToken: string, opts: CredentialsOptions = {}): Promise<FlowCredentials> {
  const identityPoolId = requirePool(conn.identityPoolId);
  const flow = opts.flow ?? 'enhanced';
  let roleArn = opts.customRoleArn;
  if (flow === 'basic' && !roleArn) {
    roleArn = rolesOfClaims(decodeToken(idToken).payload).preferred;
    if (!roleArn) {
      throw new UserFacingError(
        'The basic flow needs a role to assume and the ID token names no preferred role (cognito:preferred_role): choose a role ARN, or use the enhanced flow.',
        'NoRoleForBasicFlow',
      );
    }
  }
  return exchange({
    flow,
    identityPoolId,
    endpointUrl: conn.endpointUrl,
    logins: loginsFor(conn, idToken),
    identityId: opts.identityId,
    roleArn,
    signal: opts.signal,
    ctx: { action: 'get AWS credentials', identityPoolId, userPoolId: conn.userPoolId, endpointUrl: conn.endpointUrl },
  });
}

/** Guest credentials: an unauthenticated identity (the pool must allow unauthenticated identities). */
export async function getGuestCredentials(
  pool: { identityPoolId?: string; endpointUrl?: string },
  opts: { identityId?: string; signal?: AbortSignal } = {},
): Promise<FlowCredentials> {
  const identityPoolId = requirePool(pool.identityPoolId);
  return exchange({ flow: 'guest', identityPoolId, endpointUrl: pool.endpointUrl, identityId: opts.identityId, signal: opts.signal, ctx: { action: 'get guest AWS credentials', identityPoolId, endpointUrl: pool.endpointUrl } });
}

/** Credentials for a developer-authenticated identity, from the token its backend (or GetOpenIdTokenForDeveloperIdentity) issued. */
export async function getDeveloperCredentials(
  pool: { identityPoolId?: string; endpointUrl?: string },
  login: DeveloperToken,
  opts: { customRoleArn?: string; signal?: AbortSignal } = {},
): Promise<FlowCredentials> {
  const identityPoolId = requirePool(pool.identityPoolId);
  return exchange({
    flow: 'developer',
    identityPoolId,
    endpointUrl: pool.endpointUrl,
    logins: { [DEVELOPER_LOGIN_PROVIDER]: login.token },
    identityId: login.identityId,
    roleArn: opts.customRoleArn,
    signal: opts.signal,
    ctx: { action: 'get AWS credentials for the developer identity', identityPoolId, endpointUrl: pool.endpointUrl },
  });
}

/** The pool no longer knows a remembered identity id (deleted, or it belongs to another login): get a new one. */
function staleIdentity(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  return e?.name === 'ResourceNotFoundException' || (e?.name === 'NotAuthorizedException' && !/expired|unauthenticated access/i.test(e.message ?? ''));
}

function roleRefusal(err: unknown, req: ExchangeRequest): UserFacingError | undefined {
  const e = err as { name?: string; message?: string };
  if (!req.roleArn || !/role/i.test(e?.message ?? '') || !/InvalidParameter|NotAuthorized|AccessDenied|InvalidIdentityPoolConfiguration/.test(e?.name ?? '')) return undefined;
  return new UserFacingError(
    `Identity pool ${req.identityPoolId} would not give the role ${req.roleArn}: it gives a chosen role only when its authenticated role selection takes roles from the token (or a rule) and the ID token lists that role in cognito:roles.`,
    'RoleNotAllowed',
    { cause: err },
  );
}

async function exchange(req: ExchangeRequest): Promise<FlowCredentials> {
  const region = regionOfIdentityPool(req.identityPoolId) ?? 'us-east-1';
  const target = { region, endpointUrl: req.endpointUrl };
  const opts = { abortSignal: req.signal };
  try {
    const { sdk, client } = await cognitoIdentityClient(target);
    try {
      const Logins = req.logins && Object.keys(req.logins).length ? req.logins : undefined;
      const getId = async (): Promise<string> => {
        const { IdentityId } = await client.send(new sdk.GetIdCommand({ IdentityPoolId: req.identityPoolId, ...(Logins ? { Logins } : {}) }), opts);
        if (!IdentityId) throw new UserFacingError('The identity pool returned no identity id; try again.', 'NoIdentityId');
        return IdentityId;
      };
      const enhanced = async (IdentityId: string): Promise<FlowCredentials> => {
        const out = await client.send(
          new sdk.GetCredentialsForIdentityCommand({ IdentityId, ...(Logins ? { Logins } : {}), ...(req.roleArn ? { CustomRoleArn: req.roleArn } : {}) }),
          opts,
        );
        const c = out.Credentials;
        return credentialsOf(req, out.IdentityId ?? IdentityId, c?.AccessKeyId, c?.SecretKey, c?.SessionToken, c?.Expiration);
      };
      const basic = async (IdentityId: string): Promise<FlowCredentials> => {
        const { Token } = await client.send(new sdk.GetOpenIdTokenCommand({ IdentityId, ...(Logins ? { Logins } : {}) }), opts);
        if (!Token) throw new UserFacingError('The identity pool returned no OpenID token; try again.', 'NoOpenIdToken');
        const sts = await stsClient(target);
        try {
          const out = await sts.client.send(
            new sts.sdk.AssumeRoleWithWebIdentityCommand({ RoleArn: req.roleArn, RoleSessionName: 'cognito-explorer', WebIdentityToken: Token }),
            opts,
          );
          const c = out.Credentials;
          return credentialsOf(req, IdentityId, c?.AccessKeyId, c?.SecretAccessKey, c?.SessionToken, c?.Expiration);
        } finally {
          sts.client.destroy();
        }
      };
      const run = async (identityId: string | undefined) => {
        const id = identityId ?? (await getId());
        return req.flow === 'basic' ? basic(id) : enhanced(id);
      };
      // A developer identity's id comes with its token; any other remembered id is only a shortcut past GetId.
      if (req.identityId && req.flow !== 'developer') {
        try {
          return await run(req.identityId);
        } catch (err) {
          if (req.signal?.aborted || !staleIdentity(err)) throw err;
        }
        return await run(undefined);
      }
      return await run(req.identityId);
    } finally {
      client.destroy();
    }
  } catch (err) {
    throw roleRefusal(err, req) ?? toUserFacing(err, req.ctx);
  }
}

function credentialsOf(
  req: ExchangeRequest,
  identityId: string,
  accessKeyId?: string,
  secretAccessKey?: string,
  sessionToken?: string,
  expiration?: Date,
): FlowCredentials {
  if (!accessKeyId || !secretAccessKey || !sessionToken) {
    throw new UserFacingError(
      req.flow === 'basic' ? `STS returned no credentials for ${req.roleArn}; check the role's trust policy.` : 'The identity pool returned no credentials; check its roles.',
      'NoCredentials',
    );
  }
  return {
    identityId,
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration: (expiration ?? new Date(Date.now() + 3600_000)).toISOString(),
    flow: req.flow,
    ...(req.roleArn ? { roleArn: req.roleArn } : {}),
  };
}

/** The SDK's shape of the same credentials (expiration as a Date), for ClientTarget.credentials. */
export function toAwsCredentials(creds: IdentityCredentials): AwsCredentials {
  return {
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration: new Date(creds.expiration),
  };
}

/** `us-east-1:guid` -> `us-east-1`. */
export function regionOfIdentityPool(id: string): string | undefined {
  const i = id.indexOf(':');
  return i > 0 ? id.slice(0, i) : undefined;
}
