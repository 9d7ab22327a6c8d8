/** Every way of asking the CLI for help or its version, and a few near misses that runCli's parser answers. */
import { COMMAND_HELP } from '../../src/cli/help';

export function helpForms(): string[][] {
  const commands = Object.keys(COMMAND_HELP).map((c) => c.split(' '));
  return [
    [],
    ['--help'],
    ['-h'],
    ['help'],
    ['--version'],
    ['-v'],
    ['--help', 'decode'],
    ['help', 'nosuch'],
    ['help', 'constructor'],
    ['help', 'users', 'list'],
    ...Object.keys(COMMAND_HELP).map((c) => ['help', c]),
    ...commands.flatMap((c) => [
      [...c, '--help'],
      [...c, '-h'],
    ]),
    // Not the plain forms: the command's own parser decides.
    ['decode', '--help', 'extra'],
    ['decode', '--output', 'text', '--help'],
    ['users list', '--help'],
    ['nosuch', '--help'],
    ['decode', '--', '--help'],
  ];
}
