/** The identity-pool half of `credentials`: which flow, which role, and the login each flow needs. */
import { validateIdentityPoolId, type Connection } from '../core/connection';
import { UserFacingError } from '../core/errors';
import {
  getCredentialsForUser,
  getDeveloperCredentials,
  getGuestCredentials,
  IDENTITY_FLOWS,
  regionOfIdentityPool,
  type FlowCredentials,
  type IdentityFlow,
} from '../core/identity/credentials';
import { developerTokenFromAws, developerTokenFromBackend, validateBackend, validateProviderName, type LoginFormat } from '../core/identity/developer';
import { roleChoiceProblem, rolesOfClaims, validateRoleArn } from '../core/identity/roles';
import { registerSecret } from '../core/redact';
import { decodeToken, normalizeToken } from '../core/tokens/decode';
import { check, endpointOf, need, passwordOf, poolOf, str, tokenFromStdin, UsageError, type CommandContext, type Options } from './common';

export const IDENTITY_OPTIONS: Options = {
  'identity-pool-id': { type: 'string' },
  'role-arn': { type: 'string' },
  // The name before --role-arn existed; same meaning.
  'custom-role-arn': { type: 'string' },
  flow: { type: 'string' },
  'identity-id': { type: 'string' },
  'developer-provider': { type: 'string' },
  'developer-user-id': { type: 'string' },
  profile: { type: 'string' },
  'login-url': { type: 'string' },
  'identity-url': { type: 'string' },
  'login-format': { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
};

export interface FlowResult {
  creds: FlowCredentials;
  /** Region and endpoint for the exports. */
  target: { region: string; endpointUrl?: string };
}

function flowOf(ctx: CommandContext, cmd: string): IdentityFlow {
  const flow = str(ctx.values, 'flow') ?? 'enhanced';
  if (!IDENTITY_FLOWS.includes(flow as IdentityFlow)) throw new UsageError(`--flow must be one of ${IDENTITY_FLOWS.join(', ')}, not "${flow}".`, cmd);
  return flow as IdentityFlow;
}

/** Runs the flow the flags ask for and returns the credentials (every secret registered for redaction). */
export async function credentialsFromFlags(ctx: CommandContext, cmd: string): Promise<FlowResult> {
  const identityPoolId = need(ctx.values, 'identity-pool-id', cmd);
  check(validateIdentityPoolId(identityPoolId), cmd);
  const flow = flowOf(ctx, cmd);
  const roleArn = str(ctx.values, 'role-arn') ?? str(ctx.values, 'custom-role-arn');
  if (roleArn) check(validateRoleArn(roleArn), cmd);
  const endpointUrl = endpointOf(ctx, cmd);
  const pool = { identityPoolId, endpointUrl };
  const target = { region: regionOfIdentityPool(identityPoolId) ?? 'us-east-1', endpointUrl };
  const done = (creds: FlowCredentials): FlowResult => {
    registerSecret(creds.secretAccessKey);
    registerSecret(creds.sessionToken);
    return { creds, target };
  };
  if (flow === 'guest') return done(await getGuestCredentials(pool, { identityId: str(ctx.values, 'identity-id') }));
  if (flow === 'developer') return done(await getDeveloperCredentials(pool, await developerLogin(ctx, cmd, identityPoolId, endpointUrl), { customRoleArn: roleArn }));

  const idToken = normalizeToken(await tokenFromStdin(ctx, cmd, 'ID token'));
  registerSecret(idToken);
  const decoded = decodeToken(idToken);
  if (decoded.kind === 'access') throw new UserFacingError('This is an access token; the identity pool needs the ID token.', 'WrongTokenUse');
  const userPool = poolOf(ctx, cmd, decoded);
  if (!userPool) throw new UserFacingError('The ID token does not name a Cognito user pool in its iss claim; pass --user-pool-id.', 'NoPool');
  // The enhanced flow passes the role on as CustomRoleArn: refuse one the token does not list before asking AWS.
  if (roleArn && flow === 'enhanced') {
    const problem = roleChoiceProblem(roleArn, rolesOfClaims(decoded.payload));
    if (problem) throw new UserFacingError(problem, 'RoleNotInToken');
  }
  const conn: Connection = { id: 'cli', name: 'cli', clientId: str(ctx.values, 'client-id') ?? '', identityPoolId, ...userPool };
  return done(await getCredentialsForUser(conn, idToken, { flow, customRoleArn: roleArn, identityId: str(ctx.values, 'identity-id') }));
}

/** The developer flow's token: from the team's backend (--login-url) or from AWS (--developer-provider). */
async function developerLogin(ctx: CommandContext, cmd: string, identityPoolId: string, endpointUrl: string | undefined) {
  const loginUrl = str(ctx.values, 'login-url');
  if (loginUrl) {
    const format = (str(ctx.values, 'login-format') ?? 'json') as LoginFormat;
    const backend = { loginUrl, identityUrl: str(ctx.values, 'identity-url'), loginFormat: format };
    check(validateBackend(backend), cmd);
    const username = need(ctx.values, 'username', cmd);
    return developerTokenFromBackend(backend, username, await passwordOf(ctx, username, cmd));
  }
  const providerName = str(ctx.values, 'developer-provider');
  if (!providerName) throw new UsageError('--flow developer needs --login-url (your backend) or --developer-provider with --developer-user-id (GetOpenIdTokenForDeveloperIdentity).', cmd);
  check(validateProviderName(providerName), cmd);
  return developerTokenFromAws({
    identityPoolId,
    providerName,
    userIdentifier: need(ctx.values, 'developer-user-id', cmd),
    identityId: str(ctx.values, 'identity-id'),
    endpointUrl,
    profile: str(ctx.values, 'profile'),
  });
}
