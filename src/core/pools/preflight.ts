/** Which sign-in attempts against a pool and app client will fail, and why, before anyone tries. */
import type { AppClientDetails, PoolDetails } from './pools';

export interface PreflightWarning {
  severity: 'error' | 'warning' | 'info';
  sentence: string;
}

// What Cognito allows when a client lists no flows at all.
const DEFAULT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
// Legacy flow names still returned for old clients.
const LEGACY: Record<string, string> = {
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
};

/** The client's flows in their ALLOW_ form, with Cognito's defaults when none are listed. */
export function allowedFlows(client: Pick<AppClientDetails, 'explicitAuthFlows'>): Set<string> {
  const listed = client.explicitAuthFlows.map((f) => LEGACY[f] ?? f);
  const flows = new Set(listed.length ? listed : DEFAULT_FLOWS);
  // Legacy clients always allowed SRP and refresh alongside the one named flow.
  if (client.explicitAuthFlows.some((f) => LEGACY[f])) ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'].forEach((f) => flows.add(f));
  return flows;
}

const CUSTOM_TRIGGERS = ['DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse'];

/** Warnings for signing in to `pool` through `client`, most serious first. */
export function preflight(pool: PoolDetails, client: AppClientDetails): PreflightWarning[] {
  const out: PreflightWarning[] = [];
  const add = (severity: PreflightWarning['severity'], sentence: string) => out.push({ severity, sentence });
  const flows = allowedFlows(client);
  const userFlows = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'];
  if (!userFlows.some((f) => flows.has(f))) add('error', 'No sign-in flow is enabled on this client: every sign-in will fail until one is turned on under "Authentication flows".');
  if (!flows.has('ALLOW_USER_SRP_AUTH')) add('warning', 'USER_SRP_AUTH is not enabled on this client: Sign In with SRP will fail.');
  if (!flows.has('ALLOW_USER_PASSWORD_AUTH')) add('info', 'USER_PASSWORD_AUTH is not enabled on this client: the password flow will fail (SRP does not need it).');
  if (!flows.has('ALLOW_ADMIN_USER_PASSWORD_AUTH')) add('info', 'ADMIN_USER_PASSWORD_AUTH is not enabled on this client: the admin flow will fail.');
  if (!flows.has('ALLOW_REFRESH_TOKEN_AUTH')) add('warning', 'REFRESH_TOKEN_AUTH is not enabled on this client: sessions cannot be refreshed, so users must sign in again when their tokens expire.');
  if (flows.has('ALLOW_CUSTOM_AUTH')) {
    const missing = CUSTOM_TRIGGERS.filter((t) => !pool.triggers[t]);
    if (missing.length === CUSTOM_TRIGGERS.length) {
      if (client.explicitAuthFlows.length) add('warning', 'CUSTOM_AUTH is enabled but the pool has no auth-challenge Lambda triggers: custom sign-in will fail.');
    } else if (missing.length) {
      add('error', `CUSTOM_AUTH needs the ${missing.join(' and ')} trigger${missing.length > 1 ? 's' : ''} as well: custom sign-in will fail.`);
    }
  }
  if (client.hasSecret) add('warning', 'This client has a secret: add it to the connection, or every sign-in will fail with "Unable to verify secret hash".');
  if (client.readAttributes.length) {
    const important = new Set(['email', 'phone_number', ...pool.usernameAttributes, ...pool.aliasAttributes.filter((a) => a !== 'preferred_username')]);
    // sub is in every token whatever the client may read.
    for (const s of pool.schema) if (s.required && s.name !== 'sub') important.add(s.name);
    for (const attr of important) {
      if (!client.readAttributes.includes(attr) && pool.schema.some((s) => s.name === attr)) add('warning', `${attr} is not readable by this client: it will be missing from the ID token.`);
    }
  }
  if (client.writeAttributes.length) {
    for (const s of pool.schema) {
      if (s.required && s.mutable && s.name !== 'sub' && !client.writeAttributes.includes(s.name)) add('warning', `${s.name} is required by the pool but this client cannot write it: sign-up and new-password answers that need it will fail.`);
    }
  }
  if (pool.mfa === 'ON') add('info', 'MFA is required in this pool: every sign-in asks for a code (or for MFA setup the first time).');
  if (pool.deviceTracking?.challengeRequiredOnNewDevice) add('info', 'The pool challenges new devices: a sign-in from a device it does not remember asks for MFA.');
  if (client.refreshTokenRotation) add('info', 'This client rotates refresh tokens: turn on refresh-token rotation in the connection, or refreshing will fail.');
  if (!client.tokenRevocation) add('info', 'Token revocation is off for this client: Revoke will fail; signing out only forgets the tokens here.');
  if (pool.usernameAttributes.length) add('info', `Users sign in with their ${pool.usernameAttributes.join(' or ')}; Cognito's username for them is a generated id.`);
  if (pool.adminCreateUserOnly) add('info', 'Only administrators can create users in this pool: Sign Up will fail.');
  for (const trigger of ['PreAuthentication', 'UserMigration', 'PreTokenGeneration']) {
    if (pool.triggers[trigger]) add('info', `A ${trigger} Lambda trigger runs on sign-in: if it fails or refuses, so does the sign-in.`);
  }
  const rank = { error: 0, warning: 1, info: 2 };
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
