/** User pools, their app clients and groups as plain data: what the tree, the details panel and the CLI show. */
import type { LambdaConfigType, UserPoolClientType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { withIdp, type AdminTarget, type CallOptions } from './adminTarget';
import { toPoolUser, type PoolUser } from './userPages';

export { listIdentityPools, describeIdentityPool, type IdentityPoolSummary, type IdentityPoolDetails } from './identityPools';

export interface PageOptions extends CallOptions {
  nextToken?: string;
  maxResults?: number;
}

export interface PoolSummary {
  id: string;
  name: string;
  created?: Date;
  lastModified?: Date;
}

export interface SchemaAttribute {
  name: string;
  type?: string;
  required: boolean;
  mutable: boolean;
  custom: boolean;
  /** StringAttributeConstraints (String attributes). */
  minLength?: number;
  maxLength?: number;
  /** NumberAttributeConstraints (Number attributes). */
  minValue?: number;
  maxValue?: number;
}

export interface PasswordPolicy {
  minimumLength?: number;
  requireUppercase?: boolean;
  requireLowercase?: boolean;
  requireNumbers?: boolean;
  requireSymbols?: boolean;
  temporaryPasswordValidityDays?: number;
}

export interface PoolDetails extends PoolSummary {
  arn?: string;
  region: string;
  status?: string;
  tier?: string;
  estimatedUsers?: number;
  /** 'email' / 'phone_number' when users sign in with those instead of a username. */
  usernameAttributes: string[];
  aliasAttributes: string[];
  autoVerifiedAttributes: string[];
  usernameCaseSensitive?: boolean;
  mfa: 'OFF' | 'ON' | 'OPTIONAL';
  passwordPolicy: PasswordPolicy;
  deviceTracking?: { challengeRequiredOnNewDevice: boolean; onlyRememberedOnUserPrompt: boolean };
  /** Trigger name (PreSignUp, DefineAuthChallenge...) -> Lambda ARN. */
  triggers: Record<string, string>;
  schema: SchemaAttribute[];
  adminCreateUserOnly: boolean;
  deletionProtection?: string;
  domain?: string;
  customDomain?: string;
  /** ORIGINAL (cognito-idp.REGION.amazonaws.com) or UPDATED (issuer-cognito-idp...); absent: ORIGINAL. */
  issuerType?: string;
  /** The `iss` of this pool's tokens on AWS. */
  issuer: string;
  accountRecovery: string[];
}

export interface TokenValidity {
  value?: number;
  unit: string;
}

export interface AppClientDetails {
  id: string;
  name: string;
  poolId: string;
  /** True when the client has a secret (read it only with getClientSecret). */
  hasSecret: boolean;
  explicitAuthFlows: string[];
  readAttributes: string[];
  writeAttributes: string[];
  accessToken: TokenValidity;
  idToken: TokenValidity;
  refreshToken: TokenValidity;
  authSessionMinutes?: number;
  tokenRevocation: boolean;
  /** Refresh tokens are rotated (GetTokensFromRefreshToken returns a new one each time). */
  refreshTokenRotation: boolean;
  preventUserExistenceErrors?: string;
  supportedIdentityProviders: string[];
  callbackUrls: string[];
  logoutUrls: string[];
  oauthFlows: string[];
  oauthScopes: string[];
  created?: Date;
  lastModified?: Date;
}

export interface GroupSummary {
  name: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
  created?: Date;
  lastModified?: Date;
}

const dates = (created?: Date, lastModified?: Date) => ({
  ...(created ? { created: new Date(created) } : {}),
  ...(lastModified ? { lastModified: new Date(lastModified) } : {}),
});

/** One page of the region's user pools (ListUserPools, at most 60 a page). */
export async function listUserPools(t: AdminTarget, opts: PageOptions = {}): Promise<{ pools: PoolSummary[]; nextToken?: string }> {
  const out = await withIdp(t, { action: `list the user pools in ${t.region}` }, ({ sdk, client }) =>
    client.send(new sdk.ListUserPoolsCommand({ MaxResults: Math.min(opts.maxResults ?? 60, 60), NextToken: opts.nextToken }), { abortSignal: opts.signal }),
  );
  return {
    pools: (out.UserPools ?? []).map((p) => ({ id: p.Id ?? '', name: p.Name ?? '', ...dates(p.CreationDate, p.LastModifiedDate) })),
    ...(out.NextToken ? { nextToken: out.NextToken } : {}),
  };
}

function triggersOf(config: LambdaConfigType | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(config ?? {})) {
    if (typeof value === 'string' && value) out[name] = value;
    else if (value && typeof value === 'object' && typeof (value as { LambdaArn?: unknown }).LambdaArn === 'string') out[name] = (value as { LambdaArn: string }).LambdaArn;
  }
  return out;
}

