/** A saved connection: everything needed to talk to one user pool app client. Holds no secrets. */
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
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const POOL_ID = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)_[A-Za-z0-9]+$/;
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

export function validateUserPoolId(value: string, region?: string): string | undefined {
  const match = POOL_ID.exec(value.trim());
  if (!match) return `"${value}" is not a user pool id; it looks like us-east-1_AbC123xyz (region, underscore, id).`;
  if (region && match[1] !== region.trim()) {
    return `The pool id starts with ${match[1]} but the region is ${region.trim()}; a pool id always begins with its own region.`;
  }
  return undefined;
}

export function validateClientId(value: string): string | undefined {
  if (!CLIENT_ID.test(value.trim())) return 'An app client id is 1 to 128 letters, digits or underscores; copy it from the pool\'s "App clients" page.';
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

/** Region of a pool id (`us-east-1_abc` -> `us-east-1`). */
export function regionOfPool(userPoolId: string): string {
  return userPoolId.split('_')[0];
}

/** The issuer Cognito puts in every token of this pool (always the AWS URL, also on emulators). */
export function issuerOf(conn: Pick<Connection, 'region' | 'userPoolId'>): string {
  return `https://cognito-idp.${conn.region}.amazonaws.com/${conn.userPoolId}`;
}

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([A-Za-z0-9-]+_[A-Za-z0-9]+)$/;

/** Region and pool id of a Cognito user pool issuer URL, or undefined for any other issuer. */
export function parseCognitoIssuer(iss: unknown): { region: string; userPoolId: string } | undefined {
  const match = COGNITO_ISSUER.exec(String(iss ?? ''));
  return match ? { region: match[1], userPoolId: match[2] } : undefined;
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
    validateUserPoolId(conn.userPoolId, conn.region) ??
    validateClientId(conn.clientId) ??
    (conn.identityPoolId ? validateIdentityPoolId(conn.identityPoolId, conn.region) : undefined) ??
    (conn.endpointUrl ? validateEndpointUrl(conn.endpointUrl) : undefined) ??
    validateClientMetadata(conn.clientMetadata);
  if (problem) throw new Error(`Connection "${conn.name}": ${problem}`);
}
