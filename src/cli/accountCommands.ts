/**
 * Session and self-service commands: refresh, sign-up and confirmation, password reset and change, sign-out, revoke,
 * and what a signed-in user does to their own account (attributes, devices, deletion).
 */
import {
  changePassword,
  confirmForgotPassword,
  confirmSignUp,
  deleteUser,
  forgotPassword,
  getUser,
  getUserAttributeVerificationCode,
  resendConfirmationCode,
  signUp,
  updateUserAttributes,
  verifyUserAttribute,
  type CodeDelivery,
} from '../core/account/selfService';
import { forgetDevice, listDevices, type DeviceInfo } from '../core/auth/devices';
import { refreshTokens } from '../core/auth/refresh';
import { cognitoUsernameOf } from '../core/auth/result';
import { globalSignOut, revokeToken } from '../core/auth/signOut';
import { validateClientId, type Connection } from '../core/connection';
import { UserFacingError } from '../core/errors';
import { registerSecret } from '../core/redact';
import { decodeToken, normalizeToken } from '../core/tokens/decode';
import { attributesOf, check, need, passwordOf, poolOf, print, str, tokenFromStdin, UsageError, type CommandContext, type CommandSpec, type PoolTarget } from './common';
import { promptHidden } from './io';

/** Pool and app client from the options; the pool may also come from a token's issuer. */
function connectionOf(ctx: CommandContext, command: string, opts: { client: boolean; token?: string }): Connection {
  const decoded = opts.token ? safeDecode(opts.token) : undefined;
  const pool = poolOf(ctx, command, decoded) as PoolTarget | undefined;
  if (!pool) throw new UsageError(`${command} needs --user-pool-id${opts.token ? ' (or a token whose iss names the pool)' : ''}.`, command);
  const clientId = opts.client ? need(ctx.values, 'client-id', command) : (str(ctx.values, 'client-id') ?? '');
  if (opts.client) check(validateClientId(clientId), command);
  const clientSecret = ctx.io.env.COGNITO_CLIENT_SECRET || undefined;
  return { id: 'cli', name: 'cli', clientId, hasClientSecret: Boolean(clientSecret), ...pool };
}

function safeDecode(token: string) {
  try {
    return decodeToken(token);
  } catch {
    return undefined;
  }
}

function secretOf(ctx: CommandContext): string | undefined {
  const secret = ctx.io.env.COGNITO_CLIENT_SECRET || undefined;
  registerSecret(secret);
  return secret;
}

function deliveryOut(d: CodeDelivery | undefined) {
  return d ? { Destination: d.destination, DeliveryMedium: d.deliveryMedium, AttributeName: d.attributeName } : null;
}

async function lineOrPrompt(ctx: CommandContext, command: string, question: string, missing: string): Promise<string> {
  if (ctx.io.isTTY) return promptHidden(ctx.io, question);
  const line = await ctx.stdin.take();
  if (!line) throw new UsageError(missing, command);
  registerSecret(line);
  return line;
}

const USER = { username: { type: 'string' } } as const;

