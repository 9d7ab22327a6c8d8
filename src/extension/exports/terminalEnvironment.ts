/**
 * "Use credentials in all terminals": one session's AWS credentials in VS Code's environment-variable collection,
 * so every new terminal gets them. Renewed before they expire, replaced when they change, removed on sign-out or
 * expiry. The collection is not persistent: VS Code would otherwise write the keys to its storage on disk.
 */
import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import { explainError } from '../../core/errors';
import { credentialEnv } from '../../core/export/shell';
import type { Clock, Logger } from '../../core/ports';
import type { IdentityCredentials } from '../../core/session';
import type { SettingsReader } from '../platform/settings';
import type { SessionManager } from '../session/sessionManager';
import type { SessionRenewer } from '../session/sessionRenewer';

/** Renew this long before the credentials expire (the identity pool answers in well under a second). */
const RENEW_BEFORE_MS = 2 * 60_000;
/** globalState key: which connection the user chose, so a window reload applies it again. No secrets. */
const CHOSEN = 'cognitoExplorer.terminalCredentials';

export interface TerminalEnvironmentState {
  connectionId?: string;
  /** The variables now in the collection (values included: tests compare them with the session's). */
  variables: Record<string, string>;
  description?: string;
}

export class TerminalEnvironment implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private connectionId?: string;
  private applied?: IdentityCredentials;
  private renewTimer?: NodeJS.Timeout;
  private expiryTimer?: NodeJS.Timeout;

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly memento: vscode.Memento,
    private readonly sessions: SessionManager,
    private readonly settings: SettingsReader,
    private readonly renewer: SessionRenewer,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    collection.persistent = false;
    collection.clear();
    // Signed-in users' credentials live in their sessions; guest and developer ones in the identity store.
    this.subscriptions.push(sessions.onDidChange((id) => this.sessionChanged(id)), renewer.identity.store.onDidChange((id) => this.sessionChanged(id)));
    const chosen = memento.get<string>(CHOSEN);
    if (chosen) void Promise.all([sessions.ready, renewer.identity.store.ready]).then(() => this.resume(chosen));
  }

  /** Puts the connection's credentials (fetched or renewed first when needed) into every new terminal. */
  async use(conn: Connection): Promise<IdentityCredentials> {
    const creds = await this.renewer.credentials(conn);
    this.connectionId = conn.id;
    await this.memento.update(CHOSEN, conn.id);
    this.apply(conn, creds);
    return creds;
  }

  /** Removes the credentials from new terminals; `reason` goes to the log. */
  async stop(reason = 'turned off'): Promise<void> {
    const had = this.connectionId;
    this.connectionId = undefined;
    await this.memento.update(CHOSEN, undefined);
    this.remove();
    if (had) this.logger.info(`Terminal credentials removed (${reason})`);
  }

  state(): TerminalEnvironmentState {
    const variables: Record<string, string> = {};
    this.collection.forEach((name, mutator) => {
      variables[name] = mutator.value;
    });
    const d = this.collection.description;
    return { connectionId: this.connectionId, variables, description: typeof d === 'string' ? d : d?.value };
  }

  /** Whose credentials these are and where they are kept: the signed-in session, or the guest/developer identity. */
  private holder(conn: Connection): { owner: string; credentials?: IdentityCredentials } | undefined {
    if (this.renewer.identity.isStandalone(conn)) {
      const held = this.renewer.identity.store.get(conn.id);
      return held && { owner: held.username ?? 'a guest identity', credentials: held.credentials };
    }
    const session = this.sessions.get(conn.id);
    return session && { owner: session.username, credentials: session.credentials };
  }

  private async resume(connectionId: string): Promise<void> {
    const conn = this.settings.connection(connectionId);
    const creds = conn && this.holder(conn)?.credentials;
    if (!conn || !creds || Date.parse(creds.expiration) <= this.clock.now()) {
      await this.memento.update(CHOSEN, undefined);
      return;
    }
    this.connectionId = connectionId;
    this.apply(conn, creds);
  }

  private sessionChanged(id: string | undefined): void {
    if (!this.connectionId || (id !== undefined && id !== this.connectionId)) return;
    const conn = this.settings.connection(this.connectionId);
    const held = conn && this.holder(conn);
    if (!conn || !held) {
      void this.stop(conn ? 'signed out' : 'connection removed');
      return;
    }
    const creds = held.credentials;
    if (!creds) {
      // Signed in again (maybe as someone else): the old user's keys must not linger in new terminals.
      this.remove();
      void this.renew(this.connectionId);
      return;
    }
    const a = this.applied;
    if (!a || a.sessionToken !== creds.sessionToken || a.expiration !== creds.expiration || a.accessKeyId !== creds.accessKeyId) this.apply(conn, creds);
  }

  private apply(conn: Connection, creds: IdentityCredentials): void {
    this.clearTimers();
    this.applied = creds;
    this.collection.clear();
    for (const [name, value] of Object.entries(credentialEnv(creds, conn))) this.collection.replace(name, value);
    const username = this.holder(conn)?.owner ?? 'the signed-in user';
    const until = new Date(creds.expiration).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    this.collection.description = new vscode.MarkdownString(`AWS credentials of **${username}** on *${conn.name}* (Cognito Explorer), renewed automatically; these expire at ${until}.`);
    const left = Date.parse(creds.expiration) - this.clock.now();
    // Short-lived credentials (emulators give 90 s) renew halfway instead, so renewals never chase each other.
    this.renewTimer = setTimeout(() => void this.renew(conn.id), Math.max(left - RENEW_BEFORE_MS, left / 2, 1000));
    this.expiryTimer = setTimeout(() => {
      this.remove();
      this.logger.warn(`Terminal credentials of "${conn.name}" expired and could not be renewed; they were removed from new terminals`);
    }, Math.max(0, left));
    void vscode.commands.executeCommand('setContext', 'cognitoExplorer.terminalCredentials', true);
    this.logger.info(`Terminal credentials set for "${conn.name}" (identity ${creds.identityId})`);
  }

  private async renew(connectionId: string): Promise<void> {
    const conn = this.settings.connection(connectionId);
    if (!conn || this.connectionId !== connectionId) return;
    try {
      // Saving the new credentials fires onDidChange, which applies them.
      await this.renewer.credentials(conn, { force: true });
    } catch (err) {
      this.logger.warn(`Could not renew the terminal credentials of "${conn.name}": ${explainError(err)}`);
    }
  }

  private remove(): void {
    this.clearTimers();
    this.applied = undefined;
    this.collection.clear();
    this.collection.description = undefined;
    void vscode.commands.executeCommand('setContext', 'cognitoExplorer.terminalCredentials', false);
  }

  private clearTimers(): void {
    clearTimeout(this.renewTimer);
    clearTimeout(this.expiryTimer);
  }

  dispose(): void {
    this.remove();
    for (const s of this.subscriptions) s.dispose();
  }
}
