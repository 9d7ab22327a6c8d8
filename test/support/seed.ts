/** Creates test data in moto through the AWS SDK: user pools, clients, users, groups, identity pools, buckets. */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type ExplicitAuthFlowsType,
  type UserPoolMfaType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export const REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
/** Meets Cognito's default password policy (length, upper, lower, digit, symbol). */
export const DEFAULT_PASSWORD = 'Corr3ct-Horse!';

const AUTH_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'];
// moto puts only these attributes in ID tokens, so every test client reads them.
const READ_ATTRIBUTES = ['email', 'email_verified', 'name', 'given_name', 'family_name', 'preferred_username', 'phone_number'];

function config(endpoint: string) {
  return { region: REGION, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 2 };
}
export function idpClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(config(endpoint));
}
export function identityClient(endpoint: string): CognitoIdentityClient {
  return new CognitoIdentityClient(config(endpoint));
}
export function s3(endpoint: string): S3Client {
  return new S3Client({ ...config(endpoint), forcePathStyle: true });
}

export interface PoolOptions {
  name: string;
  /** Users sign in with their email address; the username is then a generated sub. */
  emailAsUsername?: boolean;
  mfa?: UserPoolMfaType;
  /** Cognito's PasswordPolicy fields (MinimumLength, RequireSymbols...); absent: the emulator's default. */
  passwordPolicy?: Record<string, number | boolean>;
}

/** Returns the new pool's id (`us-east-1_...`). */
export async function createPool(endpoint: string, opts: PoolOptions): Promise<string> {
  const out = await idpClient(endpoint).send(
    new CreateUserPoolCommand({
      PoolName: opts.name,
      ...(opts.emailAsUsername ? { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] } : {}),
      ...(opts.mfa ? { MfaConfiguration: opts.mfa } : {}),
      ...(opts.passwordPolicy ? { Policies: { PasswordPolicy: opts.passwordPolicy } } : {}),
    }),
  );
  return out.UserPool!.Id!;
}

export interface SeededClient {
  id: string;
  name: string;
  /** Present only for clients created with a secret. */
  secret?: string;
}

/** `extra` adds request fields, e.g. token validities. */
export async function createClient(
  endpoint: string,
  poolId: string,
  opts: { name: string; secret?: boolean; extra?: Partial<CreateUserPoolClientCommandInput> },
): Promise<SeededClient> {
  const out = await idpClient(endpoint).send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: opts.name,
      GenerateSecret: Boolean(opts.secret),
      ExplicitAuthFlows: AUTH_FLOWS,
      ReadAttributes: READ_ATTRIBUTES,
      ...opts.extra,
    }),
  );
  const c = out.UserPoolClient!;
  return { id: c.ClientId!, name: opts.name, ...(c.ClientSecret ? { secret: c.ClientSecret } : {}) };
}

export interface SeededUser {
  /** What the user types to sign in (the email in an email-as-username pool). */
  username: string;
  password: string;
  email: string;
  /** The user's `sub`; in an email-as-username pool this is also Cognito's internal username. */
  sub: string;
  groups: string[];
}

export interface UserOptions {
  username: string;
  email: string;
  password?: string;
  /** Leave the password temporary, so the first sign-in gets NEW_PASSWORD_REQUIRED. */
  temporary?: boolean;
  groups?: string[];
  disabled?: boolean;
  attributes?: Record<string, string>;
}

export async function createUser(endpoint: string, poolId: string, opts: UserOptions): Promise<SeededUser> {
  const idp = idpClient(endpoint);
  const password = opts.password ?? DEFAULT_PASSWORD;
  const attributes = { email: opts.email, email_verified: 'true', ...opts.attributes };
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: opts.username,
      TemporaryPassword: password,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  if (!opts.temporary) {
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: opts.username, Password: password, Permanent: true }));
  }
  for (const group of opts.groups ?? []) {
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: opts.username, GroupName: group }));
  }
  if (opts.disabled) await idp.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: opts.username }));
  const got = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: opts.username }));
  const sub = got.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? got.Username!;
  return { username: opts.username, password, email: opts.email, sub, groups: opts.groups ?? [] };
}

