/** Which pool or user a User Pools command acts on: a tree node, an automation object, or the user's pick. */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { listUserPools } from '../../core/pools/pools';
import type { PoolRef, UserRef } from '../pools/poolEvents';
import { regionOfPool, targetFor } from '../pools/poolSettings';
import { AppClientNode, GroupNode, PoolNode, RegionNode } from '../tree/poolNodes';
import { UserListNode, UserNode } from '../tree/userNodes';
import { automationArg, type CommandDeps } from './deps';

export interface PoolArgs {
  poolId: string;
  region: string;
  poolName: string;
}

async function pickPool(deps: CommandDeps): Promise<PoolRef | undefined> {
  const access = deps.settings.poolAccess();
  const region = access.regions.length === 1 ? access.regions[0] : await vscode.window.showQuickPick(access.regions, { placeHolder: 'Which region?', ignoreFocusOut: true });
  if (!region) return undefined;
  const target = targetFor(access, region);
  const pools = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Listing user pools in ${region}…` }, async () => {
    const all = [];
    let nextToken: string | undefined;
    do {
      const page = await listUserPools(target, { maxResults: 60, ...(nextToken ? { nextToken } : {}) });
      all.push(...page.pools);
      nextToken = page.nextToken;
    } while (nextToken && all.length < 600);
    return all;
  });
  if (pools.length === 0) throw new UserFacingError(`There are no user pools in ${region} for these credentials; check the region and the AWS profile ("Cognito: Configure Admin Access").`, 'NoPools');
  const picked = await vscode.window.showQuickPick(
    pools.map((p) => ({ label: p.name, description: p.id, pool: p })),
    { placeHolder: 'Which user pool?', ignoreFocusOut: true, matchOnDescription: true },
  );
  return picked ? { target, poolId: picked.pool.id, poolName: picked.pool.name } : undefined;
}

/** The pool of a node (pool, its folders, a client, a group, a user), of `{ poolId, region? }`, or a pick. */
export async function poolRefOf(deps: CommandDeps, arg: unknown): Promise<PoolRef | undefined> {
  if (arg instanceof PoolNode) return arg.ref;
  if (arg instanceof UserListNode || arg instanceof AppClientNode || arg instanceof GroupNode || arg instanceof UserNode) return arg.pool;
  const given = automationArg<PoolArgs>(arg);
  if (given?.poolId) {
    const region = given.region ?? regionOfPool(given.poolId) ?? deps.settings.poolAccess().regions[0];
    return { target: targetFor(deps.settings.poolAccess(), region), poolId: given.poolId, ...(given.poolName ? { poolName: given.poolName } : {}) };
  }
  if (arg instanceof RegionNode) return undefined;
  return pickPool(deps);
}

/** The user of a user node, of `{ poolId, username }`, or picked and typed. */
export async function userRefOf(deps: CommandDeps, arg: unknown): Promise<UserRef | undefined> {
  if (arg instanceof UserNode) return arg.ref;
  const given = automationArg<PoolArgs & { username: string }>(arg);
  const pool = await poolRefOf(deps, arg);
  if (!pool) return undefined;
  const username =
    given?.username ??
    (await vscode.window.showInputBox({ prompt: `Username in ${pool.poolName ?? pool.poolId}`, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Type a username.') }))?.trim();
  return username ? { ...pool, username } : undefined;
}
