import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import type { Logger, SecretStore } from '../../core/ports';
import { SessionStore, type StoredSession } from '../../core/session';
import { SecretStoreAdapter } from '../platform/secretStore';
import type { SettingsReader } from '../platform/settings';

export interface SignedIn {
  connection: Connection;
  session: StoredSession;
}

/**
 * The signed-in sessions of all configured connections, mirrored in memory from SecretStorage so trees and the
 * status bar can read them synchronously. Fires `onDidChange` with the connection id (undefined: everything).
 */
export class SessionManager implements vscode.Disposable {
  readonly store: SessionStore;
  /** The raw port, for the other per-user secrets the core keeps (remembered devices). */
  readonly secrets: SecretStore;
  private readonly cache = new Map<string, StoredSession>();
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  readonly onDidChange = this.emitter.event;
  /** Settles once the first load from SecretStorage is done; data providers await it. */
  ready: Promise<void>;

  constructor(
    secrets: vscode.SecretStorage,
    private readonly settings: SettingsReader,
    private readonly logger: Logger,
  ) {
    this.secrets = new SecretStoreAdapter(secrets);
    this.store = new SessionStore(this.secrets);
    // Another window signing in or out changes SecretStorage under us.
    this.disposables.push(
      secrets.onDidChange((e) => {
        const match = /^cognitoExplorer\/(.+)\/session$/.exec(e.key);
        if (match) void this.reloadOne(match[1]);
      }),
    );
    this.ready = this.reload();
  }

  /** Reloads every configured connection's session (after settings change). */
  reload(): Promise<void> {
    const run = async () => {
      const connections = this.settings.connections();
      const ids = new Set(connections.map((c) => c.id));
      for (const id of [...this.cache.keys()]) if (!ids.has(id)) this.cache.delete(id);
      await Promise.all(connections.map((c) => this.loadInto(c.id)));
      this.emitter.fire(undefined);
    };
    this.ready = run().catch((err) => this.logger.error('Could not load the saved sessions', err));
    return this.ready;
  }

  private async loadInto(id: string): Promise<boolean> {
    const before = JSON.stringify(this.cache.get(id) ?? null);
    const session = await this.store.load(id);
    if (session) this.cache.set(id, session);
    else this.cache.delete(id);
    return before !== JSON.stringify(session ?? null);
  }

  private async reloadOne(id: string): Promise<void> {
    try {
      if (await this.loadInto(id)) this.emitter.fire(id);
    } catch (err) {
      this.logger.error('Could not reload a session from SecretStorage', err);
    }
  }

  get(connectionId: string): StoredSession | undefined {
    return this.cache.get(connectionId);
  }

  /** Signed-in connections, in settings order. */
  all(): SignedIn[] {
    return this.settings
      .connections()
      .flatMap((connection) => {
        const session = this.cache.get(connection.id);
        return session ? [{ connection, session }] : [];
      });
  }

  async save(connectionId: string, session: StoredSession): Promise<void> {
    await this.store.save(connectionId, session);
    this.cache.set(connectionId, session);
    this.emitter.fire(connectionId);
  }

  async clear(connectionId: string): Promise<void> {
    await this.store.clear(connectionId);
    this.cache.delete(connectionId);
    this.emitter.fire(connectionId);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