export async function createGroup(endpoint: string, poolId: string, name: string, description?: string): Promise<string> {
  await idpClient(endpoint).send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: name, Description: description }));
  return name;
}

/** An identity pool trusting the given user pool app clients; returns its id (`us-east-1:guid`). */
export async function createIdentityPool(
  endpoint: string,
  opts: { name: string; providers: { poolId: string; clientId: string }[]; allowUnauthenticated?: boolean; developerProviderName?: string },
): Promise<string> {
  const out = await identityClient(endpoint).send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: opts.name,
      AllowUnauthenticatedIdentities: Boolean(opts.allowUnauthenticated),
      ...(opts.developerProviderName ? { DeveloperProviderName: opts.developerProviderName } : {}),
      CognitoIdentityProviders: opts.providers.map((p) => ({
        ProviderName: `cognito-idp.${REGION}.amazonaws.com/${p.poolId}`,
        ClientId: p.clientId,
        ServerSideTokenCheck: false,
      })),
    }),
  );
  return out.IdentityPoolId!;
}

/** Creates a bucket holding `objects` (key -> body); returns the bucket name. */
export async function createBucket(endpoint: string, name: string, objects: Record<string, string> = {}): Promise<string> {
  const client = s3(endpoint);
  await client.send(new CreateBucketCommand({ Bucket: name }));
  for (const [Key, Body] of Object.entries(objects)) {
    await client.send(new PutObjectCommand({ Bucket: name, Key, Body, ContentType: Key.endsWith('.csv') ? 'text/csv' : 'text/plain' }));
  }
  return name;
}

export interface Seeded {
  endpoint: string;
  region: typeof REGION;
  /** Pool where users sign in with a plain username. */
  pool: {
    id: string;
    name: string;
    publicClient: SeededClient;
    secretClient: SeededClient & { secret: string };
    groups: string[];
    /** Permanent password, groups admins + readers. */
    alice: SeededUser;
    /** Permanent password, group readers. */
    bob: SeededUser;
    /** Temporary password: first sign-in answers NEW_PASSWORD_REQUIRED. */
    newcomer: SeededUser;
    /** Disabled account. */
    disabled: SeededUser;
  };
  /** Pool where the email address is the username. */
  emailPool: {
    id: string;
    name: string;
    publicClient: SeededClient;
    secretClient: SeededClient & { secret: string };
    user: SeededUser;
  };
  identityPool: { id: string; name: string };
  bucket: { name: string; keys: string[] };
  otherBucket: { name: string; keys: string[] };
}

export const STANDARD_OBJECTS: Record<string, string> = {
  'reports/2026/q1.csv': 'quarter,revenue\nq1,100\n',
  'reports/2026/q2.csv': 'quarter,revenue\nq2,120\n',
  'reports/2025/q4.csv': 'quarter,revenue\nq4,90\n',
  'readme.txt': 'Seeded by test/support/seed.ts\n',
};

/**
 * The shared fixture: two pools (username / email-as-username), clients with and without a secret,
 * users with known passwords, groups, an identity pool trusting both public clients, and two buckets.
 * Bucket names are global in moto, so pass a distinct `bucketPrefix` when seeding twice without a reset.
 */
