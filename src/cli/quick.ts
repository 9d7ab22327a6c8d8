/**
 * The answers the CLI gives from its help table alone: the help forms and --version. The entry (main.ts) gives them
 * before it loads anything else, from the table the build evaluates out of help.ts; runCli from help.ts itself.
 */

/** What help.ts says, as plain strings. */
export interface HelpTable {
  program: string;
  version: string;
  global: string;
  /** A command's help by its name as typed: `decode`, `users list`. */
  commands: Record<string, string>;
}

export interface QuickAnswer {
  /** 1 stdout, 2 stderr. */
  fd: 1 | 2;
  text: string;
  code: number;
}

/** No arguments, --help, -h, help [COMMAND], --version and -v, whatever follows them. */
export function topLevelAnswer(argv: readonly string[], table: HelpTable): QuickAnswer | undefined {
  const [first, topic] = argv;
  // Without a command it is a usage error, so the help goes where errors go.
  if (first === undefined) return { fd: 2, text: table.global, code: 2 };
  if (first === '--help' || first === '-h' || first === 'help') {
    const text = first === 'help' && topic && Object.hasOwn(table.commands, topic) ? table.commands[topic] : table.global;
    return { fd: 1, text, code: 0 };
  }
  if (first === '--version' || first === '-v') return { fd: 1, text: `${table.program} ${table.version}\n`, code: 0 };
  return undefined;
}

/**
 * The top-level forms, and a command's help asked for with nothing else (`decode --help`, `users list -h`), which
 * the command's own parser answers the same way (test/unit/cliQuick.test.ts holds the two together).
 */
export function quickAnswer(argv: readonly string[], table: HelpTable): QuickAnswer | undefined {
  const top = topLevelAnswer(argv, table);
  if (top) return top;
  const words = argv.slice(0, -1);
  const flag = argv[argv.length - 1];
  if ((flag !== '--help' && flag !== '-h') || words.length < 1 || words.length > 2 || !words.every((w) => /^[a-z][a-z-]*$/.test(w))) return undefined;
  const name = words.join(' ');
  return Object.hasOwn(table.commands, name) ? { fd: 1, text: table.commands[name], code: 0 } : undefined;
}