/** A DescribeUserPool answer as PoolDetails (exported for recorded answers in tests). */
export function toPoolDetails(p: UserPoolType, region: string): PoolDetails {
  const pw = p.Policies?.PasswordPolicy;
  const id = p.Id ?? '';
  const updated = p.IssuerConfiguration?.Type === 'UPDATED';
  return {
    id,
    name: p.Name ?? '',
    ...dates(p.CreationDate, p.LastModifiedDate),
    ...(p.Arn ? { arn: p.Arn } : {}),
    region,
    ...(p.Status ? { status: p.Status } : {}),
    ...(p.UserPoolTier ? { tier: p.UserPoolTier } : {}),
    ...(p.EstimatedNumberOfUsers !== undefined ? { estimatedUsers: p.EstimatedNumberOfUsers } : {}),
    usernameAttributes: p.UsernameAttributes ?? [],
    aliasAttributes: p.AliasAttributes ?? [],
    autoVerifiedAttributes: p.AutoVerifiedAttributes ?? [],
    ...(p.UsernameConfiguration?.CaseSensitive !== undefined ? { usernameCaseSensitive: p.UsernameConfiguration.CaseSensitive } : {}),
    mfa: p.MfaConfiguration ?? 'OFF',
    passwordPolicy: {
      ...(pw?.MinimumLength !== undefined ? { minimumLength: pw.MinimumLength } : {}),
      ...(pw?.RequireUppercase !== undefined ? { requireUppercase: pw.RequireUppercase } : {}),
      ...(pw?.RequireLowercase !== undefined ? { requireLowercase: pw.RequireLowercase } : {}),
      ...(pw?.RequireNumbers !== undefined ? { requireNumbers: pw.RequireNumbers } : {}),
      ...(pw?.RequireSymbols !== undefined ? { requireSymbols: pw.RequireSymbols } : {}),
      ...(pw?.TemporaryPasswordValidityDays !== undefined ? { temporaryPasswordValidityDays: pw.TemporaryPasswordValidityDays } : {}),
    },
    ...(p.DeviceConfiguration
      ? { deviceTracking: { challengeRequiredOnNewDevice: Boolean(p.DeviceConfiguration.ChallengeRequiredOnNewDevice), onlyRememberedOnUserPrompt: Boolean(p.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt) } }
      : {}),
    triggers: triggersOf(p.LambdaConfig),
    schema: (p.SchemaAttributes ?? []).map((s) => ({
      name: s.Name ?? '',
      ...(s.AttributeDataType ? { type: s.AttributeDataType } : {}),
      required: Boolean(s.Required),
      mutable: s.Mutable !== false,
      custom: Boolean(s.Name?.startsWith('custom:')) || s.DeveloperOnlyAttribute === true,
      ...constraint('minLength', s.StringAttributeConstraints?.MinLength),
      ...constraint('maxLength', s.StringAttributeConstraints?.MaxLength),
      ...constraint('minValue', s.NumberAttributeConstraints?.MinValue),
      ...constraint('maxValue', s.NumberAttributeConstraints?.MaxValue),
    })),
    adminCreateUserOnly: Boolean(p.AdminCreateUserConfig?.AllowAdminCreateUserOnly),
    ...(p.DeletionProtection ? { deletionProtection: p.DeletionProtection } : {}),
    ...(p.Domain ? { domain: p.Domain } : {}),
    ...(p.CustomDomain ? { customDomain: p.CustomDomain } : {}),
    ...(p.IssuerConfiguration?.Type ? { issuerType: p.IssuerConfiguration.Type } : {}),
    issuer: `https://${updated ? 'issuer-cognito-idp' : 'cognito-idp'}.${region}.amazonaws.com/${id}`,
    accountRecovery: (p.AccountRecoverySetting?.RecoveryMechanisms ?? []).sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((m) => m.Name ?? '').filter(Boolean),
  };
}

/** Cognito sends schema constraints as strings; a missing or unreadable one is left out. */
function constraint<K extends string>(key: K, text: string | undefined): Partial<Record<K, number>> {
  const n = text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(n) ? ({ [key]: n } as Record<K, number>) : {};
}

/** Everything about a pool that matters for signing in and administering it (DescribeUserPool). */
export async function describeUserPool(t: AdminTarget, poolId: string, opts: CallOptions = {}): Promise<PoolDetails> {
  const out = await withIdp(t, { userPoolId: poolId, action: `describe user pool ${poolId}` }, ({ sdk, client }) =>
    client.send(new sdk.DescribeUserPoolCommand({ UserPoolId: poolId }), { abortSignal: opts.signal }),
  );
  return toPoolDetails(out.UserPool ?? {}, t.region);
}

/** One page of a pool's app clients. */
export async function listAppClients(t: AdminTarget, poolId: string, opts: PageOptions = {}): Promise<{ clients: { id: string; name: string }[]; nextToken?: string }> {
  const out = await withIdp(t, { userPoolId: poolId, action: `list the app clients of ${poolId}` }, ({ sdk, client }) =>
    client.send(new sdk.ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: Math.min(opts.maxResults ?? 60, 60), NextToken: opts.nextToken }), { abortSignal: opts.signal }),
  );
  return {
    clients: (out.UserPoolClients ?? []).map((c) => ({ id: c.ClientId ?? '', name: c.ClientName ?? '' })),
    ...(out.NextToken ? { nextToken: out.NextToken } : {}),
  };
}

