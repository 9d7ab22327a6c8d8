import * as vscode from 'vscode';
import { escapeControl } from '../../core/text';

/** A tree node wraps plain data and builds its TreeItem on demand. */
export interface TreeNode {
  item(): vscode.TreeItem;
  children?(): Promise<TreeNode[]> | TreeNode[];
}

export const SHOW_ERROR_DETAILS = 'cognitoExplorer.showErrorDetails';

/** The "Load more…" row at the end of a paged list; `command` loads the next page of `owner` (given `node`). */
export function loadMoreItem(ownerId: string, command: string, node: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = `${ownerId}:more`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'loadMore';
  item.command = { command, title: 'Load more', arguments: [node] };
  return item;
}

/** A collapsed folder row (App clients, Groups, Members, ...) whose children load when expanded. */
export function folderItem(label: string, id: string, icon: string, contextValue: string, description?: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  if (description !== undefined) item.description = description;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.contextValue = contextValue;
  return item;
}

/** A leaf row that opens its details when clicked; `label` is outside text and is escaped here. */
export function detailsLeaf(node: TreeNode, o: { label: string; id: string; description: string; icon: string; contextValue: string; command: string }): vscode.TreeItem {
  const item = new vscode.TreeItem(escapeControl(o.label), vscode.TreeItemCollapsibleState.None);
  item.id = o.id;
  item.description = o.description;
  item.iconPath = new vscode.ThemeIcon(o.icon);
  item.contextValue = o.contextValue;
  item.command = { command: o.command, title: 'Show details', arguments: [node] };
  return item;
}

/** A failed load shown in place of the children; clicking it shows the sentence with "Show Logs". */
export class ErrorNode implements TreeNode {
  constructor(
    readonly what: string,
    readonly sentence: string,
    private readonly idPrefix?: string,
  ) {}

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Could not ${this.what} — click for details`, vscode.TreeItemCollapsibleState.None);
    if (this.idPrefix) item.id = `${this.idPrefix}:error`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.tooltip = this.sentence;
    item.contextValue = 'error';
    item.command = { command: SHOW_ERROR_DETAILS, title: 'Show details', arguments: [this] };
    return item;
  }
}

/** A line of information with no action (for example "No buckets"). */
export class MessageNode implements TreeNode {
  constructor(
    private readonly label: string,
    private readonly icon = 'info',
  ) {}

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    return item;
  }
}

/** The TreeDataProvider all three views share: nodes do the work, the provider only fires refreshes. */
export abstract class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  protected readonly disposables: vscode.Disposable[] = [this.changed];

  protected abstract roots(): Promise<TreeNode[]> | TreeNode[];

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.item();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    return node.children ? node.children() : [];
  }

  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
