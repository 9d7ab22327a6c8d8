/** Removes secrets from anything about to be logged. Applied to every log line by every Logger implementation. */
import { escapeControl } from './text';

// JWS (three parts) and JWE (five parts: Cognito refresh tokens), so no tail of an encrypted token survives.
// No \b before it: a JWT glued to a word (`x=1eyJ...`, `Bearer_eyJ...`) is still a JWT.
const JWT = /eyJ[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]{5,}){2}(?:\.[A-Za-z0-9_-]{5,}){0,2}/g;
const ACCESS_KEY = /\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g;
// A SECRET_HASH (HMAC-SHA256, base64): emulators echo it as an error message, which then shows up in stacks.
const HMAC_SHA256_BASE64 = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/g;

/**
 * Names whose value is secret, matched case-insensitively as the END of a key (`Password`, `PreviousPassword`,
 * `devicePassword`, `COGNITO_PASSWORD`, `x-amz-security-token`, `AWS_SECRET_ACCESS_KEY`...), so a new field spelled
 * in any SDK, header or environment style is covered without listing every spelling.
 */
const SECRET_KEY_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'passwordverifier',
  // Short names only as a whole word or after a separator (`db_pass`, `PWD`), not inside `bypass` or `compass`.
  '(?<![a-z])pass',
  '(?<![a-z])pwd',
  'secret',
  'secret[-_]?key',
  'secret[-_]?access[-_]?key',
  'secret[-_]?hash',
  'secret[-_]?code',
  'secret[-_]?block',
  'claim[-_]?signature',
  'srp[-_][ab]',
  'token',
  'session',
  'answer',
  'authorization',
  'cookie',
].join('|');

const SCHEMES = 'Bearer|Basic|Token|Digest|Negotiate';

// Key (optionally quoted, also as escaped JSON inside a JSON string), then `:`/`=` (or a space before a quoted value, as
// in fish's `set -gx NAME 'value'`), then the value in any quoting, an array or object, or a bare word (with an auth
// scheme before it).
const SECRET_FIELDS = new RegExp(
  `((?:${SECRET_KEY_ENDINGS})(?:\\\\?["'])?(?:\\s*[:=]\\s*|\\s+(?=["']))(?:\\\\?["']?(?:${SCHEMES})\\s+)?)` +
    `("(?:[^"\\\\]|\\\\.)*"|\\\\"[^"]*?\\\\"|'[^']*'|\\[[^\\]]*\\]|\\{[^}]*\\}|[^\\s,;}&"'\\\\]+)`,
  'gi',
);

// A command line's `--password VALUE` / `-client-secret VALUE` (the `=` form is a field above). Fewer endings than
// fields: prose like "pass --challenge-answer NAME" is usage, not a secret.
const FLAG_ENDINGS = ['password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'secret-?key', 'secret-?access-?key', 'token'].join('|');
const SECRET_FLAGS = new RegExp(`((?<![\\w-])--?[\\w-]*(?:${FLAG_ENDINGS})\\s+)(?!-)("[^"]*"|'[^']*'|\\S+)`, 'gi');

// XML elements (`<SecretAccessKey>...</SecretAccessKey>`, STS and S3 answers), with or without attributes.
const SECRET_ELEMENTS = new RegExp(`<((?:[\\w.-]*:)?[\\w-]*(?:${SECRET_KEY_ENDINGS}))(\\s[^>]*)?>[^<]*</\\1>`, 'gi');

const known = new Set<string>();

/** Registers an exact secret value (a password the user typed, a token) so it is removed wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) for (const form of formsOf(value)) known.add(form);
}

export function forgetSecret(value: string | undefined): void {
  if (value) for (const form of formsOf(value)) known.delete(form);
}

/** The value as it appears in a log: raw, JSON-escaped (once and twice, JSON in JSON), URL- and form-encoded. */
function formsOf(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const url = encodeURIComponent(value);
  return [...new Set([value, json, JSON.stringify(json).slice(1, -1), url, url.replace(/%20/g, '+')])];
}

export function redact(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(JWT, '[redacted-jwt]')
    .replace(ACCESS_KEY, (m) => `${m.slice(0, 4)}…[redacted]`)
    .replace(SECRET_ELEMENTS, (_m, tag: string, attrs: string | undefined) => `<${tag}${attrs ?? ''}>[redacted]</${tag}>`)
    .replace(SECRET_FIELDS, (_m, key: string) => `${key}[redacted]`)
    .replace(SECRET_FLAGS, (_m, flag: string) => `${flag}[redacted]`)
    .replace(HMAC_SHA256_BASE64, '[redacted]');
}

/** Formats any value (Error, object, string) for a log line, redacted. */
export function redactValue(value: unknown): string {
  if (value instanceof Error) return redact(value.stack ?? `${value.name}: ${value.message}`);
  if (typeof value === 'string') return redact(value);
  try {
    return redact(JSON.stringify(value));
  } catch {
    return redact(String(value));
  }
}

/** An Error as log text: its message on one line (escaped), then only the stack's own frames, one per line. */
function errorText(err: Error): string {
  const head = escapeControl(redact(`${err.name}: ${err.message}`));
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).map((l) => `    ${escapeControl(redact(l.trim()))}`);
  return [head, ...frames].join('\n');
}

/**
 * One log entry, redacted, with every control character from outside text escaped, so input (a webview message,
 * a server's error text) can neither forge further log lines nor send terminal escapes. Only an Error's stack frames
 * start new lines.
 */
export function logLine(message: string | Error, args: unknown[] = []): string {
  const part = (v: unknown) => (v instanceof Error ? errorText(v) : escapeControl(redactValue(v)));
  const head = typeof message === 'string' ? escapeControl(redact(message)) : errorText(message);
  return args.length ? `${head} ${args.map(part).join(' ')}` : head;
}
