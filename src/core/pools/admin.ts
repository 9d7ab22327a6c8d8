/** Admin actions on one user. Each resolves to one sentence saying exactly what changed (or that nothing did). */
import { randomInt } from 'node:crypto';
import { withIdp, type AdminContext, type AdminTarget, type CallOptions } from './adminTarget';
import { describeUserPool } from './pools';
import { UserFacingError } from '../errors';

type Kit = Parameters<Parameters<typeof withIdp>[2]>[0];

function run<R>(t: AdminTarget, poolId: string, username: string, action: string, call: (kit: Kit) => Promise<R>, extra: Partial<AdminContext> = {}): Promise<R> {
  return withIdp(t, { userPoolId: poolId, username, action, ...extra }, call);
}

export interface CreateUserInput {
  username: string;
  /** Without one, Cognito generates a temporary password and sends it in the invitation. */
  temporaryPassword?: string;
  attributes: Record<string, string>;
  /** Send no invitation. */
  suppressMessage?: boolean;
  /** Send the invitation again to an existing user (nothing else changes). */
  resend?: boolean;
  /** How to send the invitation: EMAIL and/or SMS (Cognito's default: SMS). */
  deliveryMediums?: ('EMAIL' | 'SMS')[];
}

const toAttributes = (attrs: Record<string, string>) => Object.entries(attrs).map(([Name, Value]) => ({ Name, Value }));

/** Creates a user (AdminCreateUser), or with `resend`, sends an existing user's invitation again. */
export async function createUser(t: AdminTarget, poolId: string, input: CreateUserInput, opts: CallOptions = {}): Promise<string> {
  const action = input.resend ? `resend the invitation to ${input.username}` : `create user ${input.username}`;
  const out = await run(t, poolId, input.username, action, ({ sdk, client }) =>
    client.send(
      new sdk.AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: input.username,
        ...(input.temporaryPassword && !input.resend ? { TemporaryPassword: input.temporaryPassword } : {}),
        ...(Object.keys(input.attributes).length && !input.resend ? { UserAttributes: toAttributes(input.attributes) } : {}),
        ...(input.suppressMessage ? { MessageAction: 'SUPPRESS' as const } : input.resend ? { MessageAction: 'RESEND' as const } : {}),
        ...(input.deliveryMediums?.length ? { DesiredDeliveryMediums: input.deliveryMediums } : {}),
      }),
      { abortSignal: opts.signal },
    ),
  );
  const name = out.User?.Username ?? input.username;
  if (input.resend) return `Sent the invitation to ${name} again.`;
  const status = out.User?.UserStatus ? ` (status ${out.User.UserStatus})` : '';
  const message = input.suppressMessage ? 'no invitation was sent' : `Cognito sent an invitation by ${(input.deliveryMediums ?? ['SMS']).join(' and ').toLowerCase()}`;
  return `Created user ${name} in pool ${poolId}${status}; ${message}.`;
}

/** Resends the invitation of a user who has not signed in yet. */
export function resendInvitation(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<string> {
  return createUser(t, poolId, { username, attributes: {}, resend: true }, opts);
}

async function isEnabled(t: AdminTarget, poolId: string, username: string, opts: CallOptions): Promise<boolean> {
  const out = await run(t, poolId, username, `get user ${username}`, ({ sdk, client }) =>
    client.send(new sdk.AdminGetUserCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }),
  );
  return out.Enabled !== false;
}

/** Lets a disabled user sign in again. */
export async function enableUser(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<string> {
  if (await isEnabled(t, poolId, username, opts)) return `User ${username} was already enabled; nothing changed.`;
  await run(t, poolId, username, `enable user ${username}`, ({ sdk, client }) => client.send(new sdk.AdminEnableUserCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }));
  return `Enabled user ${username}: they can sign in again.`;
}

/** Stops a user from signing in; Cognito also revokes their tokens. */
export async function disableUser(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<string> {
  if (!(await isEnabled(t, poolId, username, opts))) return `User ${username} was already disabled; nothing changed.`;
  await run(t, poolId, username, `disable user ${username}`, ({ sdk, client }) => client.send(new sdk.AdminDisableUserCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }));
  return `Disabled user ${username}: they can no longer sign in, and their tokens were revoked.`;
}

/** Invalidates the password; the user must set a new one with the code Cognito sends. */
export async function resetPassword(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<string> {
  try {
    await run(t, poolId, username, `reset the password of ${username}`, ({ sdk, client }) =>
      client.send(new sdk.AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }),
    );
  } catch (err) {
    if (err instanceof UserFacingError && /current state/i.test(String((err.cause as Error | undefined)?.message))) {
      throw new UserFacingError(`The password of ${username} cannot be reset while it is temporary or unconfirmed; set a new temporary password instead, or resend the invitation.`, err.code, { cause: err.cause });
    }
    throw err;
  }
  return `Reset the password of ${username}: the old one no longer works, and they must choose a new one with the code Cognito sent.`;
}