const refreshCommand: CommandSpec = {
  options: { username: { type: 'string' }, 'device-key': { type: 'string' }, rotation: { type: 'boolean' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'refresh';
    const text = ctx.io.isTTY ? '' : (await ctx.stdin.all()).trim();
    let refreshToken: string;
    let accessToken: string | undefined;
    if (text.startsWith('{')) {
      // The JSON sign-in prints: its access token names the user for SECRET_HASH.
      const parsed = (() => {
        try {
          return JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new UsageError('stdin starts with "{" but is not JSON; pipe the refresh token or the JSON sign-in prints.', cmd);
        }
      })();
      if (typeof parsed.RefreshToken !== 'string') throw new UsageError('The JSON on stdin has no RefreshToken.', cmd);
      refreshToken = parsed.RefreshToken;
      accessToken = typeof parsed.AccessToken === 'string' ? parsed.AccessToken : undefined;
    } else {
      refreshToken = await tokenFromStdin(ctx, cmd, 'Refresh token', ['RefreshToken']);
    }
    registerSecret(refreshToken);
    // Piped from sign-in, the access token names its app client, so --client-id is optional then.
    const tokenClient = accessToken ? safeDecode(accessToken)?.payload.client_id : undefined;
    const withClient = str(ctx.values, 'client-id') || typeof tokenClient !== 'string' ? ctx : { ...ctx, values: { ...ctx.values, 'client-id': tokenClient } };
    const connection = { ...connectionOf(withClient, cmd, { client: true, token: accessToken }), refreshTokenRotation: Boolean(ctx.values.rotation) };
    const clientSecret = secretOf(ctx);
    const username = str(ctx.values, 'username') ?? (accessToken ? cognitoUsernameOf({ accessToken, idToken: '' }) : undefined);
    const tokens = await refreshTokens(connection, refreshToken, { clientSecret, username, deviceKey: str(ctx.values, 'device-key'), logger: ctx.logger });
    print(ctx, { AccessToken: tokens.accessToken, IdToken: tokens.idToken, RefreshToken: tokens.refreshToken, ExpiresIn: tokens.expiresIn, TokenType: tokens.tokenType });
    return 0;
  },
};

const signUpCommand: CommandSpec = {
  options: { ...USER, attribute: { type: 'string', multiple: true }, 'password-stdin': { type: 'boolean' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'sign-up';
    const username = need(ctx.values, 'username', cmd);
    const attributes = attributesOf(ctx.values, cmd);
    const connection = connectionOf(ctx, cmd, { client: true });
    const password = await passwordOf(ctx, username, cmd);
    registerSecret(password);
    const out = await signUp(connection, { username, password, attributes }, { clientSecret: secretOf(ctx) });
    print(ctx, { UserConfirmed: out.userConfirmed, UserSub: out.userSub, CodeDeliveryDetails: deliveryOut(out.codeDelivery) });
    return 0;
  },
};

const confirmSignUpCommand: CommandSpec = {
  options: { ...USER, code: { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'confirm-sign-up';
    const username = need(ctx.values, 'username', cmd);
    const code = need(ctx.values, 'code', cmd);
    await confirmSignUp(connectionOf(ctx, cmd, { client: true }), { username, code }, { clientSecret: secretOf(ctx) });
    print(ctx, { Confirmed: true, Username: username });
    return 0;
  },
};

const resendCodeCommand: CommandSpec = {
  options: USER,
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'resend-code';
    const username = need(ctx.values, 'username', cmd);
    const out = await resendConfirmationCode(connectionOf(ctx, cmd, { client: true }), username, { clientSecret: secretOf(ctx) });
    print(ctx, { CodeDeliveryDetails: deliveryOut(out) });
    return 0;
  },
};

const forgotPasswordCommand: CommandSpec = {
  options: USER,
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'forgot-password';
    const username = need(ctx.values, 'username', cmd);
    const out = await forgotPassword(connectionOf(ctx, cmd, { client: true }), username, { clientSecret: secretOf(ctx) });
    print(ctx, { CodeDeliveryDetails: deliveryOut(out) });
    return 0;
  },
};

const confirmForgotPasswordCommand: CommandSpec = {
  options: { ...USER, code: { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'confirm-forgot-password';
    const username = need(ctx.values, 'username', cmd);
    const code = need(ctx.values, 'code', cmd);
    const connection = connectionOf(ctx, cmd, { client: true });
    const newPassword = await lineOrPrompt(ctx, cmd, `New password for ${username}: `, 'Pipe the new password as the first line of stdin.');
    await confirmForgotPassword(connection, { username, code, newPassword }, { clientSecret: secretOf(ctx) });
    print(ctx, { PasswordReset: true, Username: username });
    return 0;
  },
};

const changePasswordCommand: CommandSpec = {
  options: {},
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'change-password';
    const missing = 'change-password reads three lines from stdin: the access token, the current password, the new password.';
    const accessToken = normalizeToken(await lineOrPrompt(ctx, cmd, 'Access token: ', missing));
    const previous = await lineOrPrompt(ctx, cmd, 'Current password: ', missing);
    const proposed = await lineOrPrompt(ctx, cmd, 'New password: ', missing);
    await changePassword(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken, previous, proposed);
    print(ctx, { PasswordChanged: true });
    return 0;
  },
};

const globalSignOutCommand: CommandSpec = {
  options: {},
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'global-sign-out';
    const accessToken = normalizeToken(await tokenFromStdin(ctx, cmd, 'Access token', ['AccessToken']));
    registerSecret(accessToken);
    await globalSignOut(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken);
    print(ctx, { SignedOut: true });
    return 0;
  },
};

const revokeCommand: CommandSpec = {
  options: {},
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'revoke';
    const refreshToken = await tokenFromStdin(ctx, cmd, 'Refresh token', ['RefreshToken']);
    registerSecret(refreshToken);
    await revokeToken(connectionOf(ctx, cmd, { client: true }), refreshToken, secretOf(ctx));
    print(ctx, { Revoked: true });
    return 0;
  },
};

/** The access token from stdin (a line, or the JSON sign-in prints), refusing an ID token before Cognito does. */
async function accessTokenOf(ctx: CommandContext, command: string): Promise<string> {
  const token = normalizeToken(await tokenFromStdin(ctx, command, 'Access token', ['AccessToken']));
  registerSecret(token);
  if (safeDecode(token)?.kind === 'id') throw new UserFacingError(`This is an ID token; ${command} needs the access token (pipe the JSON sign-in prints).`, 'WrongTokenUse');
  return token;
}

const VERIFIABLE = ['email', 'phone_number'];

function verifiableAttribute(ctx: CommandContext, command: string): string {
  const name = need(ctx.values, 'attribute-name', command);
  if (!VERIFIABLE.includes(name)) throw new UsageError(`--attribute-name must be email or phone_number (the attributes Cognito verifies), not "${name}".`, command);
  return name;
}

const getUserCommand: CommandSpec = {
  options: {},
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'get-user';
    const accessToken = await accessTokenOf(ctx, cmd);
    const user = await getUser(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken);
    print(ctx, { Username: user.username, UserAttributes: user.attributes, PreferredMfaSetting: user.preferredMfa, UserMFASettingList: user.mfaOptions });
    return 0;
  },
};

