import * as vscode from 'vscode';
import { type ClientTarget, targetOf } from '../../core/aws';
import type { Connection } from '../../core/connection';
import { explainError } from '../../core/errors';
import { toAwsCredentials } from '../../core/identity/credentials';
import type { Logger } from '../../core/ports';
import type { ObjectInfo } from '../../core/resources/s3';
import type { IdentityCredentials } from '../../core/session';
import type { IdentitySessions } from '../session/identitySessions';
import type { SessionManager } from '../session/sessionManager';
import { ErrorNode, loadMoreItem, MessageNode, NodeTreeProvider, type TreeNode } from './nodes';

export const LOAD_MORE = 'cognitoExplorer.loadMore';

export interface ResourcesContext {
  logger: Logger;
  pageSize: () => number;
  /** Usable credentials for the connection: the stored ones, or renewed ones when they (nearly) ran out. */
  credentialsFor: (connection: Connection) => Promise<IdentityCredentials>;
}

/** S3 calls for a connection, with credentials checked (and renewed) before each call. */
export type TargetSource = () => Promise<ClientTarget>;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function baseName(key: string, prefix: string): string {
  return key.slice(prefix.length).replace(/\/$/, '') || key;
}

export class ObjectNode implements TreeNode {
  constructor(
    readonly target: TargetSource,
    readonly bucket: string,
    readonly object: ObjectInfo,
    private readonly prefix: string,
    private readonly idPrefix: string,
    /** The bucket's region, when known (for ARNs). */
    readonly region?: string,
  ) {}

  get key(): string {
    return this.object.key;
  }

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(baseName(this.object.key, this.prefix), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.idPrefix}:o:${this.object.key}`;
    item.description = formatSize(this.object.size);
    item.tooltip = `s3://${this.bucket}/${this.object.key}\n${this.object.size} bytes${this.object.lastModified ? `\nModified ${this.object.lastModified}` : ''}`;
    item.iconPath = vscode.ThemeIcon.File;
    item.resourceUri = vscode.Uri.parse(`s3://${this.bucket}/${this.object.key}`);
    item.contextValue = 'object';
    item.command = { command: 'cognitoExplorer.openObject', title: 'Open', arguments: [this] };
    return item;
  }
}

export class LoadMoreNode implements TreeNode {
  constructor(readonly owner: FolderNode) {}

  item(): vscode.TreeItem {
    return loadMoreItem(this.owner.nodeId, LOAD_MORE, this);
  }
}

/** A bucket (empty prefix) or a prefix inside it; keeps the pages loaded so far and the token for the next one. */
export class FolderNode implements TreeNode {
  private loaded: TreeNode[] | undefined;
  private nextToken: string | undefined;
  private failure: ErrorNode | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    readonly target: TargetSource,
    readonly bucket: string,
    readonly prefix: string,
    readonly nodeId: string,
    private readonly ctx: ResourcesContext,
    readonly region?: string,
  ) {}

  /** The S3 key this node names (the prefix; empty for the bucket itself). */
  get key(): string {
    return this.prefix;
  }

  item(): vscode.TreeItem {
    const label = this.prefix ? baseName(this.prefix, this.parentPrefix()) : this.bucket;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.nodeId;
    // The codicon, not ThemeIcon.Folder: file icon themes without folder icons (Seti) would show nothing.
    item.iconPath = new vscode.ThemeIcon(this.prefix ? 'folder' : 'database');
    item.description = !this.prefix && this.region ? this.region : undefined;
    item.tooltip = `s3://${this.bucket}/${this.prefix}${!this.prefix && this.region ? `\nRegion ${this.region}` : ''}`;
    item.contextValue = this.prefix ? 'prefix' : 'bucket';
    return item;
  }

  private parentPrefix(): string {
    const trimmed = this.prefix.replace(/\/$/, '');
    const i = trimmed.lastIndexOf('/');
    return i >= 0 ? trimmed.slice(0, i + 1) : '';
  }

  get hasMore(): boolean {
    return this.nextToken !== undefined;
  }

  /** Fetches one more page; failures become an error node at the end of the list. */
  loadNextPage(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const { listObjects } = await import('../../core/resources/s3');
        const page = await listObjects(await this.target(), this.bucket, this.prefix, this.nextToken, this.ctx.pageSize());
        const nodes: TreeNode[] = [
          ...page.prefixes.map((p) => new FolderNode(this.target, this.bucket, p, `${this.nodeId}/${p}`, this.ctx, this.region)),
          ...page.objects.map((o) => new ObjectNode(this.target, this.bucket, o, this.prefix, this.nodeId, this.region)),
        ];
        this.loaded = [...(this.loaded ?? []), ...nodes];
        this.nextToken = page.nextToken;
        this.failure = undefined;
      } catch (err) {
        this.ctx.logger.error(`Listing s3://${this.bucket}/${this.prefix} failed`, err);
        this.failure = new ErrorNode(this.loaded ? 'load more objects' : 'list objects', explainError(err), this.nodeId);
        this.loaded ??= [];
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  async children(): Promise<TreeNode[]> {
    if (!this.loaded) await this.loadNextPage();
    const nodes = [...(this.loaded ?? [])];
    if (nodes.length === 0 && !this.failure) nodes.push(new MessageNode(this.prefix ? 'Empty folder' : 'Empty bucket'));
    if (this.nextToken !== undefined) nodes.push(new LoadMoreNode(this));
    if (this.failure) nodes.push(this.failure);
    return nodes;
  }
}

