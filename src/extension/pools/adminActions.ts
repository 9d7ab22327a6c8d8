/**
 * The admin actions on one user, shared by the tree's commands and the user browser: confirm what is destructive,
 * ask for what is needed (passwords only in password input boxes), call the core, report exactly what changed and
 * tell the tree and the browsers through PoolEvents.
 */
import * as vscode from 'vscode';
import * as admin from '../../core/pools/admin';
import { listGroups } from '../../core/pools/pools';
import { getUser } from '../../core/pools/users';
import { toUserFacing, UserFacingError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { registerSecret } from '../../core/redact';
import type { AdminAction } from '../../shared/userBrowserProtocol';
import type { PoolEvents, UserRef } from './poolEvents';

export interface AdminActionHost {
  logger: Logger;
  events: PoolEvents;
}

/** Given by automation (tests, scripts): no prompts and no confirmations. */
export interface ActionInput {
  group?: string;
  password?: string;
  permanent?: boolean;
}

const DESTRUCTIVE: Partial<Record<AdminAction, (u: string) => { question: string; button: string }>> = {
  disable: (u) => ({ question: `Disable ${u}? They can no longer sign in, and their tokens stop refreshing.`, button: 'Disable' }),
  resetPassword: (u) => ({ question: `Reset the password of ${u}? Their current password stops working and they must set a new one with a code.`, button: 'Reset Password' }),
  setPassword: (u) => ({ question: `Replace the password of ${u}?`, button: 'Set Password' }),
  signOutEverywhere: (u) => ({ question: `Sign ${u} out everywhere? Every refresh token of theirs is revoked.`, button: 'Sign Out Everywhere' }),
  removeFromGroup: (u) => ({ question: `Remove ${u} from the group?`, button: 'Remove' }),
};

async function confirm(question: string, button: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true }, button)) === button;
}

async function pickGroup(ref: UserRef, action: 'addToGroup' | 'removeFromGroup'): Promise<string | undefined> {
  let names: string[];
  if (action === 'removeFromGroup') names = (await getUser(ref.target, ref.poolId, ref.username)).groups;
  else {
    names = [];
    let nextToken: string | undefined;
    do {
      const page = await listGroups(ref.target, ref.poolId, { nextToken });
      names.push(...page.groups.map((g) => g.name));
      nextToken = page.nextToken;
    } while (nextToken && names.length < 1000);
  }
  if (names.length === 0) throw new UserFacingError(action === 'removeFromGroup' ? `${ref.username} is in no group.` : `Pool ${ref.poolId} has no groups; create one in the console first.`, 'NoGroups');
  return vscode.window.showQuickPick(names, { placeHolder: action === 'addToGroup' ? `Add ${ref.username} to which group?` : `Remove ${ref.username} from which group?`, ignoreFocusOut: true });
}

async function askPassword(ref: UserRef): Promise<{ password: string; permanent: boolean } | undefined> {
  const password = await vscode.window.showInputBox({
    title: `Set the password of ${ref.username}`,
    prompt: 'New password (it must meet the pool\'s password policy)',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Type a password.'),
  });
  if (!password) return undefined;
  registerSecret(password);
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Permanent', description: 'the user signs in with it as it is', permanent: true },
      { label: 'Temporary', description: 'the user must choose a new one at the next sign-in', permanent: false },
    ],
    { placeHolder: 'Permanent or temporary password?', ignoreFocusOut: true },
  );
  return kind ? { password, permanent: kind.permanent } : undefined;
}

/** Asks the user to type the username; only an exact match deletes. */
async function confirmDelete(username: string): Promise<boolean> {
  const typed = await vscode.window.showInputBox({
    title: `Delete ${username}`,
    prompt: `This deletes the user and everything Cognito keeps for them. Type the username (${username}) to confirm.`,
    ignoreFocusOut: true,
    validateInput: (v) => (v === '' || v === username ? undefined : `Type exactly ${username} to delete this user.`),
  });
  return typed === username;
}

/**
 * Runs one action on one user; `input` set means automation (nothing is asked). Returns the core's one-sentence
 * summary of what changed, or undefined when the user cancelled.
 */
export async function runAdminAction(host: AdminActionHost, ref: UserRef, action: AdminAction, input?: ActionInput): Promise<string | undefined> {
  const ask = input === undefined;
  const { target, poolId, username } = ref;
  const question = DESTRUCTIVE[action]?.(username);
  if (ask && question && action !== 'removeFromGroup' && action !== 'setPassword' && !(await confirm(question.question, question.button))) return undefined;
  let summary: string;
  try {
    switch (action) {
      case 'enable':
        summary = await admin.enableUser(target, poolId, username);
        break;
      case 'disable':
        summary = await admin.disableUser(target, poolId, username);
        break;
      case 'resetPassword':
        summary = await admin.resetPassword(target, poolId, username);
        break;
      case 'setPassword': {
        const given = input?.password !== undefined ? { password: input.password, permanent: input.permanent !== false } : await askPassword(ref);
        if (!given) return undefined;
        registerSecret(given.password);
        if (ask && !(await confirm(question!.question, question!.button))) return undefined;
        summary = await admin.setPassword(target, poolId, username, given.password, given.permanent);
        break;
      }
      case 'confirmSignUp':
        summary = await admin.confirmSignUp(target, poolId, username);
        break;
      case 'verifyEmail':
      case 'verifyPhone':
        summary = await admin.verifyAttribute(target, poolId, username, action === 'verifyEmail' ? 'email' : 'phone_number');
        break;
      case 'addToGroup':
      case 'removeFromGroup': {
        const group = input?.group ?? (await pickGroup(ref, action));
        if (!group) return undefined;
        if (ask && action === 'removeFromGroup' && !(await confirm(`Remove ${username} from the group ${group}?`, 'Remove'))) return undefined;
        summary = action === 'addToGroup' ? await admin.addToGroup(target, poolId, username, group) : await admin.removeFromGroup(target, poolId, username, group);
        host.events.fire({ kind: 'groups', pool: ref, username });
        break;
      }
      case 'signOutEverywhere':
        summary = await admin.signOutEverywhere(target, poolId, username);
        break;
      case 'resendInvitation':
        summary = await admin.resendInvitation(target, poolId, username);
        break;
      case 'delete':
        if (ask && !(await confirmDelete(username))) return undefined;
        summary = await admin.deleteUser(target, poolId, username);
        host.events.fire({ kind: 'deleted', pool: ref, username });
        break;
    }
  } catch (err) {
    throw toUserFacing(err, { userPoolId: poolId, username, endpointUrl: target.endpointUrl, action: `${action} ${username}` });
  }
  host.logger.info(`Pool ${poolId}: ${summary}`);
  if (action !== 'delete') await refreshUser(host, ref);
  return summary;
}

/** Reads the user again and tells everyone; a failure here only costs the in-place update. */
export async function refreshUser(host: AdminActionHost, ref: UserRef): Promise<void> {
  try {
    const user = await getUser(ref.target, ref.poolId, ref.username);
    host.events.fire({ kind: 'updated', pool: ref, user });
  } catch (err) {
    host.logger.warn(`Could not read ${ref.username} again after the change`, err);
  }
}