export async function seedStandard(endpoint: string, opts: { bucketPrefix?: string } = {}): Promise<Seeded> {
  const prefix = opts.bucketPrefix ?? 'seed';
  const poolName = 'explorer-usernames';
  const poolId = await createPool(endpoint, { name: poolName });
  const [publicClient, secretClient] = await Promise.all([
    createClient(endpoint, poolId, { name: 'web-public' }),
    createClient(endpoint, poolId, { name: 'server-secret', secret: true }),
  ]);
  const groups = [await createGroup(endpoint, poolId, 'admins', 'Administrators'), await createGroup(endpoint, poolId, 'readers', 'Read-only users')];
  const alice = await createUser(endpoint, poolId, {
    username: 'alice',
    email: 'alice@example.com',
    password: 'Alice-Passw0rd!',
    groups: ['admins', 'readers'],
    attributes: { given_name: 'Alice', family_name: 'Liddell', name: 'Alice Liddell' },
  });
  const bob = await createUser(endpoint, poolId, { username: 'bob', email: 'bob@example.com', password: 'Bob-Passw0rd!', groups: ['readers'] });
  const newcomer = await createUser(endpoint, poolId, { username: 'newcomer', email: 'newcomer@example.com', password: 'Temp-Passw0rd!', temporary: true });
  const disabled = await createUser(endpoint, poolId, { username: 'dora', email: 'dora@example.com', password: 'Dora-Passw0rd!', disabled: true });

  const emailPoolName = 'explorer-emails';
  const emailPoolId = await createPool(endpoint, { name: emailPoolName, emailAsUsername: true });
  const [emailPublic, emailSecret] = await Promise.all([
    createClient(endpoint, emailPoolId, { name: 'web-public' }),
    createClient(endpoint, emailPoolId, { name: 'server-secret', secret: true }),
  ]);
  const emailUser = await createUser(endpoint, emailPoolId, { username: 'erin@example.com', email: 'erin@example.com', password: 'Erin-Passw0rd!' });

  const identityPoolName = 'explorer_identities';
  const identityPoolId = await createIdentityPool(endpoint, {
    name: identityPoolName,
    providers: [
      { poolId, clientId: publicClient.id },
      { poolId: emailPoolId, clientId: emailPublic.id },
    ],
  });

  const bucketName = await createBucket(endpoint, `${prefix}-reports`, STANDARD_OBJECTS);
  const otherObjects = { 'archive/2024.zip': 'not really a zip\n' };
  const otherBucketName = await createBucket(endpoint, `${prefix}-archive`, otherObjects);

  return {
    endpoint,
    region: REGION,
    pool: { id: poolId, name: poolName, publicClient, secretClient: secretClient as SeededClient & { secret: string }, groups, alice, bob, newcomer, disabled },
    emailPool: {
      id: emailPoolId,
      name: emailPoolName,
      publicClient: emailPublic,
      secretClient: emailSecret as SeededClient & { secret: string },
      user: emailUser,
    },
    identityPool: { id: identityPoolId, name: identityPoolName },
    bucket: { name: bucketName, keys: Object.keys(STANDARD_OBJECTS).sort() },
    otherBucket: { name: otherBucketName, keys: Object.keys(otherObjects) },
  };
}

/** Pool MFA ON with authenticator apps (and SMS when asked) enabled: first sign-ins get MFA_SETUP. Returns the pool id. */
export async function createMfaPool(endpoint: string, opts: { name: string; sms?: boolean }): Promise<string> {
  const { SetUserPoolMfaConfigCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const poolId = await createPool(endpoint, { name: opts.name });
  await idpClient(endpoint).send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      ...(opts.sms ? { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } } } : {}),
    }),
  );
  return poolId;
}

/** Turns SMS MFA on (and preferred) for a user, as an administrator would. */
export async function enableSmsMfa(endpoint: string, poolId: string, username: string): Promise<void> {
  const { AdminSetUserMFAPreferenceCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  await idpClient(endpoint).send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: username, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
}

/**
 * Starts ForgotPassword and returns the code moto puts in its `x-moto-forgot-password-confirmation-code`
 * response header (read by an SDK middleware; real Cognito would email it).
 */
export async function forgotPasswordCode(endpoint: string, clientId: string, username: string): Promise<string> {
  const { ForgotPasswordCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const client = idpClient(endpoint);
  let code = '';
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> }).headers ?? {};
      code = headers['x-moto-forgot-password-confirmation-code'] ?? '';
      return out;
    },
    { step: 'deserialize', name: 'readMotoConfirmationCode' },
  );
  await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
  client.destroy();
  if (!code) throw new Error('moto sent no x-moto-forgot-password-confirmation-code header');
  return code;
}

/** Tokens straight from the emulator (AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH), without the product in between. */
export async function adminTokens(endpoint: string, poolId: string, clientId: string, user: Pick<SeededUser, 'username' | 'password'>) {
  const { AdminInitiateAuthCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const out = await idpClient(endpoint).send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
  );
  if (!out.AuthenticationResult) throw new Error(`AdminInitiateAuth answered ${out.ChallengeName ?? 'nothing'} instead of tokens`);
  return out.AuthenticationResult;
}
