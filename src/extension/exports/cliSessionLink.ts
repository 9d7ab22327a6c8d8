/**
 * Keeps each CLI session cache that a credential_process profile reads (set up by "Set Up credential_process
 * Profile") and this window's session the same session, both ways: tokens this window gets are saved to the cache,
 * signing out here deletes it, and tokens the command line renewed on its own are taken over here. Without the last
 * step, an app client with refresh-token rotation would leave this window holding a refresh token Cognito retired.
 */
import { watch, type FSWatcher } from 'node:fs';
import * as vscode from 'vscode';
import { cognitoUsernameOf } from '../../core/auth/result';
import { explainError } from '../../core/errors';
import { forgetCachedSession, loadCachedSession, saveCachedSession, sessionCacheDir } from '../../core/export/sessionCache';
import type { Logger } from '../../core/ports';
import type { StoredSession } from '../../core/session';
import type { SettingsReader } from '../platform/settings';
import type { SessionManager } from '../session/sessionManager';
import { CLI_SESSIONS_KEY, cliLinks } from './cliLinks';

/** Writes to the cache folder come in bursts (temp file, rename): look once they settle. */
const SETTLE_MS = 150;

export class CliSessionLink implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private watcher?: FSWatcher;
  private settle?: NodeJS.Timeout;
  private started = false;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly sessions: SessionManager,
    private readonly settings: SettingsReader,
    private readonly logger: Logger,
  ) {}

  /** Records that `name` in the CLI cache belongs to the connection, and starts following it. */
  async link(connectionId: string, name: string): Promise<void> {
    await this.memento.update(CLI_SESSIONS_KEY, { ...cliLinks(this.memento), [connectionId]: name });
    this.start();
  }

  /** Follows every linked session from now on; idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.subscriptions.push(
      this.sessions.onDidChange((id) => {
        for (const [connectionId, name] of Object.entries(cliLinks(this.memento))) {
          if (id !== undefined && id !== connectionId) continue;
          void this.follow(connectionId, name).catch((err) => this.logger.warn(`Could not update the CLI session ${name}: ${explainError(err)}`));
        }
      }),
    );
    this.watch();
    void this.sessions.ready.then(() => this.adoptAll());
  }

  private watch(): void {
    try {
      this.watcher = watch(sessionCacheDir(process.env), () => {
        clearTimeout(this.settle);
        this.settle = setTimeout(() => void this.adoptAll(), SETTLE_MS);
      });
      this.watcher.on('error', () => this.stopWatching());
    } catch (err) {
      // No cache folder (yet) or no file watching here: what the CLI renews is then taken at the next window start.
      this.logger.debug(`Not watching the CLI session cache: ${explainError(err)}`);
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** This window's tokens to the cache; a signed-out or removed connection deletes its cache entry. */
  private async follow(connectionId: string, name: string): Promise<void> {
    const session = this.sessions.get(connectionId);
    const conn = this.settings.connection(connectionId);
    if (!session || !conn) {
      await forgetCachedSession(process.env, name);
      const { [connectionId]: _gone, ...rest } = cliLinks(this.memento);
      await this.memento.update(CLI_SESSIONS_KEY, rest);
      this.logger.info(`Removed the CLI session ${name} (signed out of "${conn?.name ?? connectionId}")`);
      return;
    }
    const cached = await loadCachedSession(process.env, name);
    if (!cached || sameTokens(cached.tokens, session.tokens) || cached.tokens.obtainedAt > session.tokens.obtainedAt) return;
    const username = cognitoUsernameOf(session.tokens) ?? session.username;
    // Someone else signed in on this connection: the cached AWS credentials were the previous user's.
    const credentials = username === cached.username ? cached.credentials : undefined;
    await saveCachedSession(process.env, { ...cached, tokens: session.tokens, username, credentials, savedAt: new Date().toISOString() });
  }

  /** Tokens the command line renewed after this window's, for the same user, become this window's tokens. */
  private async adoptAll(): Promise<void> {
    for (const [connectionId, name] of Object.entries(cliLinks(this.memento))) {
      try {
        const session = this.sessions.get(connectionId);
        const cached = session && (await loadCachedSession(process.env, name));
        if (!session || !cached || sameTokens(cached.tokens, session.tokens) || cached.tokens.obtainedAt <= session.tokens.obtainedAt) continue;
        if (cached.username !== (cognitoUsernameOf(session.tokens) ?? session.username)) continue;
        const adopted: StoredSession = { ...session, tokens: cached.tokens };
        await this.sessions.save(connectionId, adopted);
        this.logger.info(`Took over the tokens the command line renewed for "${this.settings.connection(connectionId)?.name ?? connectionId}" (CLI session ${name})`);
      } catch (err) {
        this.logger.warn(`Could not read the CLI session ${name}: ${explainError(err)}`);
      }
    }
  }

  dispose(): void {
    clearTimeout(this.settle);
    this.stopWatching();
    for (const s of this.subscriptions) s.dispose();
  }
}

function sameTokens(a: StoredSession['tokens'], b: StoredSession['tokens']): boolean {
  return a.idToken === b.idToken && a.accessToken === b.accessToken && a.refreshToken === b.refreshToken;
}
