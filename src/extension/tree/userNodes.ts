import * as vscode from 'vscode';
import { displayName, type AttrMap } from '../../core/pools/attrMap';
import type { PoolUser, UserDetails } from '../../core/pools/users';

// The admin calls load when a node is first expanded, not with the view at activation.
const pools = () => import('../../core/pools/pools');
const users = () => import('../../core/pools/users');
import { explainError } from '../../core/errors';
import { matchesFilter } from '../../core/pools/filter';
import type { Logger } from '../../core/ports';
import { escapeControl } from '../../core/text';
import type { FilterSpec } from '../../shared/userBrowserProtocol';
import type { PoolRef, UserRef } from '../pools/poolEvents';
import { statusText } from '../pools/userViews';
import { ErrorNode, folderItem, type TreeNode } from './nodes';
import { InfoNode, ListNode, PagedNode, type Page } from './pagedNode';

export const USERS_PAGE = 60;

export interface PoolTreeContext {
  logger: Logger;
  attributeMap(poolId: string): AttrMap;
  /** Lists of users register here so an admin action can update their rows in place. */
  track(list: UserListNode): void;
}

const STATUS_ICONS: Record<string, string> = { CONFIRMED: 'pass', FORCE_CHANGE_PASSWORD: 'key', UNCONFIRMED: 'mail', RESET_REQUIRED: 'sync', EXTERNAL_PROVIDER: 'link-external' };

/** One user: the summary in the row, everything AdminGetUser says when expanded. */
export class UserNode implements TreeNode {
  private details: UserDetails | undefined;

  constructor(
    public user: PoolUser,
    readonly pool: PoolRef,
    readonly parentId: string,
    private readonly ctx: PoolTreeContext,
  ) {}

  get ref(): UserRef {
    return { ...this.pool, username: this.user.username };
  }

  /** New data from an admin action; the expanded details are read again. */
  update(user: PoolUser): void {
    this.user = user;
    this.details = undefined;
  }

