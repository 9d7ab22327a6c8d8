/**
 * What the identity pool side remembers per connection: the flow and role last chosen (plain data, globalState),
 * the identity ids (SecretStorage), and credentials of guest and developer identities, which have no user pool
 * session to live in (SecretStorage, mirrored in memory so the Resources view reads them synchronously).
 */
import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import type { FlowCredentials, IdentityFlow } from '../../core/identity/credentials';
import { IdentityIdStore } from '../../core/identity/identityIds';
import type { Logger, SecretStore } from '../../core/ports';
import type { SettingsReader } from '../platform/settings';

export interface IdentityChoice {
  flow?: IdentityFlow;
  roleArn?: string;
}

/** Credentials of an identity without a user pool sign-in (guest, or developer-authenticated). */
export interface StandaloneSession {
  /** Who: the backend user or developer user id; undefined for a guest. */
  username?: string;
  credentials: FlowCredentials;
}

const CHOICES_KEY = 'cognitoExplorer.identityChoices';
const sessionKey = (connectionId: string) => `cognitoExplorer/${connectionId}/identitySession`;
const passwordKey = (connectionId: string) => `cognitoExplorer/${connectionId}/backendPassword`;

export class IdentitySessions implements vscode.Disposable {
  readonly ids: IdentityIdStore;
  private readonly cache = new Map<string, StandaloneSession>();
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.emitter.event;
  ready: Promise<void>;

  constructor(
    private readonly secrets: SecretStore,
    private readonly memento: vscode.Memento,
    private readonly settings: SettingsReader,
    private readonly logger: Logger,
  ) {
    this.ids = new IdentityIdStore(secrets);
    this.ready = this.reload();
  }

  /** Loads the stored guest/developer credentials of every configured connection. */
  reload(): Promise<void> {
    const run = async () => {
      this.cache.clear();
      for (const conn of this.settings.connections()) {
        const raw = await this.secrets.get(sessionKey(conn.id));
        if (!raw) continue;
        try {
          const parsed = JSON.parse(raw) as StandaloneSession;
          if (parsed?.credentials?.accessKeyId) this.cache.set(conn.id, parsed);
        } catch {
          // A damaged entry is as good as none: the next Get AWS Credentials replaces it.
        }
      }
      this.emitter.fire(undefined);
    };
    this.ready = run().catch((err) => this.logger.error('Could not load the saved guest and developer credentials', err));
    return this.ready;
  }

  get(connectionId: string): StandaloneSession | undefined {
    return this.cache.get(connectionId);
  }

  /** Connections with guest or developer credentials, in settings order. */
  all(): { connection: Connection; session: StandaloneSession }[] {
    return this.settings.connections().flatMap((connection) => {
      const session = this.cache.get(connection.id);
      return session ? [{ connection, session }] : [];
    });
  }

  async save(connectionId: string, session: StandaloneSession): Promise<void> {
    await this.secrets.store(sessionKey(connectionId), JSON.stringify(session));
    this.cache.set(connectionId, session);
    this.emitter.fire(connectionId);
  }

  async clear(connectionId: string): Promise<void> {
    await this.secrets.delete(sessionKey(connectionId));
    if (this.cache.delete(connectionId)) this.emitter.fire(connectionId);
  }

  /** The backend password, kept so renewals can log in again without asking. */
  backendPassword(connectionId: string): Promise<string | undefined> {
    return this.secrets.get(passwordKey(connectionId));
  }

  async setBackendPassword(connectionId: string, password: string | undefined): Promise<void> {
    if (password) await this.secrets.store(passwordKey(connectionId), password);
    else await this.secrets.delete(passwordKey(connectionId));
  }

  choice(connectionId: string): IdentityChoice {
    return this.memento.get<Record<string, IdentityChoice>>(CHOICES_KEY, {})[connectionId] ?? {};
  }

  async remember(connectionId: string, choice: IdentityChoice): Promise<void> {
    const all = { ...this.memento.get<Record<string, IdentityChoice>>(CHOICES_KEY, {}) };
    if (choice.flow || choice.roleArn) all[connectionId] = { ...(choice.flow ? { flow: choice.flow } : {}), ...(choice.roleArn ? { roleArn: choice.roleArn } : {}) };
    else delete all[connectionId];
    await this.memento.update(CHOICES_KEY, all);
  }

  /** Everything identity-related of a connection that was removed or now points at another identity pool. */
  async forgetConnection(connectionId: string): Promise<void> {
    await Promise.all([this.clear(connectionId), this.ids.clear(connectionId), this.setBackendPassword(connectionId, undefined), this.remember(connectionId, {})]);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