export class ResourceConnectionNode implements TreeNode {
  constructor(
    readonly connection: Connection,
    readonly credentials: IdentityCredentials,
    private readonly ctx: ResourcesContext,
  ) {}

  /** Credentials are looked up on every call: a folder opened an hour later must not reuse expired ones. */
  readonly target: TargetSource = async () => targetOf(this.connection, toAwsCredentials(await this.ctx.credentialsFor(this.connection)));

  item(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.connection.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `resources:${this.connection.id}`;
    item.description = `S3 · ${this.credentials.identityId}`;
    item.iconPath = new vscode.ThemeIcon('cloud');
    item.contextValue = 'resources:connection';
    return item;
  }

  async children(): Promise<TreeNode[]> {
    try {
      const { listBuckets } = await import('../../core/resources/s3');
      const buckets = await listBuckets(await this.target(), { regions: true });
      if (buckets.length === 0) return [new MessageNode('No buckets reachable with these credentials')];
      return buckets.map((b) => new FolderNode(this.target, b.name, '', `resources:${this.connection.id}:${b.name}`, this.ctx, b.region));
    } catch (err) {
      this.ctx.logger.error(`Listing buckets for ${this.connection.name} failed`, err);
      return [new ErrorNode('list buckets', explainError(err), `resources:${this.connection.id}`)];
    }
  }
}

/** What the signed-in sessions' AWS credentials reach; rebuilt whenever a session or its credentials change. */
export class ResourcesTree extends NodeTreeProvider {
  private readonly ctx: ResourcesContext;

  constructor(
    private readonly sessions: SessionManager,
    logger: Logger,
    pageSize: () => number,
    credentialsFor: ResourcesContext['credentialsFor'],
    private readonly identity?: IdentitySessions,
  ) {
    super();
    this.ctx = { logger, pageSize, credentialsFor };
    this.disposables.push(sessions.onDidChange(() => this.refresh()));
    if (identity) this.disposables.push(identity.onDidChange(() => this.refresh()));
  }

  protected async roots(): Promise<TreeNode[]> {
    await Promise.all([this.sessions.ready, this.identity?.ready]);
    const signedIn = this.sessions
      .all()
      .filter(({ session }) => session.credentials)
      .map(({ connection, session }) => ({ connection, credentials: session.credentials! }));
    // Guest and developer identities of connections that have no user pool session listed above.
    const standalone = (this.identity?.all() ?? []).filter(({ connection }) => !signedIn.some((s) => s.connection.id === connection.id));
    return [...signedIn, ...standalone.map(({ connection, session }) => ({ connection, credentials: session.credentials }))]
      .map(({ connection, credentials }) => new ResourceConnectionNode(connection, credentials, this.ctx));
  }

  /** Loads the next page of a folder and re-renders it. */
  async loadMore(node: LoadMoreNode | FolderNode): Promise<void> {
    const folder = node instanceof LoadMoreNode ? node.owner : node;
    await folder.loadNextPage();
    this.refresh(folder);
  }
}
