import * as vscode from 'vscode';

/** A tree node wraps plain data and builds its TreeItem on demand. */
export interface TreeNode {
  item(): vscode.TreeItem;
  children?(): Promise<TreeNode[]> | TreeNode[];
}

export const SHOW_ERROR_DETAILS = 'cognitoExplorer.showErrorDetails';

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