const updateAttributesCommand: CommandSpec = {
  options: { attribute: { type: 'string', multiple: true } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'update-attributes';
    const attributes = attributesOf(ctx.values, cmd);
    if (!Object.keys(attributes).length) throw new UsageError(`${cmd} needs at least one --attribute name=value.`, cmd);
    const accessToken = await accessTokenOf(ctx, cmd);
    const out = await updateUserAttributes(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken, attributes);
    print(ctx, {
      UpdatedAttributes: Object.keys(attributes),
      NeedsVerification: out.needsVerification.map((d) => d.attributeName).filter((n): n is string => Boolean(n)),
      CodeDeliveryDetailsList: out.needsVerification.map(deliveryOut),
    });
    return 0;
  },
};

const sendVerificationCodeCommand: CommandSpec = {
  options: { 'attribute-name': { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'send-verification-code';
    const name = verifiableAttribute(ctx, cmd);
    const accessToken = await accessTokenOf(ctx, cmd);
    const out = await getUserAttributeVerificationCode(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken, name);
    print(ctx, { CodeDeliveryDetails: deliveryOut(out) });
    return 0;
  },
};

const verifyAttributeCommand: CommandSpec = {
  options: { 'attribute-name': { type: 'string' }, code: { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'verify-attribute';
    const name = verifiableAttribute(ctx, cmd);
    const code = need(ctx.values, 'code', cmd);
    const accessToken = await accessTokenOf(ctx, cmd);
    await verifyUserAttribute(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken, name, code);
    print(ctx, { Verified: true, AttributeName: name });
    return 0;
  },
};

const deleteUserCommand: CommandSpec = {
  options: { 'confirm-username': { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'delete-user';
    const confirm = str(ctx.values, 'confirm-username');
    if (!confirm) throw new UsageError('delete-user deletes the account for good; confirm by passing the username with --confirm-username NAME.', cmd);
    const accessToken = await accessTokenOf(ctx, cmd);
    const { payload } = decodeToken(accessToken);
    const claim = [payload.username, payload['cognito:username']].find((v): v is string => typeof v === 'string' && v !== '');
    if (!claim) throw new UserFacingError('The access token names no user (no username claim), so the deletion cannot be confirmed; pipe the access token sign-in printed.', 'NoUsername');
    if (claim !== confirm) {
      throw new UsageError(`Not deleting: --confirm-username "${confirm}" is not the signed-in user, whose username is "${claim}".`, cmd);
    }
    await deleteUser(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken);
    print(ctx, { Deleted: true, Username: claim });
    return 0;
  },
};

function deviceOut(d: DeviceInfo) {
  return {
    DeviceKey: d.deviceKey,
    DeviceName: d.name,
    DeviceRememberedStatus: d.rememberedStatus,
    LastIpUsed: d.lastIp,
    DeviceCreateDate: d.createdAt,
    DeviceLastAuthenticatedDate: d.lastAuthenticatedAt,
    DeviceLastModifiedDate: d.lastModifiedAt,
    DeviceAttributes: d.attributes,
  };
}

const listDevicesCommand: CommandSpec = {
  options: {},
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'list-devices';
    const accessToken = await accessTokenOf(ctx, cmd);
    const devices = await listDevices(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken);
    if (ctx.output === 'text') {
      // A list reads better as one row per device than as one KEY<TAB>JSON line.
      ctx.io.stdout.write(devices.map((d) => `${[d.deviceKey, d.name ?? '', d.rememberedStatus ?? '', d.lastAuthenticatedAt ?? ''].join('\t')}\n`).join(''));
    } else {
      print(ctx, { Devices: devices.map(deviceOut) });
    }
    return 0;
  },
};

const forgetDeviceCommand: CommandSpec = {
  options: { 'device-key': { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'forget-device';
    const deviceKey = need(ctx.values, 'device-key', cmd);
    const accessToken = await accessTokenOf(ctx, cmd);
    await forgetDevice(connectionOf(ctx, cmd, { client: false, token: accessToken }), accessToken, deviceKey);
    print(ctx, { Forgotten: true, DeviceKey: deviceKey });
    return 0;
  },
};

export const ACCOUNT_COMMANDS: Record<string, CommandSpec> = {
  refresh: refreshCommand,
  'sign-up': signUpCommand,
  'confirm-sign-up': confirmSignUpCommand,
  'resend-code': resendCodeCommand,
  'forgot-password': forgotPasswordCommand,
  'confirm-forgot-password': confirmForgotPasswordCommand,
  'change-password': changePasswordCommand,
  'global-sign-out': globalSignOutCommand,
  revoke: revokeCommand,
  'get-user': getUserCommand,
  'update-attributes': updateAttributesCommand,
  'send-verification-code': sendVerificationCodeCommand,
  'verify-attribute': verifyAttributeCommand,
  'delete-user': deleteUserCommand,
  'list-devices': listDevicesCommand,
  'forget-device': forgetDeviceCommand,
};