function validity(value: number | undefined, unit: string | undefined, fallbackUnit: string): TokenValidity {
  return { ...(value !== undefined ? { value } : {}), unit: unit ?? fallbackUnit };
}

/** A DescribeUserPoolClient answer as AppClientDetails; the secret itself is dropped here. */
export function toAppClientDetails(c: UserPoolClientType): AppClientDetails {
  const units = c.TokenValidityUnits;
  return {
    id: c.ClientId ?? '',
    name: c.ClientName ?? '',
    poolId: c.UserPoolId ?? '',
    hasSecret: Boolean(c.ClientSecret),
    explicitAuthFlows: c.ExplicitAuthFlows ?? [],
    readAttributes: c.ReadAttributes ?? [],
    writeAttributes: c.WriteAttributes ?? [],
    accessToken: validity(c.AccessTokenValidity, units?.AccessToken, 'hours'),
    idToken: validity(c.IdTokenValidity, units?.IdToken, 'hours'),
    refreshToken: validity(c.RefreshTokenValidity, units?.RefreshToken, 'days'),
    ...(c.AuthSessionValidity !== undefined ? { authSessionMinutes: c.AuthSessionValidity } : {}),
    tokenRevocation: c.EnableTokenRevocation !== false,
    refreshTokenRotation: c.RefreshTokenRotation?.Feature === 'ENABLED',
    ...(c.PreventUserExistenceErrors ? { preventUserExistenceErrors: c.PreventUserExistenceErrors } : {}),
    supportedIdentityProviders: c.SupportedIdentityProviders ?? [],
    callbackUrls: c.CallbackURLs ?? [],
    logoutUrls: c.LogoutURLs ?? [],
    oauthFlows: c.AllowedOAuthFlows ?? [],
    oauthScopes: c.AllowedOAuthScopes ?? [],
    ...dates(c.CreationDate, c.LastModifiedDate),
  };
}

async function describeClientRaw(t: AdminTarget, poolId: string, clientId: string, opts: CallOptions): Promise<UserPoolClientType> {
  const out = await withIdp(t, { userPoolId: poolId, clientId, action: `describe app client ${clientId}` }, ({ sdk, client }) =>
    client.send(new sdk.DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }), { abortSignal: opts.signal }),
  );
  return out.UserPoolClient ?? {};
}

/** An app client's sign-in settings (DescribeUserPoolClient); `hasSecret` says whether it has a secret. */
export async function describeAppClient(t: AdminTarget, poolId: string, clientId: string, opts: CallOptions = {}): Promise<AppClientDetails> {
  return toAppClientDetails(await describeClientRaw(t, poolId, clientId, opts));
}

/** The client's secret, for SecretStorage only (never shown or logged); undefined for a public client. */
export async function getClientSecret(t: AdminTarget, poolId: string, clientId: string, opts: CallOptions = {}): Promise<string | undefined> {
  return (await describeClientRaw(t, poolId, clientId, opts)).ClientSecret || undefined;
}

/** One page of a pool's groups. */
export async function listGroups(t: AdminTarget, poolId: string, opts: PageOptions = {}): Promise<{ groups: GroupSummary[]; nextToken?: string }> {
  const out = await withIdp(t, { userPoolId: poolId, action: `list the groups of ${poolId}` }, ({ sdk, client }) =>
    client.send(new sdk.ListGroupsCommand({ UserPoolId: poolId, Limit: Math.min(opts.maxResults ?? 60, 60), NextToken: opts.nextToken }), { abortSignal: opts.signal }),
  );
  return {
    groups: (out.Groups ?? []).map((g) => ({
      name: g.GroupName ?? '',
      ...(g.Description ? { description: g.Description } : {}),
      ...(g.Precedence !== undefined ? { precedence: g.Precedence } : {}),
      ...(g.RoleArn ? { roleArn: g.RoleArn } : {}),
      ...dates(g.CreationDate, g.LastModifiedDate),
    })),
    ...(out.NextToken ? { nextToken: out.NextToken } : {}),
  };
}

/** One page of a group's members (ListUsersInGroup). */
export async function listGroupMembers(t: AdminTarget, poolId: string, group: string, opts: PageOptions = {}): Promise<{ users: PoolUser[]; nextToken?: string }> {
  const out = await withIdp(t, { userPoolId: poolId, action: `list the members of group ${group}` }, ({ sdk, client }) =>
    client.send(new sdk.ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: group, Limit: Math.min(opts.maxResults ?? 60, 60), NextToken: opts.nextToken }), { abortSignal: opts.signal }),
  );
  return { users: (out.Users ?? []).map(toPoolUser), ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
}
