/** The CLI's logic, runnable in-process: parse, run one command, print, and return the exit status. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { explainError } from '../core/errors';
import type { Logger } from '../core/ports';
import { logLine, redact, redactValue } from '../core/redact';
import { escapeControl } from '../core/text';
import { COMMAND_HELP, HELP_TABLE, PROGRAM } from './help';
import { topLevelAnswer } from './quick';
import { cliSentence } from './sentences';
import { withCallScope } from '../core/aws';
import { validateClientId } from '../core/connection';
import { COMMON_OPTIONS, deadlineOf, SECRET_FLAGS, UsageError, type CommandSpec } from './common';
import { resolveFamily } from './families';
import { PromptCancelled, StdinLines, type CliIo } from './io';

export type { CliIo } from './io';
export { UsageError } from './common';
// For main.ts's last resort: the same redaction, with the secrets the commands registered.
export { redact } from '../core/redact';

/**
 * Every command and how to load it. A command's module (and what it imports) loads only when that command runs, so
 * `--help` and `decode` never load the AWS SDK; the build puts each module in its own file (see esbuild.mjs).
 */
const COMMANDS: Record<string, () => Promise<CommandSpec>> = {
  'sign-in': async () => (await import('./signInCommand')).signInCommand,
  decode: async () => (await import('./decodeCommand')).decodeCommand,
  credentials: async () => (await import('./credentialsCommand')).credentialsCommand,
  'write-profile': async () => (await import('./writeProfileCommand')).writeProfileCommand,
  'credential-process': async () => (await import('./credentialProcessCommand')).credentialProcessCommand,
  sessions: async () => (await import('./sessionsCommand')).sessionsCommand,
  ...accountCommands([
    'refresh',
    'sign-up',
    'confirm-sign-up',
    'resend-code',
    'forgot-password',
    'confirm-forgot-password',
    'change-password',
    'global-sign-out',
    'revoke',
    'get-user',
    'update-attributes',
    'send-verification-code',
    'verify-attribute',
    'delete-user',
    'list-devices',
    'forget-device',
  ]),
};

/** The commands of src/cli/accountCommands.ts, which keeps them in one table of its own. */
function accountCommands(names: string[]): Record<string, () => Promise<CommandSpec>> {
  return Object.fromEntries(names.map((name) => [name, async () => (await import('./accountCommands')).ACCOUNT_COMMANDS[name]]));
}

function stderrLogger(io: CliIo, enabled: boolean): Logger {
  const write = (level: string) => (message: string | Error, ...args: unknown[]) => {
    if (!enabled) return;
    io.stderr.write(`${level}: ${logLine(message, args)}\n`);
  };
  return { trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Rewrites node:util's parse errors without echoing values (a mistyped secret must not reach the terminal log). */
function usageFromParseError(err: unknown, command: string): UsageError {
  const e = err as { code?: string; message?: string };
  const option = /'(-{1,2}[^' =]+)/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Unknown option ${option ?? ''} for ${command}.`.replace('  ', ' '), command);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(`Option ${option ?? ''} ${/argument missing/.test(e.message ?? '') ? 'needs a value' : 'does not take a value'}.`.replace('  ', ' '), command);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`${command} got an unexpected argument.`, command);
    default:
      return new UsageError(`Could not read the arguments for ${command}.`, command);
  }
}

function secretFlagIn(args: string[]): string | undefined {
  for (const a of args) {
    if (a === '--') return undefined;
    const name = /^--([^=]+)/.exec(a)?.[1];
    if (name && SECRET_FLAGS[name]) return SECRET_FLAGS[name];
  }
  return undefined;
}

/** One line for the terminal: line breaks folded, and any other control character (a hostile server's escape sequence) escaped. */
function oneLine(text: string): string {
  return escapeControl(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/**
 * Runs one CLI invocation and returns its exit status: 0 success, 1 the operation failed
 * (one `error: ...` line on stderr), 2 usage error. Never writes a stack trace unless --debug.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const quick = topLevelAnswer(argv, HELP_TABLE);
  if (quick) {
    (quick.fd === 2 ? io.stderr : io.stdout).write(quick.text);
    return quick.code;
  }
  // topLevelAnswer took the empty argv.
  const [first, ...args] = argv as [string, ...string[]];
  let rest = args;
  const family = await resolveFamily(first, rest, io);
  if (typeof family === 'number') return family;
  const spec = family?.spec ?? (Object.hasOwn(COMMANDS, first) ? await COMMANDS[first]() : undefined);
  if (!spec) {
    const what = first.startsWith('-') ? `Unknown option ${first.split('=')[0]}; options go after the command.` : `Unknown command "${first}".`;
    io.stderr.write(`error: ${what} Run "${PROGRAM} --help" for the commands.\n`);
    return 2;
  }
  const command = family?.command ?? first;
  if (family) rest = family.args;
  let debug = rest.includes('--debug');
  try {
    const secretProblem = secretFlagIn(rest);
    if (secretProblem) throw new UsageError(secretProblem, command);
    let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: { ...COMMON_OPTIONS, ...spec.options }, allowPositionals: true, strict: true }) as typeof parsed;
    } catch (err) {
      throw usageFromParseError(err, command);
    }
    const { values, positionals } = parsed;
    debug = Boolean(values.debug);
    if (values.help) {
      io.stdout.write(COMMAND_HELP[command]);
      return 0;
    }
    if (positionals.length > spec.positionals) {
      throw new UsageError(spec.positionals === 0 ? `${command} takes no positional arguments.` : `${command} takes at most ${spec.positionals} argument.`, command);
    }
    // Every command that takes --client-id checks it the same way (Cognito's ids are 1-128 of [\w+]).
    const clientProblem = typeof values['client-id'] === 'string' ? validateClientId(values['client-id']) : undefined;
    if (clientProblem) throw new UsageError(clientProblem, command);
    const output = (typeof values.output === 'string' ? values.output : 'json').trim();
    if (!spec.outputs.includes(output)) throw new UsageError(`--output for ${command} must be ${spec.outputs.join(', ')}; got "${output}".`, command);
    const deadlineMs = deadlineOf(values, command);
    return await withCallScope({ deadlineMs }, () => spec.run({ io, values, positionals, output, logger: stderrLogger(io, debug), stdin: new StdinLines(io) }));
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${oneLine(err.message)} Run "${PROGRAM} ${err.command ?? command} --help" for usage.\n`);
      return 2;
    }
    if (err instanceof PromptCancelled) {
      io.stderr.write('error: Cancelled.\n');
      return 1;
    }
    io.stderr.write(`error: ${oneLine(redact(cliSentence(explainError(err))))}\n`);
    if (debug) {
      io.stderr.write(`${redactValue(err)}\n`);
      const cause = (err as { cause?: unknown }).cause;
      if (cause) io.stderr.write(`caused by: ${redactValue(cause)}\n`);
    }
    return 1;
  }
}