  item(): vscode.TreeItem {
    const u = this.user;
    const item = new vscode.TreeItem(escapeControl(u.username), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.parentId}/u:${u.username}`;
    const email = u.attributes.email;
    item.description = `${email ? `${escapeControl(email)} · ` : ''}${statusText(u)}`;
    item.tooltip = `${escapeControl(u.username)}\n${statusText(u)}${u.sub ? `\nsub ${u.sub}` : ''}`;
    item.iconPath = new vscode.ThemeIcon(u.enabled ? (STATUS_ICONS[u.status ?? ''] ?? 'person') : 'circle-slash');
    item.contextValue = `user:${u.enabled ? 'enabled' : 'disabled'}:${u.status ?? 'UNKNOWN'}`;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    let d: UserDetails;
    try {
      d = this.details ??= await (await users()).getUser(this.pool.target, this.pool.poolId, this.user.username);
    } catch (err) {
      this.ctx.logger.error(`Could not read user ${this.user.username}`, err);
      return [new ErrorNode('read this user', explainError(err), `${this.parentId}/u:${this.user.username}`)];
    }
    const id = `${this.parentId}/u:${this.user.username}`;
    const map = this.ctx.attributeMap(this.pool.poolId);
    const attrs = Object.entries(d.attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => {
        const title = displayName(map, name);
        return new InfoNode(escapeControl(title), escapeControl(value), 'symbol-field', 'attribute', `${escapeControl(name)}: ${escapeControl(value)}`);
      });
    const devices: TreeNode[] = d.devices.map((dev) =>
      new InfoNode(escapeControl(dev.name ?? dev.key), `${dev.remembered ? 'remembered · ' : ''}${dev.lastAuthenticated ? `last used ${dev.lastAuthenticated.toISOString()}` : ''}`, 'device-desktop', 'device', `${escapeControl(dev.key)}${dev.lastIp ? `\nlast IP ${escapeControl(dev.lastIp)}` : ''}`),
    );
    if (d.devicesError) devices.push(new ErrorNode('list the devices', d.devicesError, `${id}/devices`));
    const groups: TreeNode[] = d.groups.map((g) => new InfoNode(escapeControl(g), '', 'organization', 'userGroup'));
    if (d.groupsError) groups.push(new ErrorNode('list the groups', d.groupsError, `${id}/groups`));
    const mfa = [...(d.mfa ?? []), ...(d.mfaOptions ?? []).map((o) => `${o.deliveryMedium ?? ''} ${o.attributeName ?? ''}`.trim())];
    return [
      new InfoNode('Status', statusText(d), 'info', 'userStatus'),
      new InfoNode('MFA', `${mfa.length ? mfa.join(', ') : 'none'}${d.preferredMfa ? ` (preferred ${d.preferredMfa})` : ''}`, 'shield', 'userMfa'),
      new ListNode('Attributes', attrs, `${id}/attributes`, 'symbol-field'),
      new ListNode('Groups', groups, `${id}/groups`, 'organization', 'In no group', d.groupsError ? null : d.groups.length),
      new ListNode('Devices', devices, `${id}/devices`, 'device-desktop', 'No remembered devices', d.devicesError ? null : d.devices.length),
    ];
  }
}

/** A paged list of users (a pool's Users, a group's members) that admin actions update in place. */
export abstract class UserListNode extends PagedNode {
  constructor(
    nodeId: string,
    readonly pool: PoolRef,
    protected readonly ctx: PoolTreeContext,
  ) {
    super(nodeId, ctx.logger);
    ctx.track(this);
  }

  /** The user rows of the loaded pages (Find User's matches, shown apart, are not among them). */
  private pageUsers(): UserNode[] {
    return this.loadedNodes().filter((n): n is UserNode => n instanceof UserNode);
  }

  userNodes(): UserNode[] {
    return this.pageUsers();
  }

  /** A later page may hold a user inserted in place since (created here): it stays where it is, listed once. */
  protected nodesOf(users: PoolUser[]): TreeNode[] {
    const have = new Set(this.pageUsers().map((n) => n.user.username));
    return users.filter((u) => !have.has(u.username)).map((u) => new UserNode(u, this.pool, this.nodeId, this.ctx));
  }

  /** Inserts a created user, when this list has loaded and would list them; true when the list changed. */
  insertUser(user: PoolUser): boolean {
    if (this.pageUsers().some((n) => n.user.username === user.username)) return false;
    return this.insertNode(new UserNode(user, this.pool, this.nodeId, this.ctx));
  }
}

/** The users that Find User matched, shown first under Users. */
class FoundNode implements TreeNode {
  constructor(
    private readonly query: string,
    private readonly nodes: UserNode[],
    private readonly id: string,
  ) {}

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Found: "${escapeControl(this.query)}"`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${this.id}:${this.query}`;
    item.description = `${this.nodes.length} user${this.nodes.length === 1 ? '' : 's'}`;
    item.iconPath = new vscode.ThemeIcon('search');
    item.contextValue = 'foundUsers';
    return item;
  }

  children(): TreeNode[] {
    return this.nodes.length ? this.nodes : [new InfoNode('No user matches', '', 'info', 'message')];
  }
}

/** A pool's users, 60 a page, with an optional server-side filter and Find User results on top. */
export class UsersNode extends UserListNode {
  protected readonly what = 'list users';
  filter: { expression: string; spec: FilterSpec } | undefined;
  private found: { query: string; nodes: UserNode[] } | undefined;

  item(): vscode.TreeItem {
    const description = this.filter ? `filter: ${escapeControl(this.filter.expression)}` : undefined;
    return folderItem('Users', this.nodeId, 'person', this.filter ? 'pool:users:filtered' : 'pool:users', description);
  }

  protected async fetch(nextToken: string | undefined): Promise<Page> {
    const page = await (await users()).listUsers(this.pool.target, this.pool.poolId, { limit: USERS_PAGE, ...(nextToken ? { paginationToken: nextToken } : {}), ...(this.filter ? { filter: this.filter.expression } : {}) });
    return { nodes: this.nodesOf(page.users), nextToken: page.nextToken };
  }

  protected override emptyText(): string {
    return this.filter ? 'No user matches the filter' : 'No users';
  }

  override insertUser(user: PoolUser): boolean {
    return (!this.filter || matchesFilter(user, this.filter.spec)) && super.insertUser(user);
  }

  setFound(query: string, users: PoolUser[]): void {
    this.found = { query, nodes: users.map((u) => new UserNode(u, this.pool, `${this.nodeId}/found`, this.ctx)) };
  }

  override userNodes(): UserNode[] {
    return [...super.userNodes(), ...(this.found?.nodes ?? [])];
  }

  protected override leading(): TreeNode[] {
    return this.found ? [new FoundNode(this.found.query, this.found.nodes, `${this.nodeId}/found`)] : [];
  }
}

/** A group's members, paged. */
export class MembersNode extends UserListNode {
  protected readonly what = 'list the members';

  constructor(
    nodeId: string,
    pool: PoolRef,
    ctx: PoolTreeContext,
    readonly group: string,
  ) {
    super(nodeId, pool, ctx);
  }

  item(): vscode.TreeItem {
    return folderItem('Members', this.nodeId, 'person', 'group:members');
  }

  protected async fetch(nextToken: string | undefined): Promise<Page> {
    const page = await (await pools()).listGroupMembers(this.pool.target, this.pool.poolId, this.group, { maxResults: USERS_PAGE, ...(nextToken ? { nextToken } : {}) });
    return { nodes: this.nodesOf(page.users), nextToken: page.nextToken };
  }

  protected override emptyText(): string {
    return 'No members';
  }
}
