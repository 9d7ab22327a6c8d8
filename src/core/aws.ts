/** The one place that builds SDK clients. SDK modules are imported on first use so activation stays cheap. */
import type { Connection } from './connection';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface ClientTarget {
  region: string;
  endpointUrl?: string;
  credentials?: AwsCredentials;
  /** A named AWS profile (shared config/credentials files) for signed calls when no credentials are given. */
  profile?: string;
}

// Calls that need no AWS signature (InitiateAuth, GetId, ...) still go through a signer; these are never sent as real keys.
const UNSIGNED_PLACEHOLDER: AwsCredentials = { accessKeyId: 'unsigned', secretAccessKey: 'unsigned' };

const MAX_ATTEMPTS = 3;
const REQUEST_TIMEOUT_MS = 15_000;

function baseConfig(target: ClientTarget, needsCredentials: boolean) {
  return {
    region: target.region,
    ...(target.endpointUrl ? { endpoint: target.endpointUrl.replace(/\/+$/, '') } : {}),
    maxAttempts: MAX_ATTEMPTS,
    ...(target.credentials ? { credentials: target.credentials } : needsCredentials ? {} : { credentials: UNSIGNED_PLACEHOLDER }),
    ...(target.profile && !target.credentials && needsCredentials ? { profile: target.profile } : {}),
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: 5_000 },
  };
}

export function targetOf(conn: Connection, credentials?: AwsCredentials): ClientTarget {
  return { region: conn.region, endpointUrl: conn.endpointUrl, credentials };
}

/** Cognito user pools (identity provider). Unauthenticated operations only unless credentials are given. */
export async function cognitoIdpClient(target: ClientTarget, needsCredentials = false) {
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  return { sdk, client: new sdk.CognitoIdentityProviderClient(baseConfig(target, needsCredentials)) };
}

/** Cognito identity pools (GetId, GetCredentialsForIdentity: unsigned; GetOpenIdTokenForDeveloperIdentity needs credentials). */
export async function cognitoIdentityClient(target: ClientTarget, needsCredentials = false) {
  const sdk = await import('@aws-sdk/client-cognito-identity');
  return { sdk, client: new sdk.CognitoIdentityClient(baseConfig(target, needsCredentials)) };
}

/** STS (AssumeRoleWithWebIdentity is unsigned). */
export async function stsClient(target: ClientTarget) {
  const sdk = await import('@aws-sdk/client-sts');
  return { sdk, client: new sdk.STSClient(baseConfig(target, false)) };
}

export async function s3Client(target: ClientTarget) {
  const sdk = await import('@aws-sdk/client-s3');
  return {
    sdk,
    client: new sdk.S3Client({ ...baseConfig(target, true), forcePathStyle: Boolean(target.endpointUrl) }),
  };
}