/** Sets a password: permanent (the user is confirmed) or temporary (a new one is required at the next sign-in). */
export async function setPassword(t: AdminTarget, poolId: string, username: string, password: string, permanent: boolean, opts: CallOptions = {}): Promise<string> {
  await run(t, poolId, username, `set the password of ${username}`, ({ sdk, client }) =>
    client.send(new sdk.AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: permanent }), { abortSignal: opts.signal }),
  );
  return permanent
    ? `Set a permanent password for ${username} (status CONFIRMED).`
    : `Set a temporary password for ${username}: they must choose a new one at their next sign-in (status FORCE_CHANGE_PASSWORD).`;
}

/** Confirms a sign-up without the code. */
export async function confirmSignUp(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<string> {
  await run(t, poolId, username, `confirm the sign-up of ${username}`, ({ sdk, client }) =>
    client.send(new sdk.AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }),
  );
  return `Confirmed the sign-up of ${username} (status CONFIRMED).`;
}

/** Marks the user's email or phone number as verified. */
export async function verifyAttribute(t: AdminTarget, poolId: string, username: string, attribute: 'email' | 'phone_number', opts: CallOptions = {}): Promise<string> {
  await run(t, poolId, username, `verify the ${attribute} of ${username}`, ({ sdk, client }) =>
    client.send(
      new sdk.AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: username, UserAttributes: [{ Name: `${attribute}_verified`, Value: 'true' }] }),
      { abortSignal: opts.signal },
    ),
  );
  return `Marked the ${attribute === 'email' ? 'email address' : 'phone number'} of ${username} as verified.`;
}

export async function addToGroup(t: AdminTarget, poolId: string, username: string, group: string, opts: CallOptions = {}): Promise<string> {
  await run(t, poolId, username, `add ${username} to group ${group}`, ({ sdk, client }) =>
    client.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group }), { abortSignal: opts.signal }), { group });
  return `Added ${username} to group ${group}.`;
}

export async function removeFromGroup(t: AdminTarget, poolId: string, username: string, group: string, opts: CallOptions = {}): Promise<string> {
  await run(t, poolId, username, `remove ${username} from group ${group}`, ({ sdk, client }) =>
    client.send(new sdk.AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group }), { abortSignal: opts.signal }), { group });
  return `Removed ${username} from group ${group}.`;
}

/** Signs the user out of every device (AdminUserGlobalSignOut): their refresh tokens stop working. */
export async function signOutEverywhere(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<string> {
  await run(t, poolId, username, `sign ${username} out everywhere`, ({ sdk, client }) =>
    client.send(new sdk.AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }),
  );
  return `Signed ${username} out everywhere: their refresh tokens no longer work, and access tokens are revoked.`;
}

/** Deletes the user for good. Callers confirm first (the extension asks to type the username). */
export async function deleteUser(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<string> {
  await run(t, poolId, username, `delete user ${username}`, ({ sdk, client }) =>
    client.send(new sdk.AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }),
  );
  return `Deleted user ${username} from pool ${poolId}.`;
}

const CHARSETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@^_'];

/** A random password meeting any Cognito password policy (upper, lower, digit, symbol) of at least `length`. */
export function generatePassword(length = 24): string {
  const chars = CHARSETS.map((set) => set[randomInt(set.length)]);
  const all = CHARSETS.join('');
  while (chars.length < Math.max(length, 8)) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/**
 * A confirmed user with a generated permanent password, for signing in as them (the caller keeps the password in
 * SecretStorage). Pools that sign in with email get `test-…@example.com` as the username.
 */
export async function createTestUser(t: AdminTarget, poolId: string, input: { username?: string; attributes?: Record<string, string> } = {}, opts: CallOptions = {}): Promise<{ username: string; password: string; summary: string }> {
  const pool = await describeUserPool(t, poolId, opts);
  const tag = `test-${Date.now().toString(36)}${randomInt(1296).toString(36)}`;
  const byEmail = pool.usernameAttributes.includes('email');
  const username = input.username ?? (byEmail ? `${tag}@example.com` : tag);
  const attributes = { ...(byEmail || pool.schema.some((s) => s.name === 'email' && s.required) ? { email: byEmail ? username : `${tag}@example.com`, email_verified: 'true' } : {}), ...input.attributes };
  const password = generatePassword(Math.max(24, pool.passwordPolicy.minimumLength ?? 0));
  await createUser(t, poolId, { username, attributes, suppressMessage: true, temporaryPassword: password }, opts);
  await setPassword(t, poolId, username, password, true, opts);
  return { username, password, summary: `Created test user ${username} in pool ${poolId} with a generated permanent password.` };
}
