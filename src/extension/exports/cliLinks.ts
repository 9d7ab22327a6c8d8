/**
 * Which CLI session caches this extension wrote for credential_process profiles: connection id -> session name
 * (names only, in globalState). Kept apart from cliSessionLink.ts so activation can ask "any?" without loading it.
 */
import type * as vscode from 'vscode';

export const CLI_SESSIONS_KEY = 'cognitoExplorer.cliSessions';

export function cliLinks(memento: vscode.Memento): Record<string, string> {
  return memento.get<Record<string, string>>(CLI_SESSIONS_KEY) ?? {};
}
