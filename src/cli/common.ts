/** What every command shares: the command table's types, option helpers, the pool target, output, and reading secrets. */
import type { ParseArgsConfig } from 'node:util';
import { poolOfIssuer, regionOfPool, validateEndpointUrl, validateRegion, validateUserPoolId } from '../core/connection';
import type { Logger } from '../core/ports';
import { escapeControl } from '../core/text';
import type { DecodedToken } from '../core/tokens/decode';
import { promptHidden, type CliIo, type StdinLines } from './io';

export type { CliIo } from './io';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS: Options = {
  region: { type: 'string' },
  'user-pool-id': { type: 'string' },
  'client-id': { type: 'string' },
  'endpoint-url': { type: 'string' },
  output: { type: 'string' },
  timeout: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export interface CommandSpec {
  options: Options;
  positionals: number;
  outputs: readonly string[];
  run(ctx: CommandContext): Promise<number>;
}

export interface CommandContext {
  io: CliIo;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  output: string;
  logger: Logger;
  /** stdin, read once and shared by everything that takes a line from it. */
  stdin: StdinLines;
}

/** Flags people reach for that would put a secret into shell history and `ps`. */
export const SECRET_FLAGS: Record<string, string> = {
  password: 'Passwords are never taken as arguments (they would end up in shell history); use --password-stdin or the COGNITO_PASSWORD environment variable.',
  'client-secret': 'Client secrets are never taken as arguments; set the COGNITO_CLIENT_SECRET environment variable.',
  secret: 'Secrets are never taken as arguments; set the COGNITO_CLIENT_SECRET environment variable.',
  'new-password': 'Passwords are never taken as arguments; use --new-password-stdin (the next line of stdin).',
  'old-password': 'Passwords are never taken as arguments; pipe them on stdin (see --help for the order).',
  'access-token': 'Tokens are never taken as arguments; pipe the token (or the JSON sign-in prints) on stdin.',
  'refresh-token': 'Tokens are never taken as arguments; pipe the token (or the JSON sign-in prints) on stdin.',
  'id-token': 'Tokens are never taken as arguments; pipe the token (or the JSON sign-in prints) on stdin.',
  'device-password': 'Device secrets are never taken as arguments.',
  'custom-answer': 'Custom challenge answers are never taken as arguments; use --challenge-answer-stdin (one line per challenge) or answer the prompt.',
};

/** --timeout SECONDS: the deadline of each AWS call (default 20 s), so a stalled endpoint ends in one error line. */
export function deadlineOf(values: CommandContext['values'], command: string): number | undefined {
  const text = str(values, 'timeout');
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError(`--timeout takes seconds between 0 and 3600, for example --timeout 30; got "${text}".`, command);
  return Math.round(seconds * 1000);
}

export function str(values: CommandContext['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** A repeatable option's values, in order. */
export function list(values: CommandContext['values'], name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}

/** `--attribute name=value` (repeatable) as a map. */
export function attributesOf(values: CommandContext['values'], command: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list(values, 'attribute')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--attribute takes name=value, for example --attribute email=alice@example.com; got "${item.split('=')[0]}".`, command);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}

export function need(values: CommandContext['values'], name: string, command: string): string {
  const v = str(values, name);
  if (!v) throw new UsageError(`${command} needs --${name}.`, command);
  return v;
}

export function check(problem: string | undefined, command: string): void {
  if (problem) throw new UsageError(problem, command);
}

export interface PoolTarget {
  region: string;
  userPoolId: string;
  endpointUrl?: string;
}

export function endpointOf(ctx: CommandContext, command: string): string | undefined {
  const endpoint = str(ctx.values, 'endpoint-url') ?? (ctx.io.env.AWS_ENDPOINT_URL?.trim() || undefined);
  if (endpoint) check(validateEndpointUrl(endpoint), command);
  return endpoint;
}

/**
 * Pool from --user-pool-id, else from the token's issuer (AWS's forms; with an endpoint also `<origin>/<poolId>`).
 * Region from --region, else the pool id; an emulator's `local_...` id takes AWS_REGION, else us-east-1.
 */
export function poolOf(ctx: CommandContext, command: string, decoded?: Pick<DecodedToken, 'payload'>): PoolTarget | undefined {
  const endpointUrl = endpointOf(ctx, command);
  let userPoolId = str(ctx.values, 'user-pool-id');
  let region = str(ctx.values, 'region');
  if (!userPoolId && decoded) {
    const parsed = poolOfIssuer(decoded.payload.iss, Boolean(endpointUrl));
    if (!parsed) return undefined;
    userPoolId = parsed.userPoolId;
  }
  if (!userPoolId) return undefined;
  check(validateUserPoolId(userPoolId, undefined, endpointUrl), command);
  if (region) {
    check(validateRegion(region), command);
    check(validateUserPoolId(userPoolId, region, endpointUrl), command);
  } else {
    region = regionOfPool(userPoolId) ?? (ctx.io.env.AWS_REGION?.trim() || ctx.io.env.AWS_DEFAULT_REGION?.trim() || 'us-east-1');
    check(validateRegion(region), command);
  }
  return { region, userPoolId, ...(endpointUrl ? { endpointUrl } : {}) };
}

/** `KEY<TAB>value` lines: nested objects as `key.sub`, arrays as one line per element (`key.0.sub` for objects). */
export function textLines(data: unknown, prefix = ''): string[] {
  if (data === undefined) return [];
  if (data instanceof Date) return [`${prefix}\t${data.toISOString()}`];
  if (data === null || typeof data !== 'object') return [`${prefix}\t${data === null ? '' : escapeControl(String(data).replace(/\r?\n/g, ' '))}`];
  const entries = Array.isArray(data) ? data.map((v, i) => [String(i), v] as const) : Object.entries(data);
  if (entries.length === 0) return prefix ? [`${prefix}\t`] : [];
  const scalars = Array.isArray(data) && data.every((v) => v === null || typeof v !== 'object');
  return entries.flatMap(([k, v]) => textLines(v, scalars ? prefix : prefix ? `${prefix}.${k}` : k));
}

/**
 * JSON whose strings cannot steer a terminal: JSON.stringify already escapes C0 controls; DEL, C1 controls, line
 * separators and bidi overrides become \\uXXXX too (the same string to any JSON reader).
 */
export function jsonText(data: unknown, indent?: number): string {
  return JSON.stringify(data, null, indent).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function print(ctx: CommandContext, data: Record<string, unknown>): void {
  if (ctx.output === 'text') {
    ctx.io.stdout.write(`${textLines(data).join('\n')}\n`);
  } else {
    ctx.io.stdout.write(`${jsonText(data, 2)}\n`);
  }
}

export async function passwordOf(ctx: CommandContext, username: string, command = 'sign-in'): Promise<string> {
  if (ctx.values['password-stdin']) {
    const line = await ctx.stdin.take();
    if (!line) throw new UsageError('--password-stdin was given but the first line of stdin is empty.', command);
    return line;
  }
  const fromEnv = ctx.io.env.COGNITO_PASSWORD;
  if (fromEnv) return fromEnv;
  if (ctx.io.isTTY) return promptHidden(ctx.io, `Password for ${username}: `);
  throw new UsageError('No password given: pipe it with --password-stdin, or set COGNITO_PASSWORD.', command);
}

/** A token from stdin: a raw line, or a field of the JSON sign-in prints (the first of `jsonKeys` present). */
export async function tokenFromStdin(ctx: CommandContext, command: string, what: string, jsonKeys: readonly string[] = what === 'ID token' ? ['IdToken'] : ['IdToken', 'AccessToken']): Promise<string> {
  if (ctx.io.isTTY) return promptHidden(ctx.io, `${what}: `);
  const text = (await ctx.stdin.all()).trim();
  if (!text) throw new UsageError(`${command} read nothing on stdin; pipe the ${what.toLowerCase()} in.`, command);
  if (text.startsWith('{')) {
    // Accepts the JSON that sign-in prints, so the two commands pipe into each other.
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const token = jsonKeys.map((k) => parsed[k]).find((v) => typeof v === 'string');
      if (typeof token === 'string') return token;
    } catch {
      // Not JSON after all: treated as a token below, and decoding names the problem.
    }
  }
  return text.split(/\r?\n/).find((l) => l.trim()) ?? '';
}
