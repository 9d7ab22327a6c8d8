import * as vscode from 'vscode';
import { explainError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { ErrorNode, loadMoreItem, MessageNode, type TreeNode } from './nodes';

export const LOAD_MORE_POOL_ITEMS = 'cognitoExplorer.loadMorePoolItems';

export interface Page {
  nodes: TreeNode[];
  nextToken?: string;
}

/** The "Load more…" row at the end of a paged list. */
export class PagedLoadMoreNode implements TreeNode {
  constructor(readonly owner: PagedNode) {}

  item(): vscode.TreeItem {
    return loadMoreItem(this.owner.nodeId, LOAD_MORE_POOL_ITEMS, this);
  }
}

/**
 * A node whose children come in pages: keeps what is loaded and the token for the next page. A failed page becomes an
 * error node at the end (the pages before it stay), never a popup from getChildren.
 */
export abstract class PagedNode implements TreeNode {
  protected loaded: TreeNode[] | undefined;
  private nextToken: string | undefined;
  private failure: ErrorNode | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    readonly nodeId: string,
    protected readonly logger: Logger,
  ) {}

  abstract item(): vscode.TreeItem;
  /** What the list holds, for the error node ("list users"). */
  protected abstract readonly what: string;
  protected abstract fetch(nextToken: string | undefined): Promise<Page>;
  protected emptyText(): string {
    return 'None';
  }

  get hasMore(): boolean {
    return this.nextToken !== undefined;
  }

  /** Fetches one more page; concurrent calls share one request. */
  loadNextPage(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const page = await this.fetch(this.nextToken);
        this.loaded = [...(this.loaded ?? []), ...page.nodes];
        this.nextToken = page.nextToken;
        this.failure = undefined;
      } catch (err) {
        this.logger.error(`Could not ${this.what} (${this.nodeId})`, err);
        this.failure = new ErrorNode(this.loaded ? `load more (${this.what})` : this.what, explainError(err), this.nodeId);
        this.loaded ??= [];
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** Forgets every page: the next expansion loads from the start. */
  reset(): void {
    this.loaded = undefined;
    this.nextToken = undefined;
    this.failure = undefined;
  }

  /** The nodes loaded so far (for in-place updates). */
  loadedNodes(): TreeNode[] {
    return this.loaded ?? [];
  }

  /** Puts a node the list did not load (a user just created) first; false when nothing is loaded yet. */
  insertNode(node: TreeNode): boolean {
    if (!this.loaded) return false;
    this.loaded = [node, ...this.loaded];
    return true;
  }

  removeNode(node: TreeNode): void {
    if (this.loaded) this.loaded = this.loaded.filter((n) => n !== node);
  }

  protected leading(): TreeNode[] {
    return [];
  }

  async children(): Promise<TreeNode[]> {
    if (!this.loaded) await this.loadNextPage();
    const nodes = [...this.leading(), ...(this.loaded ?? [])];
    if ((this.loaded ?? []).length === 0 && !this.failure) nodes.push(new MessageNode(this.emptyText()));
    if (this.nextToken !== undefined) nodes.push(new PagedLoadMoreNode(this));
    if (this.failure) nodes.push(this.failure);
    return nodes;
  }
}

/** A leaf line: a label and a value. */
export class InfoNode implements TreeNode {
  constructor(
    private readonly label: string,
    private readonly value: string,
    private readonly icon = 'symbol-property',
    private readonly contextValue = 'info',
    private readonly tooltip?: string,
  ) {}

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.description = this.value;
    item.tooltip = this.tooltip ?? `${this.label}: ${this.value}`;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = this.contextValue;
    return item;
  }
}

/** A fixed list under a label (a user's attributes, groups, devices). */
export class ListNode implements TreeNode {
  constructor(
    private readonly label: string,
    private readonly nodes: TreeNode[],
    private readonly id: string,
    private readonly icon = 'list-unordered',
    private readonly empty = 'None',
    /** How many entries the list holds (the nodes may add an error row that is not one); null: they could not be read. */
    private readonly count: number | null = nodes.length,
  ) {}

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.count === null ? 'not available' : String(this.count);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'list';
    return item;
  }

  children(): TreeNode[] {
    return this.nodes.length ? this.nodes : [new MessageNode(this.empty)];
  }
}
