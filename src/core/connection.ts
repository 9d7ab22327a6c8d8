import type { IdentityFlow } from './identity/credentials';
import type { DeveloperBackend } from './identity/developer';

/** Form (a) of developer-authenticated identities: the team's backend, and who logs in to it (the password is a secret). */
export interface DeveloperBackendSettings extends DeveloperBackend {
  username?: string;
}

/** Form (b): GetOpenIdTokenForDeveloperIdentity, signed with the developer's own AWS profile. */
export interface DeveloperIdentitySettings {
  providerName: string;
  userIdentifier?: string;
  /** Undefined: the default credential chain. */
  awsProfile?: string;
}

/**
 * A saved connection: everything needed to talk to one user pool app client and its identity pool. Holds no
 * secrets. A connection for guest or developer identities only may have no user pool (empty ids).
 */
export interface Connection {
  /** Stable id, used in secret keys and tree node ids. */
  id: string;
  name: string;
  region: string;
  userPoolId: string;
  clientId: string;
  identityPoolId?: string;
  /** For local emulators: every AWS call (and the JWKS) goes here instead of AWS. */
  endpointUrl?: string;
  /** True when a client secret is kept in SecretStorage for this connection. */
  hasClientSecret?: boolean;
  /** The app client rotates refresh tokens: refresh with GetTokensFromRefreshToken instead of REFRESH_TOKEN_AUTH. */
  refreshTokenRotation?: boolean;
  /**
   * Sent as ClientMetadata with every sign-in, refresh and self-service call of this connection, so the pool's
   * Lambda triggers can see it. Plain settings data, never a secret: the triggers (and their logs) receive it.
   */
  clientMetadata?: Record<string, string>;
  /** How credentials come from the identity pool; undefined: enhanced. */
  identityFlow?: IdentityFlow;
  developerBackend?: DeveloperBackendSettings;
  developerIdentity?: DeveloperIdentitySettings;
}

/** Guest and developer identities need no user pool sign-in. */
export function isIdentityOnly(conn: Pick<Connection, 'identityFlow'>): boolean {
  return conn.identityFlow === 'guest' || conn.identityFlow === 'developer';
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const POOL_ID = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)_[A-Za-z0-9]+$/;
// Emulators name pools `<word>_<id>` (cognito-local: `local_6mMsEx9W`); accepted only when an endpoint is set.
const EMULATOR_POOL_ID = /^([A-Za-z0-9-]{1,32})_[A-Za-z0-9]{1,64}$/;
const CLIENT_ID = /^[\w+]{1,128}$/;
const IDENTITY_POOL_ID = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d):[0-9a-f-]+$/;

/** Each validator returns undefined when the value is fine, else one sentence saying what to fix. */
export function validateName(value: string, taken: readonly string[] = []): string | undefined {
  const name = value.trim();
  if (!name) return 'Enter a name for this connection, for example "dev pool".';
  if (name.length > 64) return 'Keep the name to 64 characters or fewer.';
  if (taken.includes(name)) return `A connection named "${name}" already exists; choose another name.`;
  return undefined;
}

export function validateRegion(value: string): string | undefined {
  if (!REGION.test(value.trim())) return `"${value}" is not an AWS region; use a region code such as us-east-1.`;
  return undefined;
}

/**
 * A user pool id: strictly `<region>_<id>` for AWS; with an emulator endpoint (`endpoint` is its URL, or true while
 * the URL is still to be asked) any `<word>_<id>`. An id that starts with a region must still match `region`.
 */
export function validateUserPoolId(value: string, region?: string, endpoint?: string | boolean): string | undefined {
  const v = value.trim();
  const emulator = typeof endpoint === 'string' ? Boolean(endpoint.trim()) : Boolean(endpoint);
  const match = POOL_ID.exec(v);
  if (!match) {
    if (emulator && EMULATOR_POOL_ID.test(v)) return undefined;
    const hint = emulator ? ', or on an emulator word_id such as local_6mMsEx9W' : '; for an emulator such as cognito-local, set the endpoint URL';
    return `"${value}" is not a user pool id; it looks like us-east-1_AbC123xyz (region, underscore, id)${hint}.`;
  }
  if (region && match[1] !== region.trim()) {
    return `The pool id starts with ${match[1]} but the region is ${region.trim()}; a pool id always begins with its own region.`;
  }
  return undefined;
}

export function validateClientId(value: string): string | undefined {
  if (!CLIENT_ID.test(value.trim())) return 'An app client id is 1 to 128 letters, digits, underscores or plus signs; copy it from the pool\'s "App clients" page.';
  return undefined;
}

export function validateIdentityPoolId(value: string, region?: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const match = IDENTITY_POOL_ID.exec(v);
  if (!match) return `"${value}" is not an identity pool id; it looks like us-east-1:1a2b3c4d-... (region, colon, GUID).`;
  if (region && match[1] !== region.trim()) {
    return `The identity pool id starts with ${match[1]} but the region is ${region.trim()}; use an identity pool in the same region.`;
  }
  return undefined;
}

