import type * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { samePool, type PoolEvents, type UserChange } from '../pools/poolEvents';
import { targetFor } from '../pools/poolSettings';
import type { SettingsReader } from '../platform/settings';
import { NodeTreeProvider, type TreeNode } from './nodes';
import type { PagedNode } from './pagedNode';
import { RegionNode } from './poolNodes';
import { UserListNode, UsersNode, type PoolTreeContext } from './userNodes';

/**
 * The User Pools view: configured regions -> pools -> app clients, groups, users, identity pools. Admin actions
 * update the affected rows in place (PoolEvents); a settings change rebuilds the tree.
 */
export class UserPoolsTree extends NodeTreeProvider {
  private lists = new Set<WeakRef<UserListNode>>();
  private readonly ctx: PoolTreeContext;
  private regions: RegionNode[] | undefined;

  constructor(
    private readonly settings: SettingsReader,
    logger: Logger,
    events: PoolEvents,
  ) {
    super();
    this.ctx = {
      logger,
      attributeMap: (poolId) => settings.attributeMaps().forPool(poolId),
      track: (list) => this.lists.add(new WeakRef(list)),
    };
    this.disposables.push(events.onDidChangeUser((change) => this.apply(change)));
  }

  protected roots(): TreeNode[] {
    const access = this.settings.poolAccess();
    if (!access.configured) return [];
    const who = access.profile ? `profile ${access.profile}` : 'default credentials';
    this.regions ??= access.regions.map((region) => new RegionNode(targetFor(access, region), this.ctx, who));
    return this.regions;
  }

  /** Everything again from the start (settings changed, or the user asked). */
  reload(): void {
    this.regions = undefined;
    this.lists = new Set();
    this.refresh();
  }

  async loadMore(node: PagedNode): Promise<void> {
    await node.loadNextPage();
    this.refresh(node);
  }

  private liveLists(): UserListNode[] {
    const out: UserListNode[] = [];
    for (const ref of this.lists) {
      const list = ref.deref();
      if (list) out.push(list);
      else this.lists.delete(ref);
    }
    return out;
  }

  private apply(change: UserChange): void {
    for (const list of this.liveLists()) {
      if (!samePool(list.pool, change.pool)) continue;
      if (change.kind === 'created') {
        // A new user belongs to no group yet; Users keeps its pages and its Load more… token.
        if (list instanceof UsersNode && list.insertUser(change.user)) this.refresh(list);
        continue;
      }
      const username = change.kind === 'updated' ? change.user.username : change.username;
      for (const node of list.userNodes()) {
        if (node.user.username !== username) continue;
        if (change.kind === 'deleted') {
          list.removeNode(node);
          this.refresh(list);
        } else if (change.kind === 'updated') {
          node.update(change.user);
          this.refresh(node);
        } else {
          // Group membership: the user's Groups list and every group's member list may differ now.
          node.update(node.user);
          this.refresh(node);
        }
      }
      if (change.kind === 'groups' && !(list instanceof UsersNode)) {
        list.reset();
        this.refresh(list);
      }
    }
  }

  /** The Users nodes loaded so far (tests and Find User use them). */
  usersNodes(): UsersNode[] {
    return this.liveLists().filter((l): l is UsersNode => l instanceof UsersNode);
  }
}

export type UserPoolsTreeView = vscode.TreeView<TreeNode>;
