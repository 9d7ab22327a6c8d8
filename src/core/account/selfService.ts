/**
 * What a user can do to their own account through the app client: sign up and confirm, recover a password,
 * and, signed in (access token), change the password, read and update attributes, and delete the account.
 * SECRET_HASH goes with every call that names a username when the client has a secret.
 */
import type { AttributeType, CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { secretHash } from '../auth/secretHash';
import { withIdp } from '../auth/idpCall';
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import { forgetSecret, registerSecret } from '../redact';

export interface ClientOptions {
  /** The app client's secret, when it has one. */
  clientSecret?: string;
  /** Passed to the pool's Lambda triggers. */
  clientMetadata?: Record<string, string>;
}

export interface CodeDelivery {
  destination?: string;
  deliveryMedium?: string;
  attributeName?: string;
}

export interface SignUpResult {
  userConfirmed: boolean;
  userSub?: string;
  /** Where the confirmation code went, when Cognito sent one. */
  codeDelivery?: CodeDelivery;
}

function delivery(d: CodeDeliveryDetailsType | undefined): CodeDelivery | undefined {
  if (!d) return undefined;
  const out: CodeDelivery = {};
  if (d.Destination) out.destination = d.Destination;
  if (d.DeliveryMedium) out.deliveryMedium = d.DeliveryMedium;
  if (d.AttributeName) out.attributeName = d.AttributeName;
  return out;
}

function userOf(username: string): string {
  const u = (username ?? '').trim();
  if (!u) throw new UserFacingError('Enter the username.', 'InvalidInput');
  return u;
}

function codeOf(code: string): string {
  const c = (code ?? '').trim();
  if (!c) throw new UserFacingError('Enter the code you received.', 'InvalidInput');
  return c;
}

function passwordOf(password: string, what = 'password'): string {
  if (!password) throw new UserFacingError(`Enter the ${what}.`, 'InvalidInput');
  registerSecret(password);
  return password;
}

function tokenOf(accessToken: string): string {
  if (!accessToken?.trim()) throw new UserFacingError('This needs a signed-in session (an access token); sign in first.', 'InvalidInput');
  registerSecret(accessToken);
  return accessToken.trim();
}

function clientFields(connection: Connection, username: string, opts: ClientOptions) {
  return {
    ClientId: connection.clientId,
    ...(opts.clientSecret ? { SecretHash: secretHash(opts.clientSecret, username, connection.clientId) } : {}),
    ...(opts.clientMetadata ? { ClientMetadata: opts.clientMetadata } : {}),
  };
}

function attributeList(attributes: Record<string, string>): AttributeType[] {
  return Object.entries(attributes).map(([Name, Value]) => {
    if (!Name.trim()) throw new UserFacingError('An attribute needs a name, for example email=alice@example.com.', 'InvalidInput');
    return { Name: Name.trim(), Value };
  });
}

/** Registers a new user with a password and attributes (name -> value, e.g. email, custom:team). */
export async function signUp(connection: Connection, input: { username: string; password: string; attributes?: Record<string, string> }, opts: ClientOptions = {}): Promise<SignUpResult> {
  const username = userOf(input.username);
  const password = passwordOf(input.password);
  registerSecret(opts.clientSecret);
  try {
    const out = await withIdp(connection, 'sign up', ({ sdk, client }) =>
      client.send(new sdk.SignUpCommand({ ...clientFields(connection, username, opts), Username: username, Password: password, UserAttributes: attributeList(input.attributes ?? {}) })),
    { username });
    const codeDelivery = delivery(out.CodeDeliveryDetails);
    return { userConfirmed: Boolean(out.UserConfirmed), ...(out.UserSub ? { userSub: out.UserSub } : {}), ...(codeDelivery ? { codeDelivery } : {}) };
  } finally {
    forgetSecret(password);
  }
}

/** Confirms a sign-up with the code Cognito sent. */
export async function confirmSignUp(connection: Connection, input: { username: string; code: string; forceAliasCreation?: boolean }, opts: ClientOptions = {}): Promise<void> {
  const username = userOf(input.username);
  const code = codeOf(input.code);
  await withIdp(connection, 'confirm the sign-up', ({ sdk, client }) =>
    client.send(new sdk.ConfirmSignUpCommand({ ...clientFields(connection, username, opts), Username: username, ConfirmationCode: code, ...(input.forceAliasCreation ? { ForceAliasCreation: true } : {}) })),
  { username });
}

/** Sends the sign-up confirmation code again. */
export async function resendConfirmationCode(connection: Connection, username: string, opts: ClientOptions = {}): Promise<CodeDelivery | undefined> {
  const user = userOf(username);
  const out = await withIdp(connection, 'resend the confirmation code', ({ sdk, client }) =>
    client.send(new sdk.ResendConfirmationCodeCommand({ ...clientFields(connection, user, opts), Username: user })),
  { username: user });
  return delivery(out.CodeDeliveryDetails);
}

/** Starts a password reset: Cognito sends a code to the user's verified email or phone. */
export async function forgotPassword(connection: Connection, username: string, opts: ClientOptions = {}): Promise<CodeDelivery | undefined> {
  const user = userOf(username);
  const out = await withIdp(connection, 'start the password reset', ({ sdk, client }) =>
    client.send(new sdk.ForgotPasswordCommand({ ...clientFields(connection, user, opts), Username: user })),
  { username: user });
  return delivery(out.CodeDeliveryDetails);
}

/** Sets a new password with the code from forgotPassword. */
export async function confirmForgotPassword(connection: Connection, input: { username: string; code: string; newPassword: string }, opts: ClientOptions = {}): Promise<void> {
  const username = userOf(input.username);
  const code = codeOf(input.code);
  const password = passwordOf(input.newPassword, 'new password');
  try {
    await withIdp(connection, 'set the new password', ({ sdk, client }) =>
      client.send(new sdk.ConfirmForgotPasswordCommand({ ...clientFields(connection, username, opts), Username: username, ConfirmationCode: code, Password: password })),
    { username });
  } finally {
    forgetSecret(password);
  }
}

/** Changes the signed-in user's password. */
export async function changePassword(connection: Connection, accessToken: string, previousPassword: string, proposedPassword: string): Promise<void> {
  const token = tokenOf(accessToken);
  const previous = passwordOf(previousPassword, 'current password');
  const proposed = passwordOf(proposedPassword, 'new password');
  try {
    await withIdp(connection, 'change the password', ({ sdk, client }) =>
      client.send(new sdk.ChangePasswordCommand({ AccessToken: token, PreviousPassword: previous, ProposedPassword: proposed })),
    );
  } finally {
    forgetSecret(previous);
    forgetSecret(proposed);
  }
}

export interface UserProfile {
  username: string;
  attributes: Record<string, string>;
  /** MFA methods the user has set up, and the preferred one. */
  mfaOptions: string[];
  preferredMfa?: string;
}

/** The signed-in user as Cognito sees them: username and attributes. */
export async function getUser(connection: Connection, accessToken: string): Promise<UserProfile> {
  const token = tokenOf(accessToken);
  const out = await withIdp(connection, 'read the user', ({ sdk, client }) => client.send(new sdk.GetUserCommand({ AccessToken: token })));
  return {
    username: out.Username ?? '',
    attributes: Object.fromEntries((out.UserAttributes ?? []).filter((a) => a.Name).map((a) => [a.Name as string, a.Value ?? ''])),
    mfaOptions: out.UserMFASettingList ?? [],
    ...(out.PreferredMfaSetting ? { preferredMfa: out.PreferredMfaSetting } : {}),
  };
}

export interface AttributeUpdate {
  /** Attributes (email, phone_number) that changed and now wait for a code: call verifyUserAttribute with it. */
  needsVerification: CodeDelivery[];
}

/** Updates the signed-in user's attributes; email and phone changes come back as needing verification. */
export async function updateUserAttributes(connection: Connection, accessToken: string, attributes: Record<string, string>, opts: Pick<ClientOptions, 'clientMetadata'> = {}): Promise<AttributeUpdate> {
  const token = tokenOf(accessToken);
  const list = attributeList(attributes);
  if (!list.length) throw new UserFacingError('Give at least one attribute to update.', 'InvalidInput');
  const out = await withIdp(connection, 'update the attributes', ({ sdk, client }) =>
    client.send(new sdk.UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: list, ...(opts.clientMetadata ? { ClientMetadata: opts.clientMetadata } : {}) })),
  );
  return { needsVerification: (out.CodeDeliveryDetailsList ?? []).map((d) => delivery(d) ?? {}) };
}

