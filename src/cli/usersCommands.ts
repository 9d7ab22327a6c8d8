/** `users list|get|find` and the admin actions on one user (`users create|enable|disable|...`). */
import { validateFilter } from '../core/pools/filter';
import { getUser, findUsers, listAllUsers, listUsers, MAX_PAGE } from '../core/pools/users';
import { ADMIN_OPTIONS, attrMapOf, poolTarget } from './adminCommon';
import { check, need, print, str, UsageError, type CommandContext, type CommandSpec } from './common';
import { USER_ADMIN_COMMANDS } from './usersAdminCommands';
import { userJson, writeUsers } from './usersOutput';

function attributeList(ctx: CommandContext): string[] | undefined {
  const raw = str(ctx.values, 'attributes');
  if (!raw) return undefined;
  const names = raw.split(',').map((a) => a.trim()).filter(Boolean);
  return names.length ? names : undefined;
}

function positiveInt(ctx: CommandContext, name: string, command: string, max: number): number | undefined {
  const raw = str(ctx.values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}; got "${raw}".`, command);
  return n;
}

const list: CommandSpec = {
  positionals: 0,
  outputs: ['json', 'text', 'csv'],
  options: {
    ...ADMIN_OPTIONS,
    filter: { type: 'string' },
    attributes: { type: 'string' },
    'attr-map': { type: 'string' },
    all: { type: 'boolean' },
    limit: { type: 'string' },
    'pagination-token': { type: 'string' },
    concurrency: { type: 'string' },
    sequential: { type: 'boolean' },
  },
  async run(ctx) {
    const command = 'users list';
    const { t, poolId } = poolTarget(ctx, command);
    const filter = str(ctx.values, 'filter');
    if (filter) check(validateFilter(filter), command);
    const attributes = attributeList(ctx);
    const limit = positiveInt(ctx, 'limit', command, MAX_PAGE);
    const concurrency = positiveInt(ctx, 'concurrency', command, 16);
    const token = str(ctx.values, 'pagination-token');
    const all = Boolean(ctx.values.all);
    if (!all && (ctx.values.sequential || concurrency)) throw new UsageError('--sequential and --concurrency go with --all.', command);
    if (all && (limit || token)) throw new UsageError('--all lists every user; leave out --limit and --pagination-token.', command);
    const map = await attrMapOf(ctx);
    let nextToken: string | undefined;
    async function* onePage() {
      const page = await listUsers(t, poolId, { filter, attributes, limit, paginationToken: token });
      nextToken = page.nextToken;
      yield page.users;
    }
    const pages = all ? listAllUsers(t, poolId, { filter, attributes, concurrency, sequential: Boolean(ctx.values.sequential) }) : onePage();
    await writeUsers(ctx, pages, { map, columns: attributes, t, poolId, nextToken: () => nextToken });
    if (nextToken && ctx.output !== 'json') ctx.io.stderr.write('note: more users follow; add --all for every user, or --pagination-token with the token from --output json.\n');
    return 0;
  },
};

const get: CommandSpec = {
  positionals: 0,
  outputs: ['json', 'text'],
  options: { ...ADMIN_OPTIONS, username: { type: 'string' }, 'attr-map': { type: 'string' } },
  async run(ctx) {
    const { t, poolId } = poolTarget(ctx, 'users get');
    const username = need(ctx.values, 'username', 'users get');
    const map = await attrMapOf(ctx);
    const user = await getUser(t, poolId, username);
    print(ctx, userJson(user, map));
    return 0;
  },
};

const find: CommandSpec = {
  positionals: 1,
  outputs: ['json', 'text', 'csv'],
  options: { ...ADMIN_OPTIONS, query: { type: 'string' }, 'attr-map': { type: 'string' } },
  async run(ctx) {
    const { t, poolId } = poolTarget(ctx, 'users find');
    const query = str(ctx.values, 'query') ?? ctx.positionals[0]?.trim();
    if (!query) throw new UsageError('users find needs what to look for: a username, email, phone number or sub prefix.', 'users find');
    const map = await attrMapOf(ctx);
    const users = await findUsers(t, poolId, query);
    async function* pages() {
      yield users;
    }
    await writeUsers(ctx, pages(), { map, t, poolId });
    return 0;
  },
};

export const USERS_COMMANDS: Record<string, CommandSpec> = { list, get, find, ...USER_ADMIN_COMMANDS };