export function validateEndpointUrl(value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `"${value}" is not a URL; use something like http://127.0.0.1:5000, or leave it empty for AWS.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The endpoint URL must start with http:// or https://.';
  return undefined;
}

/** Cognito's own limits on ClientMetadata are loose; these keep a hand-edited setting sane. */
export const CLIENT_METADATA_MAX_KEYS = 50;
export const CLIENT_METADATA_MAX_LENGTH = 256;

/** ClientMetadata must be a JSON object of at most 50 non-empty string keys and values, each 256 characters or fewer. */
export function validateClientMetadata(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'clientMetadata must be an object of strings, for example {"tenant": "acme"}.';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > CLIENT_METADATA_MAX_KEYS) return `clientMetadata has ${entries.length} keys; keep it to ${CLIENT_METADATA_MAX_KEYS} or fewer.`;
  for (const [key, v] of entries) {
    if (!key) return 'clientMetadata has an empty key; give every entry a name.';
    if (key.length > CLIENT_METADATA_MAX_LENGTH) return `A clientMetadata key is longer than ${CLIENT_METADATA_MAX_LENGTH} characters; shorten it.`;
    if (typeof v !== 'string') return `clientMetadata "${key}" must be a string (it is ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}); quote the value.`;
    if (!v) return `clientMetadata "${key}" is empty; give it a value or remove it.`;
    if (v.length > CLIENT_METADATA_MAX_LENGTH) return `clientMetadata "${key}" is longer than ${CLIENT_METADATA_MAX_LENGTH} characters; shorten it.`;
  }
  return undefined;
}

/** Region of a pool id (`us-east-1_abc` -> `us-east-1`); undefined for an emulator's id such as `local_abc`. */
export function regionOfPool(userPoolId: string): string | undefined {
  const match = POOL_ID.exec(userPoolId.trim());
  return match ? match[1] : undefined;
}

/** AWS's two issuer forms (DescribeUserPool's IssuerConfiguration); both are real Cognito. */
export type AwsIssuerForm = 'ORIGINAL' | 'UPDATED';

/** The issuer URL of a pool in one of AWS's forms: ORIGINAL `cognito-idp.<region>`, UPDATED `issuer-cognito-idp.<region>`. */
export function awsIssuer(region: string, userPoolId: string, form: AwsIssuerForm = 'ORIGINAL'): string {
  return `https://${form === 'UPDATED' ? 'issuer-' : ''}cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The pool's ORIGINAL-form issuer (what moto also puts in its tokens). */
export function issuerOf(conn: Pick<Connection, 'region' | 'userPoolId'>): string {
  return awsIssuer(conn.region, conn.userPoolId);
}

const COGNITO_ISSUER = /^https:\/\/(issuer-)?cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([A-Za-z0-9-]+_[A-Za-z0-9]+)$/;
// An emulator's issuer: any http(s) origin and path whose last segment is a pool id (cognito-local, LocalStack).
const EMULATOR_ISSUER = /^https?:\/\/[^/?#\s]+(?:\/[^/?#\s]+)*\/([A-Za-z0-9-]{1,32}_[A-Za-z0-9]{1,64})$/;

/** Region, pool id and form of an AWS user pool issuer URL (either form), or undefined for any other issuer. */
export function parseCognitoIssuer(iss: unknown): { region: string; userPoolId: string; form: AwsIssuerForm } | undefined {
  const match = typeof iss === 'string' ? COGNITO_ISSUER.exec(iss) : null;
  return match ? { region: match[2], userPoolId: match[3], form: match[1] ? 'UPDATED' : 'ORIGINAL' } : undefined;
}

/**
 * The pool an issuer names: AWS forms always; an emulator's `<origin>/<poolId>` only when `emulator` is set (there is
 * an endpoint), as anything can be an origin. The region is known only for AWS forms and region-prefixed ids.
 */
export function poolOfIssuer(iss: unknown, emulator = false): { userPoolId: string; region?: string } | undefined {
  const aws = parseCognitoIssuer(iss);
  if (aws) return { userPoolId: aws.userPoolId, region: aws.region };
  const match = emulator && typeof iss === 'string' ? EMULATOR_ISSUER.exec(iss) : null;
  if (!match) return undefined;
  const region = regionOfPool(match[1]);
  return region ? { userPoolId: match[1], region } : { userPoolId: match[1] };
}

/** The provider name used as the key in an identity pool's Logins map. */
export function loginsProviderOf(conn: Pick<Connection, 'region' | 'userPoolId'>): string {
  return `cognito-idp.${conn.region}.amazonaws.com/${conn.userPoolId}`;
}

/** Where this pool's signing keys live: the emulator when an endpoint is configured, else AWS. */
export function jwksUrlOf(conn: Pick<Connection, 'region' | 'userPoolId' | 'endpointUrl'>): string {
  if (conn.endpointUrl) return `${conn.endpointUrl.replace(/\/+$/, '')}/${conn.userPoolId}/.well-known/jwks.json`;
  return `${issuerOf(conn)}/.well-known/jwks.json`;
}

/** Throws one readable sentence for the first invalid field. */
export function assertValidConnection(conn: Connection): void {
  const problem =
    validateRegion(conn.region) ??
    validateUserPoolId(conn.userPoolId, conn.region, conn.endpointUrl) ??
    validateClientId(conn.clientId) ??
    (conn.identityPoolId ? validateIdentityPoolId(conn.identityPoolId, conn.region) : undefined) ??
    (conn.endpointUrl ? validateEndpointUrl(conn.endpointUrl) : undefined) ??
    validateClientMetadata(conn.clientMetadata);
  if (problem) throw new Error(`Connection "${conn.name}": ${problem}`);
}