/** Asks Cognito to send a verification code for an attribute (email or phone_number). */
export async function getUserAttributeVerificationCode(connection: Connection, accessToken: string, attributeName: string, opts: Pick<ClientOptions, 'clientMetadata'> = {}): Promise<CodeDelivery | undefined> {
  const token = tokenOf(accessToken);
  const name = userOf(attributeName);
  const out = await withIdp(connection, `send a verification code for ${name}`, ({ sdk, client }) =>
    client.send(new sdk.GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: name, ...(opts.clientMetadata ? { ClientMetadata: opts.clientMetadata } : {}) })),
  );
  return delivery(out.CodeDeliveryDetails);
}

/** Verifies an attribute with the code Cognito sent. */
export async function verifyUserAttribute(connection: Connection, accessToken: string, attributeName: string, code: string): Promise<void> {
  const token = tokenOf(accessToken);
  const name = userOf(attributeName);
  const c = codeOf(code);
  await withIdp(connection, `verify ${name}`, ({ sdk, client }) => client.send(new sdk.VerifyUserAttributeCommand({ AccessToken: token, AttributeName: name, Code: c })));
}

/** Deletes the signed-in user's own account. Irreversible: the host must have the user type the username first. */
export async function deleteUser(connection: Connection, accessToken: string): Promise<void> {
  const token = tokenOf(accessToken);
  await withIdp(connection, 'delete the account', ({ sdk, client }) => client.send(new sdk.DeleteUserCommand({ AccessToken: token })));
}
