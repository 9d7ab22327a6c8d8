/** Identity pools of a region for the admin view: providers, roles, role mappings, guest access. */
import { explainError } from '../errors';
import { withIdentity, type AdminTarget, type CallOptions } from './adminTarget';

export interface IdentityPoolSummary {
  id: string;
  name: string;
}

export interface RoleMappingRule {
  claim: string;
  matchType: string;
  value: string;
  roleArn: string;
}

export interface RoleMappingInfo {
  /** Token: roles from the token's cognito:preferred_role / cognito:roles; Rules: the rules below. */
  type: string;
  ambiguousRoleResolution?: string;
  rules: RoleMappingRule[];
}

export interface IdentityPoolDetails extends IdentityPoolSummary {
  allowUnauthenticated: boolean;
  allowClassicFlow: boolean;
  cognitoProviders: { providerName: string; clientId: string; serverSideTokenCheck: boolean }[];
  /** Social providers: provider domain -> app id. */
  supportedLoginProviders: Record<string, string>;
  developerProviderName?: string;
  openIdConnectProviders: string[];
  samlProviders: string[];
  /** 'authenticated' / 'unauthenticated' -> role ARN. */
  roles: Record<string, string>;
  /** Provider name (cognito-idp.REGION.amazonaws.com/POOL:CLIENT) -> mapping. */
  roleMappings: Record<string, RoleMappingInfo>;
  /** Set when GetIdentityPoolRoles failed (the rest still shows). */
  rolesError?: string;
}

/** One page of the region's identity pools (at most 60). */
export async function listIdentityPools(t: AdminTarget, opts: CallOptions & { nextToken?: string; maxResults?: number } = {}): Promise<{ pools: IdentityPoolSummary[]; nextToken?: string }> {
  const out = await withIdentity(t, { action: `list the identity pools in ${t.region}` }, ({ sdk, client }) =>
    client.send(new sdk.ListIdentityPoolsCommand({ MaxResults: Math.min(opts.maxResults ?? 60, 60), NextToken: opts.nextToken }), { abortSignal: opts.signal }),
  );
  return {
    pools: (out.IdentityPools ?? []).map((p) => ({ id: p.IdentityPoolId ?? '', name: p.IdentityPoolName ?? '' })),
    ...(out.NextToken ? { nextToken: out.NextToken } : {}),
  };
}

/** An identity pool with its providers and roles (DescribeIdentityPool + GetIdentityPoolRoles). */
export async function describeIdentityPool(t: AdminTarget, id: string, opts: CallOptions = {}): Promise<IdentityPoolDetails> {
  const ctx = { identityPoolId: id, action: `describe identity pool ${id}` };
  const [pool, roles] = await Promise.all([
    withIdentity(t, ctx, ({ sdk, client }) => client.send(new sdk.DescribeIdentityPoolCommand({ IdentityPoolId: id }), { abortSignal: opts.signal })),
    withIdentity(t, { ...ctx, action: `read the roles of identity pool ${id}` }, ({ sdk, client }) =>
      client.send(new sdk.GetIdentityPoolRolesCommand({ IdentityPoolId: id }), { abortSignal: opts.signal }),
    ).then((r) => ({ ok: r }), (err: unknown) => ({ err })),
  ]);
  const mappings: Record<string, RoleMappingInfo> = {};
  const got = 'ok' in roles ? roles.ok : undefined;
  for (const [provider, m] of Object.entries(got?.RoleMappings ?? {})) {
    mappings[provider] = {
      type: m.Type ?? 'Token',
      ...(m.AmbiguousRoleResolution ? { ambiguousRoleResolution: m.AmbiguousRoleResolution } : {}),
      rules: (m.RulesConfiguration?.Rules ?? []).map((r) => ({ claim: r.Claim ?? '', matchType: r.MatchType ?? '', value: r.Value ?? '', roleArn: r.RoleARN ?? '' })),
    };
  }
  return {
    id: pool.IdentityPoolId ?? id,
    name: pool.IdentityPoolName ?? '',
    allowUnauthenticated: Boolean(pool.AllowUnauthenticatedIdentities),
    allowClassicFlow: Boolean(pool.AllowClassicFlow),
    cognitoProviders: (pool.CognitoIdentityProviders ?? []).map((p) => ({ providerName: p.ProviderName ?? '', clientId: p.ClientId ?? '', serverSideTokenCheck: Boolean(p.ServerSideTokenCheck) })),
    supportedLoginProviders: pool.SupportedLoginProviders ?? {},
    ...(pool.DeveloperProviderName ? { developerProviderName: pool.DeveloperProviderName } : {}),
    openIdConnectProviders: pool.OpenIdConnectProviderARNs ?? [],
    samlProviders: pool.SamlProviderARNs ?? [],
    roles: got?.Roles ?? {},
    roleMappings: mappings,
    ...('err' in roles ? { rolesError: explainError(roles.err) } : {}),
  };
}
