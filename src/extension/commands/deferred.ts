/**
 * The command features whose code loads when one of their commands first runs, not at activation
 * (CommandRegistrar.deferRest stands in for their commands until then). A feature belongs here when its register()
 * only registers commands, and documents or panels that only its commands open: nothing of it has to run before a
 * person uses it.
 */
import type { CliSessionLink } from '../exports/cliSessionLink';
import type { TerminalEnvironment } from '../exports/terminalEnvironment';
import type { PoolEvents } from '../pools/poolEvents';
import type { IdentitySessions } from '../session/identitySessions';
import type { SessionRenewer } from '../session/sessionRenewer';
import type { UserPoolsTree } from '../tree/userPoolsTree';
import * as accountCommands from './account';
import * as connectionCommands from './connections';
import * as credentialCommands from './credentials';
import type { CommandDeps } from './deps';
import * as deviceCommands from './devices';
import * as identityCommands from './identity';
import * as exportCommands from './exports';
import * as poolAdminCommands from './poolAdmin';
import * as poolCommands from './pools';
import * as resourceCommands from './resources';
import * as signOutCommands from './signOut';

export interface DeferredDeps {
  renewer: SessionRenewer;
  terminalEnvironment: TerminalEnvironment;
  poolEvents: PoolEvents;
  userPoolsTree: UserPoolsTree;
  identitySessions: IdentitySessions;
  cliSessionLink: () => Promise<CliSessionLink>;
}

export function registerDeferred(deps: CommandDeps, { renewer, terminalEnvironment, poolEvents, userPoolsTree, identitySessions, cliSessionLink }: DeferredDeps): void {
  connectionCommands.register(deps, identitySessions);
  credentialCommands.register(deps, renewer);
  identityCommands.register(deps, renewer);
  signOutCommands.register(deps);
  accountCommands.register(deps, renewer);
  deviceCommands.register(deps, renewer);
  exportCommands.register(deps, renewer, terminalEnvironment, cliSessionLink);
  poolAdminCommands.register(deps, poolEvents);
  poolCommands.register(deps, { tree: userPoolsTree, events: poolEvents });
  resourceCommands.register(deps);
}
