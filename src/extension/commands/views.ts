import { showErrorSentence } from '../platform/commands';
import type { ConnectionsTree } from '../tree/connectionsTree';
import { FolderNode, LoadMoreNode, type ResourcesTree } from '../tree/resourcesTree';
import type { SessionsTree } from '../tree/sessionsTree';
import type { CommandDeps } from './deps';

export interface Trees {
  connections: ConnectionsTree;
  sessions: SessionsTree;
  resources: ResourcesTree;
}

export function register(deps: CommandDeps, trees: Trees): void {
  const { commands, logger, sessions } = deps;

  commands.register('cognitoExplorer.showLogs', () => logger.show());

  commands.register('cognitoExplorer.refreshConnections', async () => {
    await sessions.reload();
    trees.connections.refresh();
  });

  commands.register('cognitoExplorer.refreshSessions', async () => {
    await sessions.reload();
    trees.sessions.refresh();
  });

  commands.register('cognitoExplorer.refreshResources', () => trees.resources.refresh());

  commands.register('cognitoExplorer.loadMore', async (node?: unknown) => {
    if (node instanceof LoadMoreNode || node instanceof FolderNode) await trees.resources.loadMore(node);
  });

  commands.register('cognitoExplorer.showErrorDetails', (node?: unknown) => {
    const sentence = (node as { sentence?: unknown } | undefined)?.sentence;
    if (typeof sentence === 'string') showErrorSentence(logger, sentence);
  });
}
