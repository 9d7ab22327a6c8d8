/** Plain-language meanings of the claims Cognito puts in its tokens. */

export interface ClaimExplanation {
  claim: string;
  /** The value as text: dates as ISO 8601 plus the epoch, arrays comma-separated, objects as JSON. */
  value: string;
  meaning: string;
}

const MEANINGS: Record<string, string> = {
  sub: 'The user\'s unique, permanent id in the user pool (a UUID); use it, not the username, as a key.',
  iss: 'Issuer: the user pool that signed the token.',
  aud: 'Audience: the app client id the ID token was issued to.',
  client_id: 'The app client id the access token was issued to.',
  token_use: 'Which kind of token: "id" (who the user is) or "access" (what the user may call).',
  auth_time: 'When the user actually authenticated; stays the same when tokens are refreshed.',
  exp: 'Expiry: the token must not be accepted after this time.',
  iat: 'Issued at: when this token was created.',
  nbf: 'Not before: the token must not be accepted before this time.',
  jti: 'Unique id of this token.',
  origin_jti: 'Id of the original authentication; tokens refreshed from it share it, and revoking the refresh token revokes them all.',
  event_id: 'Id of the sign-in event that produced this token.',
  username: 'The user\'s username in the pool (access tokens).',
  'cognito:username': 'The user\'s username in the pool (ID tokens).',
  'cognito:groups': 'The user pool groups the user belongs to.',
  'cognito:roles': 'IAM role ARNs of the user\'s groups.',
  'cognito:preferred_role': 'The IAM role of the user\'s highest-precedence group; identity pools can use it.',
  'cognito:mfa_enabled': 'Whether MFA is enabled for the user.',
  email: 'The user\'s email address.',
  email_verified: 'Whether the email address has been verified.',
  phone_number: 'The user\'s phone number.',
  phone_number_verified: 'Whether the phone number has been verified.',
  name: 'The user\'s full name.',
  given_name: 'The user\'s given name.',
  family_name: 'The user\'s family name.',
  preferred_username: 'The name the user prefers to be shown.',
  nickname: 'The user\'s casual name.',
  locale: 'The user\'s locale.',
  zoneinfo: 'The user\'s time zone.',
  birthdate: 'The user\'s birth date.',
  gender: 'The user\'s gender.',
  picture: 'URL of the user\'s picture.',
  profile: 'URL of the user\'s profile page.',
  website: 'URL of the user\'s website.',
  address: 'The user\'s postal address.',
  updated_at: 'When the user\'s profile was last updated.',
  identities: 'Linked federated identities (social or SAML/OIDC providers) the user signed in with.',
  scope: 'OAuth scopes granted to this access token, space-separated.',
  version: 'Version of the access token format.',
  at_hash: 'Hash of the access token issued with this ID token, to bind the two.',
  nonce: 'The nonce the app sent in the authorization request, to prevent replay.',
  amr: 'Authentication methods used.',
  device_key: 'The remembered device that signed in.',
};

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

function valueText(claim: string, value: unknown): string {
  if (TIME_CLAIMS.has(claim) && typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value * 1000);
    if (!Number.isNaN(date.getTime())) return `${date.toISOString()} (${value})`;
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map(String).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One row per claim, in the payload's order, with a meaning for every Cognito claim and "custom claim" for the rest. */
export function explainClaims(payload: Record<string, unknown>): ClaimExplanation[] {
  return Object.entries(payload).map(([claim, value]) => ({
    claim,
    value: valueText(claim, value),
    meaning: MEANINGS[claim] ?? (claim.startsWith('custom:') ? 'Custom user attribute defined in the user pool.' : 'custom claim'),
  }));
}
