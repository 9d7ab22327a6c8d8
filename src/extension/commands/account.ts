import * as vscode from 'vscode';
import {
  type ClientOptions,
  type CodeDelivery,
  changePassword,
  confirmForgotPassword,
  confirmSignUp,
  deleteUser,
  forgotPassword,
  getUser,
  getUserAttributeVerificationCode,
  resendConfirmationCode,
  signUp,
  type SignUpResult,
  updateUserAttributes,
  verifyUserAttribute,
} from '../../core/account/selfService';
import { deleteDevice } from '../../core/auth/devices';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { registerSecret } from '../../core/redact';
import { deliveryText, editableAttributes, needsCode, parseAttributePairs, validateEmail } from '../account/accountModel';
import { deviceOfSession, type SessionRenewer } from '../session/sessionRenewer';
import { automationArg, type CommandDeps, pickConnection } from './deps';

/** Automation arguments (scripts, tests): every field given skips its prompt. Never logged. */
export interface AccountArgs {
  connectionId: string;
  username: string;
  password: string;
  oldPassword: string;
  newPassword: string;
  code: string;
  attributes: Record<string, string>;
  attribute: string;
  /** deleteAccount: must equal the signed-in username, as if typed. */
  confirmUsername: string;
}

const SIGN_IN = 'Sign In';

interface AskOptions {
  title: string;
  prompt: string;
  value?: string;
  password?: boolean;
  placeHolder?: string;
  optional?: boolean;
  validate?: (value: string) => string | undefined;
}

async function ask(o: AskOptions): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: o.title,
    prompt: o.prompt,
    value: o.value,
    password: o.password,
    placeHolder: o.placeHolder,
    ignoreFocusOut: true,
    validateInput: (v) => (!o.optional && !v.trim() ? 'This cannot be empty.' : o.validate?.(v)),
  });
  if (value === undefined) return undefined;
  if (o.password) registerSecret(value);
  return o.password ? value : value.trim();
}

/** A new password typed twice, so a typo cannot lock the user out. */
async function askNewPassword(title: string, prompt = 'New password'): Promise<string | undefined> {
  const first = await ask({ title, prompt, password: true });
  if (first === undefined) return undefined;
  const again = await ask({ title, prompt: 'Repeat the new password', password: true, validate: (v) => (v === first ? undefined : 'The passwords do not match.') });
  return again === undefined ? undefined : first;
}

