import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import type { Clock } from '../../core/ports';
import type { StoredSession } from '../../core/session';
import type { CommandRegistrar } from '../platform/commands';
import type { OutputLogger } from '../platform/logger';
import type { SettingsReader } from '../platform/settings';
import type { SessionManager } from '../session/sessionManager';

/** What every command module gets; trees are not in here, they follow SessionManager's events. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  logger: OutputLogger;
  settings: SettingsReader;
  sessions: SessionManager;
  commands: CommandRegistrar;
  clock: Clock;
}

/**
 * An argument built by a caller rather than VS Code (a plain object literal, e.g. from a test or another extension):
 * such calls skip prompts and confirmations. Tree nodes are class instances, so they never match.
 */
export function automationArg<T extends object>(arg: unknown): Partial<T> | undefined {
  return typeof arg === 'object' && arg !== null && Object.getPrototypeOf(arg) === Object.prototype ? (arg as Partial<T>) : undefined;
}

/** The connection id a node, a `{ connectionId }` object or a plain string names. */
export function connectionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as { connectionId?: unknown } | undefined)?.connectionId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The connection a command acts on: from its argument, else the only candidate, else a quick pick.
 * Undefined when the user dismissed the pick.
 */
export async function pickConnection(
  deps: CommandDeps,
  arg: unknown,
  opts: { signedIn?: boolean; placeHolder: string; alsoOffer?: (conn: Connection) => boolean },
): Promise<Connection | undefined> {
  const id = connectionIdOf(arg);
  const all = deps.settings.connections();
  if (id) {
    const found = all.find((c) => c.id === id);
    if (!found) throw new UserFacingError(`There is no connection with id "${id}"; it may have been removed from the settings.`, 'NoSuchConnection');
    return found;
  }
  await deps.sessions.ready;
  const candidates = opts.signedIn ? all.filter((c) => deps.sessions.get(c.id) || opts.alsoOffer?.(c)) : all;
  if (candidates.length === 0) {
    throw new UserFacingError(
      all.length === 0 ? 'There are no connections yet; add one with "Cognito: Add Connection".' : 'Nobody is signed in; sign in with "Cognito: Sign In" first.',
      all.length === 0 ? 'NoConnections' : 'NotSignedIn',
    );
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({
      label: c.name,
      description: c.userPoolId,
      detail: deps.sessions.get(c.id) ? `signed in as ${deps.sessions.get(c.id)!.username}` : undefined,
      connection: c,
    })),
    { placeHolder: opts.placeHolder, ignoreFocusOut: true },
  );
  return picked?.connection;
}

/** The session of a connection, or a sentence telling the user to sign in. */
export function requireSession(deps: CommandDeps, conn: Connection): StoredSession {
  const session = deps.sessions.get(conn.id);
  if (!session) throw new UserFacingError(`Nobody is signed in to "${conn.name}"; sign in first.`, 'NotSignedIn');
  return session;
}
