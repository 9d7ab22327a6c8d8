/** Admin actions on one user; each prints the one sentence the core returns about what changed. */
import * as admin from '../core/pools/admin';
import type { AdminTarget } from '../core/pools/adminTarget';
import { ADMIN_OPTIONS, poolTarget } from './adminCommon';
import { attributesOf, need, print, str, UsageError, type CommandContext, type CommandSpec, type Options } from './common';
import { promptHidden } from './io';

interface Action {
  options?: Options;
  run(ctx: CommandContext, t: AdminTarget, poolId: string, username: string, command: string): Promise<string>;
}

function spec(name: string, action: Action): CommandSpec {
  return {
    positionals: 0,
    outputs: ['json', 'text'],
    options: { ...ADMIN_OPTIONS, username: { type: 'string' }, ...action.options },
    async run(ctx) {
      const command = `users ${name}`;
      const { t, poolId } = poolTarget(ctx, command);
      const username = need(ctx.values, 'username', command);
      const summary = await action.run(ctx, t, poolId, username, command);
      if (ctx.output === 'text') ctx.io.stdout.write(`${summary}\n`);
      else print(ctx, { summary });
      return 0;
    },
  };
}

/** A password from the first line of stdin, or typed without echo on a terminal; never an argument. */
async function passwordFromStdin(ctx: CommandContext, username: string, command: string, what: string): Promise<string> {
  if (ctx.io.isTTY) return promptHidden(ctx.io, `${what} for ${username}: `);
  const line = await ctx.stdin.take();
  if (!line) throw new UsageError(`${command} reads the ${what.toLowerCase()} from the first line of stdin, and it was empty.`, command);
  return line;
}

function group(ctx: CommandContext, command: string): string {
  return need(ctx.values, 'group', command);
}

const GROUP: Options = { group: { type: 'string' } };

function deliveryOf(ctx: CommandContext, command: string): ('EMAIL' | 'SMS')[] | undefined {
  const raw = str(ctx.values, 'delivery');
  if (!raw) return undefined;
  const mediums = raw.toUpperCase().split(',').map((m) => m.trim());
  if (!mediums.every((m) => m === 'EMAIL' || m === 'SMS')) throw new UsageError(`--delivery takes EMAIL, SMS or EMAIL,SMS; got "${raw}".`, command);
  return mediums as ('EMAIL' | 'SMS')[];
}

export const USER_ADMIN_COMMANDS: Record<string, CommandSpec> = {
  create: spec('create', {
    options: {
      attribute: { type: 'string', multiple: true },
      'temporary-password-stdin': { type: 'boolean' },
      'suppress-message': { type: 'boolean' },
      resend: { type: 'boolean' },
      delivery: { type: 'string' },
    },
    async run(ctx, t, poolId, username, command) {
      const temporaryPassword = ctx.values['temporary-password-stdin'] ? await passwordFromStdin(ctx, username, command, 'Temporary password') : undefined;
      return admin.createUser(t, poolId, {
        username,
        attributes: attributesOf(ctx.values, command),
        ...(temporaryPassword ? { temporaryPassword } : {}),
        suppressMessage: Boolean(ctx.values['suppress-message']),
        resend: Boolean(ctx.values.resend),
        deliveryMediums: deliveryOf(ctx, command),
      });
    },
  }),
  enable: spec('enable', { run: (_ctx, t, poolId, username) => admin.enableUser(t, poolId, username) }),
  disable: spec('disable', { run: (_ctx, t, poolId, username) => admin.disableUser(t, poolId, username) }),
  'reset-password': spec('reset-password', { run: (_ctx, t, poolId, username) => admin.resetPassword(t, poolId, username) }),
  'set-password': spec('set-password', {
    options: { permanent: { type: 'boolean' } },
    async run(ctx, t, poolId, username, command) {
      const password = await passwordFromStdin(ctx, username, command, 'New password');
      return admin.setPassword(t, poolId, username, password, Boolean(ctx.values.permanent));
    },
  }),
  confirm: spec('confirm', { run: (_ctx, t, poolId, username) => admin.confirmSignUp(t, poolId, username) }),
  'verify-attribute': spec('verify-attribute', {
    options: { 'attribute-name': { type: 'string' } },
    run(ctx, t, poolId, username, command) {
      const name = need(ctx.values, 'attribute-name', command);
      if (name !== 'email' && name !== 'phone_number') throw new UsageError(`--attribute-name must be email or phone_number; got "${name}".`, command);
      return admin.verifyAttribute(t, poolId, username, name);
    },
  }),
  'add-to-group': spec('add-to-group', { options: GROUP, run: (ctx, t, poolId, username, command) => admin.addToGroup(t, poolId, username, group(ctx, command)) }),
  'remove-from-group': spec('remove-from-group', { options: GROUP, run: (ctx, t, poolId, username, command) => admin.removeFromGroup(t, poolId, username, group(ctx, command)) }),
  'sign-out': spec('sign-out', { run: (_ctx, t, poolId, username) => admin.signOutEverywhere(t, poolId, username) }),
  delete: spec('delete', {
    options: { 'confirm-username': { type: 'string' } },
    run(ctx, t, poolId, username, command) {
      const confirm = str(ctx.values, 'confirm-username');
      if (!confirm) throw new UsageError(`${command} deletes the user for good; confirm by passing the username again with --confirm-username ${username}.`, command);
      if (confirm !== username) throw new UsageError(`Not deleting: --confirm-username "${confirm}" is not --username "${username}".`, command);
      return admin.deleteUser(t, poolId, username);
    },
  }),
};
