/**
 * A token as something to send: an Authorization header, a curl command, a fetch snippet or a REST Client `.http`
 * request. Every value is quoted for where it lands, so a URL with quotes or spaces cannot break out of the text.
 */
import { UserFacingError } from '../errors';
import { normalizeToken } from './decode';

export type RequestFormat = 'header' | 'curl' | 'fetch' | 'http';
export const REQUEST_FORMATS: readonly RequestFormat[] = ['header', 'curl', 'fetch', 'http'];
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RequestSpec {
  token: string;
  /** Needed by every format but `header`. */
  url?: string;
  method?: HttpMethod;
  /** A comment line for the `.http` request ("alice's ID token"). */
  label?: string;
}

const JWT_CHARS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// Control characters and whitespace inside a URL would end the .http request line or the shell word.
const URL_UNSAFE = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Undefined when `url` is an absolute http(s) URL without spaces or control characters, else one sentence. */
export function validateRequestUrl(url: string): string | undefined {
  const value = url.trim();
  if (!value) return 'Type the URL to call, e.g. https://api.example.com/items.';
  if (URL_UNSAFE.test(value)) return 'The URL contains spaces or control characters; encode them (%20) or remove them.';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'This is not an absolute URL; start it with https:// or http://.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `Only http and https URLs can be called, not ${parsed.protocol}.`;
  return undefined;
}

/**
 * What a person types as the request target: a URL, optionally preceded by the method ("POST https://…"),
 * as in an .http file. Undefined method means GET. Throws a UserFacingError when either part is unusable.
 */
export function parseRequestTarget(input: string): { method: HttpMethod; url: string } {
  const match = /^([A-Za-z]+)\s+(\S.*)$/.exec(input.trim());
  if (match) {
    const word = match[1].toUpperCase();
    if (!HTTP_METHODS.includes(word as HttpMethod)) throw new UserFacingError(`${match[1]} is not an HTTP method; use one of ${HTTP_METHODS.join(', ')}, or type the URL alone for GET.`, 'InvalidMethod');
    return { method: word as HttpMethod, url: checkedUrl(match[2]) };
  }
  return { method: 'GET', url: checkedUrl(input) };
}

/** The input box's check for parseRequestTarget: undefined when fine, else the sentence. */
export function requestTargetProblem(input: string): string | undefined {
  try {
    parseRequestTarget(input);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** POSIX shell single-quoting: the word reaches the program byte for byte, whatever it contains. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function checkedToken(token: string): string {
  const t = normalizeToken(token);
  if (!JWT_CHARS.test(t)) throw new UserFacingError('This is not a JWT (three base64url parts separated by dots), so it cannot go in an Authorization header.', 'MalformedToken');
  return t;
}

function checkedUrl(url: string | undefined): string {
  const problem = validateRequestUrl(url ?? '');
  if (problem) throw new UserFacingError(problem, 'InvalidUrl');
  return (url ?? '').trim();
}

/**
 * Formats the request. `header` is the bare `Authorization: Bearer …` line; the others include the method and URL.
 * Throws a UserFacingError for a token that is not a JWT or an unusable URL.
 */
export function formatRequest(format: RequestFormat, spec: RequestSpec): string {
  const token = checkedToken(spec.token);
  const header = `Authorization: Bearer ${token}`;
  if (format === 'header') return header;
  const url = checkedUrl(spec.url);
  const method = spec.method ?? 'GET';
  switch (format) {
    case 'curl':
      return ['curl', '-sS', ...(method === 'GET' ? [] : ['-X', method]), '-H', shellQuote(header), shellQuote(url)].join(' ');
    case 'fetch':
      return [
        `const response = await fetch(${JSON.stringify(url)}, {`,
        `  method: ${JSON.stringify(method)},`,
        `  headers: { Authorization: ${JSON.stringify(`Bearer ${token}`)} },`,
        `});`,
      ].join('\n');
    case 'http': {
      // REST Client: `###` separates requests; a comment line names what is being sent.
      const label = (spec.label ?? '').replace(new RegExp(URL_UNSAFE.source, 'g'), ' ').trim();
      return [`###${label ? ` ${label}` : ''}`, `${method} ${url}`, header, ''].join('\n');
    }
  }
}
