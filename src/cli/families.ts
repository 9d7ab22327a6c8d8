/** Commands with subcommands (`users list`, `pools describe`): their modules load only when one of them runs. */
import type { CommandSpec } from './common';
import { COMMAND_HELP, PROGRAM } from './help';
import type { CliIo } from './io';

type Table = Record<string, CommandSpec>;

export const FAMILIES: Record<string, () => Promise<Table>> = {
  pools: async () => (await import('./poolsCommands')).POOLS_COMMANDS,
  clients: async () => (await import('./poolsCommands')).CLIENTS_COMMANDS,
  groups: async () => (await import('./poolsCommands')).GROUPS_COMMANDS,
  users: async () => (await import('./usersCommands')).USERS_COMMANDS,
};

export interface Resolved {
  spec: CommandSpec;
  /** `users list`: the key of its help text and the name in its messages. */
  command: string;
  args: string[];
}

/**
 * The subcommand `first rest[0]` with its arguments; an exit status after printing the family's help (asked for,
 * or a missing or unknown subcommand); undefined when `first` is not a family.
 */
export async function resolveFamily(first: string, rest: string[], io: CliIo): Promise<Resolved | number | undefined> {
  const load = FAMILIES[first];
  if (!load) return undefined;
  const [sub, ...args] = rest;
  if (sub === '--help' || sub === '-h') {
    io.stdout.write(COMMAND_HELP[first]);
    return 0;
  }
  const table = await load();
  const spec = sub === undefined ? undefined : table[sub];
  if (!spec) {
    const what = sub === undefined || sub.startsWith('-') ? `${first} needs a subcommand: ${Object.keys(table).join(', ')}.` : `Unknown command "${first} ${sub}"; ${first} has ${Object.keys(table).join(', ')}.`;
    io.stderr.write(`error: ${what} Run "${PROGRAM} ${first} --help" for usage.\n`);
    return 2;
  }
  return { spec, command: `${first} ${sub}`, args };
}