export function register(deps: CommandDeps, renewer: SessionRenewer): void {
  const { commands, sessions, logger, context } = deps;
  const lastUser = (conn: Connection) => sessions.get(conn.id)?.username ?? context.globalState.get<string>(`cognitoExplorer.lastUsername.${conn.id}`);

  const metadataOf = (conn: Connection): Pick<ClientOptions, 'clientMetadata'> => (conn.clientMetadata ? { clientMetadata: conn.clientMetadata } : {});

  async function clientOptions(conn: Connection): Promise<ClientOptions> {
    if (!conn.hasClientSecret) return metadataOf(conn);
    const clientSecret = await sessions.store.clientSecret(conn.id);
    if (!clientSecret) throw new UserFacingError(`The client secret of "${conn.name}" is missing from SecretStorage; edit the connection and enter it again.`, 'MissingClientSecret');
    return { clientSecret, ...metadataOf(conn) };
  }

  /** The result sentence, unless a script asked; with `signInTo`, a "Sign In" button for that connection. */
  const inform = (automated: boolean, sentence: string, signInTo?: string) => {
    if (automated) return;
    if (!signInTo) {
      void vscode.window.showInformationMessage(sentence);
      return;
    }
    void vscode.window.showInformationMessage(sentence, SIGN_IN).then((answer) => {
      if (answer === SIGN_IN) void vscode.commands.executeCommand('cognitoExplorer.signIn', signInTo);
    });
  };

  /** The username for commands that work without a session. */
  async function usernameFor(conn: Connection, given: Partial<AccountArgs> | undefined, title: string): Promise<string | undefined> {
    return given?.username?.trim() || (await ask({ title, prompt: 'Username (or email, when the pool signs in with email)', value: lastUser(conn) }));
  }

  commands.register('cognitoExplorer.signUp', async (arg?: unknown): Promise<SignUpResult | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { placeHolder: 'Sign up to which connection?' });
    if (!conn) return undefined;
    const title = `Cognito: Sign Up to ${conn.name}`;
    const username = await usernameFor(conn, given, title);
    if (!username) return undefined;
    const password = given?.password ?? (await askNewPassword(title, `Password for ${username}`));
    if (!password) return undefined;
    let attributes = given?.attributes;
    if (!attributes) {
      const email = await ask({ title, prompt: 'Email address (leave empty if the pool does not need one)', optional: true, value: username.includes('@') ? username : undefined, validate: validateEmail });
      if (email === undefined) return undefined;
      const others = await ask({
        title,
        prompt: 'Other attributes the pool requires, as name=value pairs separated by commas (optional)',
        placeHolder: 'name=Alice Example, custom:team=blue',
        optional: true,
        validate: (v) => {
          const parsed = parseAttributePairs(v);
          return 'problem' in parsed ? parsed.problem : undefined;
        },
      });
      if (others === undefined) return undefined;
      const parsed = parseAttributePairs(others);
      attributes = { ...(email ? { email } : {}), ...('attributes' in parsed ? parsed.attributes : {}) };
    }
    const result = await signUp(conn, { username, password, attributes }, await clientOptions(conn));
    logger.info(`Signed up ${username} on "${conn.name}" (${result.userConfirmed ? 'confirmed' : 'waiting for the confirmation code'})`);
    if (result.userConfirmed) {
      inform(Boolean(given), `Signed up ${username} on ${conn.name}; the account is confirmed, so you can sign in now.`, conn.id);
    } else if (!given) {
      const answer = await vscode.window.showInformationMessage(
        `Signed up ${username} on ${conn.name}. Cognito sent a confirmation code${deliveryText(result.codeDelivery)}; enter it to confirm the account.`,
        'Enter Code',
      );
      if (answer === 'Enter Code') await vscode.commands.executeCommand('cognitoExplorer.confirmSignUp', conn.id, username);
    }
    return result;
  });

  commands.register('cognitoExplorer.confirmSignUp', async (arg?: unknown, username?: unknown): Promise<boolean | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { placeHolder: 'Confirm a sign-up on which connection?' });
    if (!conn) return undefined;
    const title = `Cognito: Confirm Sign-Up on ${conn.name}`;
    const user = typeof username === 'string' && username ? username : await usernameFor(conn, given, title);
    if (!user) return undefined;
    const code = given?.code ?? (await ask({ title, prompt: `Confirmation code Cognito sent to ${user}` }));
    if (!code) return undefined;
    await confirmSignUp(conn, { username: user, code }, await clientOptions(conn));
    logger.info(`Confirmed the sign-up of ${user} on "${conn.name}"`);
    inform(Boolean(given), `Confirmed ${user} on ${conn.name}; you can sign in now.`, conn.id);
    return true;
  });

  commands.register('cognitoExplorer.resendCode', async (arg?: unknown): Promise<CodeDelivery | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { placeHolder: 'Resend the sign-up code on which connection?' });
    if (!conn) return undefined;
    const user = await usernameFor(conn, given, `Cognito: Resend Confirmation Code on ${conn.name}`);
    if (!user) return undefined;
    const delivery = await resendConfirmationCode(conn, user, await clientOptions(conn));
    logger.info(`Resent the confirmation code of ${user} on "${conn.name}"`);
    inform(Boolean(given), `Sent a new confirmation code for ${user}${deliveryText(delivery)}.`);
    return delivery ?? {};
  });

  /** The second half of a password reset: the code and the new password. */
  async function finishReset(conn: Connection, user: string, given: Partial<AccountArgs> | undefined, sentTo: string): Promise<boolean | undefined> {
    const title = `Cognito: Reset the Password of ${user}`;
    const code = given?.code ?? (await ask({ title, prompt: `Code Cognito sent${sentTo}` }));
    if (!code) return undefined;
    const newPassword = given?.newPassword ?? (await askNewPassword(title));
    if (!newPassword) return undefined;
    await confirmForgotPassword(conn, { username: user, code, newPassword }, await clientOptions(conn));
    logger.info(`Reset the password of ${user} on "${conn.name}"`);
    inform(Boolean(given), `The password of ${user} on ${conn.name} is reset; sign in with the new one.`, conn.id);
    return true;
  }

  commands.register('cognitoExplorer.forgotPassword', async (arg?: unknown): Promise<boolean | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { placeHolder: 'Reset a password on which connection?' });
    if (!conn) return undefined;
    const user = await usernameFor(conn, given, `Cognito: Forgot Password on ${conn.name}`);
    if (!user) return undefined;
    const delivery = await forgotPassword(conn, user, await clientOptions(conn));
    logger.info(`Started a password reset for ${user} on "${conn.name}"`);
    return finishReset(conn, user, given, deliveryText(delivery));
  });

  commands.register('cognitoExplorer.confirmForgotPassword', async (arg?: unknown): Promise<boolean | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { placeHolder: 'Finish a password reset on which connection?' });
    if (!conn) return undefined;
    const user = await usernameFor(conn, given, `Cognito: Confirm Forgot Password on ${conn.name}`);
    if (!user) return undefined;
    return finishReset(conn, user, given, '');
  });

  commands.register('cognitoExplorer.changePassword', async (arg?: unknown): Promise<boolean | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Change the password of which session?' });
    if (!conn) return undefined;
    const session = await renewer.usableSession(conn);
    const title = `Cognito: Change the Password of ${session.username}`;
    const oldPassword = given?.oldPassword ?? (await ask({ title, prompt: 'Current password', password: true }));
    if (!oldPassword) return undefined;
    const newPassword = given?.newPassword ?? (await askNewPassword(title));
    if (!newPassword) return undefined;
    await changePassword(conn, session.tokens.accessToken, oldPassword, newPassword);
    logger.info(`Changed the password of ${session.username} on "${conn.name}"`);
    inform(Boolean(given), `Changed the password of ${session.username} on ${conn.name}.`);
    return true;
  });

  /** Sends a code for the attribute (unless Cognito already did) and verifies it with what the user types. False: code sent, not verified yet. */
  async function verify(conn: Connection, accessToken: string, attribute: string, given: Partial<AccountArgs> | undefined, alreadySent?: CodeDelivery): Promise<boolean | undefined> {
    let sent = alreadySent;
    if (!given?.code && !sent) sent = (await getUserAttributeVerificationCode(conn, accessToken, attribute, metadataOf(conn))) ?? {};
    // A script without a code only asks for one; it calls again with the code.
    if (given && !given.code) {
      logger.info(`Cognito sent a verification code for ${attribute} on "${conn.name}"`);
      return false;
    }
    const code = given?.code ?? (await ask({ title: `Cognito: Verify ${attribute}`, prompt: `Verification code Cognito sent${deliveryText(sent)}` }));
    if (!code) return undefined;
    await verifyUserAttribute(conn, accessToken, attribute, code);
    logger.info(`Verified ${attribute} on "${conn.name}"`);
    return true;
  }

  commands.register('cognitoExplorer.updateAttributes', async (arg?: unknown): Promise<{ updated: string[]; needsVerification: string[]; verified: boolean } | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Update the attributes of which session?' });
    if (!conn) return undefined;
    const session = await renewer.usableSession(conn);
    const token = session.tokens.accessToken;
    let attributes = given?.attributes;
    if (!attributes) {
      const profile = await getUser(conn, token);
      const other = '$(add) Another attribute…';
      const picked = await vscode.window.showQuickPick(
        [...editableAttributes(profile.attributes).map((name) => ({ label: name, description: profile.attributes[name] })), { label: other, description: 'custom:… or a standard attribute not set yet' }],
        { title: `Cognito: Attributes of ${session.username}`, placeHolder: 'Which attribute should change?', ignoreFocusOut: true },
      );
      if (!picked) return undefined;
      const name = picked.label === other ? await ask({ title: 'Cognito: Update Attribute', prompt: 'Attribute name', placeHolder: 'custom:team', validate: (v) => (/^[\w:.-]+$/.test(v.trim()) ? undefined : 'Use a name like name, phone_number or custom:team.') }) : picked.label;
      if (!name) return undefined;
      const value = await ask({ title: `Cognito: Update ${name}`, prompt: `New value of ${name}`, value: profile.attributes[name], optional: true, validate: name === 'email' ? validateEmail : undefined });
      if (value === undefined) return undefined;
      attributes = { [name]: value };
    }
    const result = await updateUserAttributes(conn, token, attributes, metadataOf(conn));
    const updated = Object.keys(attributes);
    // Cognito says which changes wait for a code; a pool that says nothing still wants email and phone verified.
    const pending = result.needsVerification.map((d) => d.attributeName).filter((n): n is string => Boolean(n));
    logger.info(`Updated ${updated.join(', ')} of ${session.username} on "${conn.name}"${pending.length ? `; ${pending.join(', ')} waiting for verification` : ''}`);
    let verified = false;
    const toVerify = pending[0] ?? (given?.code ? updated.find(needsCode) : undefined);
    if (toVerify && (given?.code || !given)) {
      const delivery = result.needsVerification.find((d) => d.attributeName === toVerify) ?? {};
      verified = Boolean(await verify(conn, token, toVerify, given, delivery));
    }
    if (!given) {
      const note = pending.length && !verified ? ` ${pending.join(' and ')} stays unverified until you enter the code ("Cognito: Verify Attribute").` : verified ? ` ${toVerify} is verified.` : '';
      void vscode.window.showInformationMessage(`Updated ${updated.join(', ')} of ${session.username} on ${conn.name}.${note}`);
    }
    return { updated, needsVerification: pending, verified };
  });

  commands.register('cognitoExplorer.verifyAttribute', async (arg?: unknown): Promise<boolean | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Verify an attribute of which session?' });
    if (!conn) return undefined;
    const session = await renewer.usableSession(conn);
    let attribute = given?.attribute;
    if (!attribute) {
      const profile = await getUser(conn, session.tokens.accessToken);
      const choices = ['email', 'phone_number'].filter((n) => profile.attributes[n] !== undefined);
      if (choices.length === 0) throw new UserFacingError(`${session.username} has no email address or phone number to verify.`, 'NothingToVerify');
      const picked = await vscode.window.showQuickPick(
        choices.map((n) => ({ label: n, description: `${profile.attributes[n]} · ${profile.attributes[`${n}_verified`] === 'true' ? 'verified' : 'not verified'}` })),
        { title: `Cognito: Verify an Attribute of ${session.username}`, placeHolder: 'Cognito sends a code to the address or number; then enter it', ignoreFocusOut: true },
      );
      if (!picked) return undefined;
      attribute = picked.label;
    }
    const done = await verify(conn, session.tokens.accessToken, attribute, given);
    if (done) inform(Boolean(given), `Verified ${attribute} of ${session.username} on ${conn.name}.`);
    return done;
  });

  commands.register('cognitoExplorer.deleteAccount', async (arg?: unknown): Promise<boolean | undefined> => {
    const given = automationArg<AccountArgs>(arg);
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Delete the account of which session?' });
    if (!conn) return undefined;
    const session = await renewer.usableSession(conn);
    const typed =
      given?.confirmUsername ??
      (await ask({
        title: `Cognito: Delete the Account ${session.username}`,
        prompt: `This deletes ${session.username} from ${conn.userPoolId} for good. Type the username to confirm.`,
        placeHolder: session.username,
        validate: (v) => (v.trim() === session.username ? undefined : `Type ${session.username} exactly to confirm.`),
      }));
    if (typed === undefined) return undefined;
    if (typed.trim() !== session.username) {
      throw new UserFacingError(`The account was not deleted: "${typed}" does not match the username ${session.username}.`, 'ConfirmationMismatch');
    }
    await deleteUser(conn, session.tokens.accessToken);
    const device = await deviceOfSession(sessions.secrets, conn.id, session);
    if (device) await deleteDevice(sessions.secrets, conn.id, device.keyedBy);
    await sessions.clear(conn.id);
    logger.info(`Deleted the account ${session.username} from "${conn.name}"; its session was removed from SecretStorage`);
    inform(Boolean(given), `Deleted the account ${session.username} from ${conn.name} and signed out.`);
    return true;
  });
}
