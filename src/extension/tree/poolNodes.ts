import * as vscode from 'vscode';
import type { AdminTarget } from '../../core/pools/adminTarget';
import type { GroupSummary, PoolSummary } from '../../core/pools/pools';

// The admin calls load when a node is first expanded, not with the view at activation.
const pools = () => import('../../core/pools/pools');
import { escapeControl } from '../../core/text';
import type { PoolRef } from '../pools/poolEvents';
import { detailsLeaf, folderItem, type TreeNode } from './nodes';
import { InfoNode, PagedNode, type Page } from './pagedNode';
import { MembersNode, UsersNode, USERS_PAGE, type PoolTreeContext } from './userNodes';

export const SHOW_APP_CLIENT = 'cognitoExplorer.showAppClientDetails';
export const SHOW_IDENTITY_POOL = 'cognitoExplorer.showIdentityPoolDetails';

/** One configured region: its user pools, paged. */
export class RegionNode extends PagedNode {
  protected readonly what = 'list user pools';

  constructor(
    readonly target: AdminTarget,
    private readonly ctx: PoolTreeContext,
    private readonly who: string,
  ) {
    super(`pools:${target.region}`, ctx.logger);
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.target.region, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.nodeId;
    item.description = `${this.who}${this.target.endpointUrl ? ` · ${this.target.endpointUrl}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'poolRegion';
    return item;
  }

  protected async fetch(nextToken: string | undefined): Promise<Page> {
    const page = await (await pools()).listUserPools(this.target, { maxResults: USERS_PAGE, ...(nextToken ? { nextToken } : {}) });
    return { nodes: page.pools.map((p) => new PoolNode(this.target, p, this.ctx)), nextToken: page.nextToken };
  }

  protected override emptyText(): string {
    return 'No user pools in this region';
  }
}

/** A user pool: its app clients, groups, users and the region's identity pools. */
export class PoolNode implements TreeNode {
  readonly users: UsersNode;
  private readonly folders: TreeNode[];

  constructor(
    readonly target: AdminTarget,
    readonly summary: PoolSummary,
    private readonly ctx: PoolTreeContext,
  ) {
    const id = `pools:${target.region}/${summary.id}`;
    const ref = this.ref;
    this.users = new UsersNode(`${id}/users`, ref, ctx);
    this.folders = [new ClientsNode(`${id}/clients`, ref, ctx), new GroupsNode(`${id}/groups`, ref, ctx), this.users, new IdentityPoolsNode(`${id}/identityPools`, ref, ctx)];
  }

  get ref(): PoolRef {
    return { target: this.target, poolId: this.summary.id, poolName: this.summary.name };
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(escapeControl(this.summary.name), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `pools:${this.target.region}/${this.summary.id}`;
    item.description = this.summary.id;
    item.tooltip = `${escapeControl(this.summary.name)}\n${this.summary.id}${this.summary.created ? `\ncreated ${this.summary.created.toISOString()}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('organization');
    item.contextValue = 'pool';
    return item;
  }

  children(): TreeNode[] {
    return this.folders;
  }
}

abstract class PoolFolder extends PagedNode {
  constructor(
    nodeId: string,
    readonly pool: PoolRef,
    protected readonly ctx: PoolTreeContext,
  ) {
    super(nodeId, ctx.logger);
  }
}

export class AppClientNode implements TreeNode {
  constructor(
    readonly pool: PoolRef,
    readonly clientId: string,
    readonly clientName: string,
    private readonly parentId: string,
  ) {}

  item(): vscode.TreeItem {
    const id = `${this.parentId}/${this.clientId}`;
    return detailsLeaf(this, { label: this.clientName || this.clientId, id, description: this.clientId, icon: 'device-mobile', contextValue: 'appClient', command: SHOW_APP_CLIENT });
  }
}

class ClientsNode extends PoolFolder {
  protected readonly what = 'list app clients';

  item(): vscode.TreeItem {
    return folderItem('App clients', this.nodeId, 'device-mobile', 'pool:clients');
  }

  protected async fetch(nextToken: string | undefined): Promise<Page> {
    const page = await (await pools()).listAppClients(this.pool.target, this.pool.poolId, { maxResults: USERS_PAGE, ...(nextToken ? { nextToken } : {}) });
    return { nodes: page.clients.map((c) => new AppClientNode(this.pool, c.id, c.name, this.nodeId)), nextToken: page.nextToken };
  }

  protected override emptyText(): string {
    return 'No app clients';
  }
}

export class GroupNode implements TreeNode {
  private readonly members: MembersNode;

  constructor(
    readonly pool: PoolRef,
    readonly group: GroupSummary,
    private readonly parentId: string,
    ctx: PoolTreeContext,
  ) {
    this.members = new MembersNode(`${parentId}/${group.name}/members`, pool, ctx, group.name);
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(escapeControl(this.group.name), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.parentId}/${this.group.name}`;
    item.description = this.group.description ? escapeControl(this.group.description) : undefined;
    item.iconPath = new vscode.ThemeIcon('organization');
    item.contextValue = 'group';
    return item;
  }

  children(): TreeNode[] {
    const g = this.group;
    return [
      new InfoNode('Precedence', g.precedence === undefined ? 'none' : String(g.precedence), 'list-ordered', 'groupPrecedence'),
      new InfoNode('Role', g.roleArn ?? 'none', 'shield', 'groupRole'),
      this.members,
    ];
  }
}

class GroupsNode extends PoolFolder {
  protected readonly what = 'list groups';

  item(): vscode.TreeItem {
    return folderItem('Groups', this.nodeId, 'organization', 'pool:groups');
  }

  protected async fetch(nextToken: string | undefined): Promise<Page> {
    const page = await (await pools()).listGroups(this.pool.target, this.pool.poolId, { maxResults: USERS_PAGE, ...(nextToken ? { nextToken } : {}) });
    return { nodes: page.groups.map((g) => new GroupNode(this.pool, g, this.nodeId, this.ctx)), nextToken: page.nextToken };
  }

  protected override emptyText(): string {
    return 'No groups';
  }
}

export class IdentityPoolNode implements TreeNode {
  constructor(
    readonly target: AdminTarget,
    readonly identityPoolId: string,
    readonly name: string,
    private readonly parentId: string,
  ) {}

  item(): vscode.TreeItem {
    const id = `${this.parentId}/${this.identityPoolId}`;
    return detailsLeaf(this, { label: this.name || this.identityPoolId, id, description: this.identityPoolId, icon: 'key', contextValue: 'identityPool', command: SHOW_IDENTITY_POOL });
  }
}

class IdentityPoolsNode extends PoolFolder {
  protected readonly what = 'list identity pools';

  item(): vscode.TreeItem {
    return folderItem('Identity pools', this.nodeId, 'key', 'pool:identityPools', `of ${this.pool.target.region}`);
  }

  protected async fetch(nextToken: string | undefined): Promise<Page> {
    const page = await (await pools()).listIdentityPools(this.pool.target, { maxResults: USERS_PAGE, ...(nextToken ? { nextToken } : {}) });
    return { nodes: page.pools.map((p) => new IdentityPoolNode(this.pool.target, p.id, p.name, this.nodeId)), nextToken: page.nextToken };
  }

  protected override emptyText(): string {
    return 'No identity pools in this region';
  }
}

