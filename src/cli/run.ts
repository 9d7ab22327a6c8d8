/** The CLI's logic, runnable in-process: parse, run one command, print, and return the exit status. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { version as VERSION } from '../../package.json';
import { issuerOf, jwksUrlOf, validateEndpointUrl, validateIdentityPoolId, type Connection } from '../core/connection';
import { explainError, UserFacingError } from '../core/errors';
import { toCredentialProcess, toShellExports, type ShellKind } from '../core/export/shell';
import { getCredentialsForUser } from '../core/identity/credentials';
import type { Logger } from '../core/ports';
import { redact, redactValue, registerSecret } from '../core/redact';
import type { IdentityCredentials } from '../core/session';
import { decodeToken, normalizeToken, type DecodedToken } from '../core/tokens/decode';
import { verifyToken, type VerificationReport } from '../core/tokens/verify';
import { COMMAND_HELP, GLOBAL_HELP, PROGRAM } from './help';
import { ACCOUNT_COMMANDS } from './accountCommands';
import { check, COMMON_OPTIONS, need, poolOf, print, SECRET_FLAGS, str, tokenFromStdin, UsageError, type CommandSpec } from './common';
import { PromptCancelled, StdinLines, type CliIo } from './io';
import { signInCommand } from './signInCommand';

export type { CliIo } from './io';
export { UsageError } from './common';

function clientIdFromToken(decoded: DecodedToken): string | undefined {
  const { payload } = decoded;
  const candidate = decoded.kind === 'access' ? payload.client_id : Array.isArray(payload.aud) ? payload.aud[0] : (payload.aud ?? payload.client_id);
  return typeof candidate === 'string' ? candidate : undefined;
}

const decodeCommand: CommandSpec = {
  options: {
    verify: { type: 'boolean' },
    'jwks-url': { type: 'string' },
    'token-use': { type: 'string' },
    'clock-tolerance': { type: 'string' },
  },
  positionals: 1,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'decode';
    const arg = ctx.positionals[0];
    const tokenUse = str(ctx.values, 'token-use');
    if (tokenUse && tokenUse !== 'id' && tokenUse !== 'access') throw new UsageError(`--token-use must be id or access, not "${tokenUse}".`, cmd);
    const toleranceText = str(ctx.values, 'clock-tolerance');
    const tolerance = toleranceText === undefined ? undefined : Number(toleranceText);
    if (tolerance !== undefined && (!Number.isInteger(tolerance) || tolerance < 0)) {
      throw new UsageError('--clock-tolerance must be a whole number of seconds, 0 or more.', cmd);
    }
    const jwksUrl = str(ctx.values, 'jwks-url');
    if (jwksUrl) check(validateEndpointUrl(jwksUrl)?.replace('endpoint URL', 'JWKS URL'), cmd);
    const token = arg && arg !== '-' ? arg : await tokenFromStdin(ctx, cmd, 'Token');
    registerSecret(normalizeToken(token));
    const decoded = decodeToken(token);
    const base = { header: decoded.header, payload: decoded.payload, times: decoded.times };
    if (!ctx.values.verify) {
      print(ctx, { ...base, verified: null, reason: null });
      return 0;
    }
    const pool = poolOf(ctx, cmd, decoded);
    if (!pool) {
      throw new UserFacingError(
        `Cannot verify: the token's issuer ${JSON.stringify(decoded.payload.iss ?? null)} is not a Cognito user pool; pass --user-pool-id.`,
        'NoPool',
      );
    }
    const clientId = str(ctx.values, 'client-id') ?? clientIdFromToken(decoded);
    if (!clientId) throw new UserFacingError('Cannot verify: the token names no app client (no aud or client_id); pass --client-id.', 'NoClient');
    const report: VerificationReport = await verifyToken(token, {
      jwksUrl: jwksUrl ?? jwksUrlOf(pool),
      issuer: issuerOf(pool),
      clientId,
      expectedUse: tokenUse as 'id' | 'access' | undefined,
      clockToleranceSec: tolerance,
    });
    print(ctx, { ...base, verified: report.verified, reason: report.reason ?? null, checks: report.checks });
    if (!report.verified) throw new UserFacingError(`Verification failed: ${report.reason}`, 'VerificationFailed');
    return 0;
  },
};

const SHELLS: readonly ShellKind[] = ['bash', 'fish', 'powershell', 'cmd'];

const credentialsCommand: CommandSpec = {
  options: {
    'identity-pool-id': { type: 'string' },
    'custom-role-arn': { type: 'string' },
    shell: { type: 'string' },
  },
  positionals: 0,
  outputs: ['json', 'text', 'env', 'credential-process'],
  async run(ctx) {
    const cmd = 'credentials';
    const identityPoolId = need(ctx.values, 'identity-pool-id', cmd);
    check(validateIdentityPoolId(identityPoolId), cmd);
    const shell = (str(ctx.values, 'shell') ?? 'bash') as ShellKind;
    if (!SHELLS.includes(shell)) throw new UsageError(`--shell must be one of ${SHELLS.join(', ')}, not "${shell}".`, cmd);
    const idToken = normalizeToken(await tokenFromStdin(ctx, cmd, 'ID token'));
    registerSecret(idToken);
    const decoded = decodeToken(idToken);
    if (decoded.kind === 'access') throw new UserFacingError('This is an access token; the identity pool needs the ID token.', 'WrongTokenUse');
    const pool = poolOf(ctx, cmd, decoded);
    if (!pool) throw new UserFacingError('The ID token does not name a Cognito user pool in its iss claim; pass --user-pool-id.', 'NoPool');
    const conn: Connection = { id: 'cli', name: 'cli', clientId: str(ctx.values, 'client-id') ?? '', identityPoolId, ...pool };
    const creds: IdentityCredentials = await getCredentialsForUser(conn, idToken, { customRoleArn: str(ctx.values, 'custom-role-arn') });
    registerSecret(creds.secretAccessKey);
    registerSecret(creds.sessionToken);
    if (ctx.output === 'env') {
      ctx.io.stdout.write(toShellExports(creds, pool, shell));
    } else if (ctx.output === 'credential-process') {
      ctx.io.stdout.write(`${JSON.stringify(toCredentialProcess(creds))}\n`);
    } else {
      print(ctx, {
        IdentityId: creds.identityId,
        AccessKeyId: creds.accessKeyId,
        SecretAccessKey: creds.secretAccessKey,
        SessionToken: creds.sessionToken,
        Expiration: creds.expiration,
      });
    }
    return 0;
  },
};

const COMMANDS: Record<string, CommandSpec> = {
  'sign-in': signInCommand,
  decode: decodeCommand,
  credentials: credentialsCommand,
  ...ACCOUNT_COMMANDS,
};

function stderrLogger(io: CliIo, enabled: boolean): Logger {
  const write = (level: string) => (message: string | Error, ...args: unknown[]) => {
    if (!enabled) return;
    const text = [message, ...args].map((v) => (typeof v === 'string' ? redact(v) : redactValue(v))).join(' ');
    io.stderr.write(`${level}: ${text}\n`);
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

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * Runs one CLI invocation and returns its exit status: 0 success, 1 the operation failed
 * (one `error: ...` line on stderr), 2 usage error. Never writes a stack trace unless --debug.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    // Without a command it is a usage error, so the help goes where errors go.
    (first === undefined ? io.stderr : io.stdout).write(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : GLOBAL_HELP);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${PROGRAM} ${VERSION}\n`);
    return 0;
  }
  const spec = COMMANDS[first];
  if (!spec) {
    const what = first.startsWith('-') ? `Unknown option ${first.split('=')[0]}; options go after the command.` : `Unknown command "${first}".`;
    io.stderr.write(`error: ${what} Run "${PROGRAM} --help" for the commands.\n`);
    return 2;
  }
  const command = first;
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
    const output = (typeof values.output === 'string' ? values.output : 'json').trim();
    if (!spec.outputs.includes(output)) throw new UsageError(`--output for ${command} must be ${spec.outputs.join(', ')}; got "${output}".`, command);
    return await spec.run({ io, values, positionals, output, logger: stderrLogger(io, debug), stdin: new StdinLines(io.stdin) });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${oneLine(err.message)} Run "${PROGRAM} ${err.command ?? command} --help" for usage.\n`);
      return 2;
    }
    if (err instanceof PromptCancelled) {
      io.stderr.write('error: Cancelled.\n');
      return 1;
    }
    io.stderr.write(`error: ${oneLine(redact(explainError(err)))}\n`);
    if (debug) {
      io.stderr.write(`${redactValue(err)}\n`);
      const cause = (err as { cause?: unknown }).cause;
      if (cause) io.stderr.write(`caused by: ${redactValue(cause)}\n`);
    }
    return 1;
  }
}
