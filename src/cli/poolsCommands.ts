/** `pools`, `clients` and `groups`: the admin view of user pools, signed with the caller's AWS profile. */
import type { AdminTarget } from '../core/pools/adminTarget';
import { describeAppClient, describeUserPool, listAppClients, listGroupMembers, listGroups, listUserPools, type GroupSummary, type PoolSummary } from '../core/pools/pools';
import { preflight } from '../core/pools/preflight';
import { escapeControl } from '../core/text';
import { ADMIN_OPTIONS, attrMapOf, poolTarget, regionTarget } from './adminCommon';
import { need, print, type CommandContext, type CommandSpec } from './common';
import { writeUsers } from './usersOutput';

function lines(ctx: CommandContext, rows: string[][]): void {
  ctx.io.stdout.write(rows.map((r) => r.map((c) => escapeControl(c)).join('\t')).join('\n') + (rows.length ? '\n' : ''));
}

type Page<T> = { nextToken?: string } & Record<string, T[] | string | undefined>;

/**
 * A listing printed whole (pools, clients and groups are small): every page of `fetch`, as `{key: [...]}` in JSON
 * or one tab-separated `row` per item in text.
 */
function listing<T>(command: string, key: string, fetch: (t: AdminTarget, poolId: string, nextToken?: string) => Promise<Page<T>>, row: (item: T) => string[], needsPool = true): CommandSpec {
  return {
    positionals: 0,
    outputs: ['json', 'text'],
    options: ADMIN_OPTIONS,
    async run(ctx) {
      const { t, poolId } = needsPool ? poolTarget(ctx, command) : { t: await regionTarget(ctx, command), poolId: '' };
      const items: T[] = [];
      let token: string | undefined;
      do {
        const page = await fetch(t, poolId, token);
        items.push(...(page[key] as T[]));
        token = page.nextToken;
      } while (token);
      if (ctx.output === 'text') lines(ctx, items.map(row));
      else print(ctx, { [key]: items });
      return 0;
    },
  };
}

function details(command: string, describe: (ctx: CommandContext, t: AdminTarget, poolId: string) => Promise<object>): CommandSpec {
  return {
    positionals: 0,
    outputs: ['json', 'text'],
    options: ADMIN_OPTIONS,
    async run(ctx) {
      const { t, poolId } = poolTarget(ctx, command);
      print(ctx, { ...(await describe(ctx, t, poolId)) });
      return 0;
    },
  };
}

export const POOLS_COMMANDS: Record<string, CommandSpec> = {
  list: listing('pools list', 'pools', (t, _poolId, nextToken) => listUserPools(t, { nextToken }), (p: PoolSummary) => [p.id, p.name], false),
  describe: details('pools describe', (_ctx, t, poolId) => describeUserPool(t, poolId)),
};

export const CLIENTS_COMMANDS: Record<string, CommandSpec> = {
  list: listing('clients list', 'clients', (t, poolId, nextToken) => listAppClients(t, poolId, { nextToken }), (c: { id: string; name: string }) => [c.id, c.name]),
  describe: details('clients describe', async (ctx, t, poolId) => {
    const clientId = need(ctx.values, 'client-id', 'clients describe');
    const [pool, client] = await Promise.all([describeUserPool(t, poolId), describeAppClient(t, poolId, clientId)]);
    return { ...client, warnings: preflight(pool, client) };
  }),
};

export const GROUPS_COMMANDS: Record<string, CommandSpec> = {
  list: listing('groups list', 'groups', (t, poolId, nextToken) => listGroups(t, poolId, { nextToken }), (g: GroupSummary) => [g.name, g.precedence === undefined ? '' : String(g.precedence), g.description ?? '']),
  members: {
    positionals: 0,
    outputs: ['json', 'text', 'csv'],
    options: { ...ADMIN_OPTIONS, group: { type: 'string' }, 'attr-map': { type: 'string' } },
    async run(ctx) {
      const { t, poolId } = poolTarget(ctx, 'groups members');
      const group = need(ctx.values, 'group', 'groups members');
      const map = await attrMapOf(ctx);
      async function* pages() {
        let token: string | undefined;
        do {
          const page = await listGroupMembers(t, poolId, group, { nextToken: token });
          yield page.users;
          token = page.nextToken;
        } while (token);
      }
      await writeUsers(ctx, pages(), { map, t, poolId });
      return 0;
    },
  },
};
