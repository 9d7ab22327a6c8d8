/**
 * Runtime guards for the token panel protocol. Hand-written on purpose: a schema library would weigh more than the
 * protocol. Each guard returns a sentence naming the first problem, or undefined when the value is fine.
 */
import { TOKEN_WHICH, type HostMessage, type Method, type PanelState, type ReplyMessage, type RequestMessage } from './protocol';

/** Returns a sentence naming the first problem of a value, or undefined when it is fine. */
export type Guard = (value: unknown) => string | undefined;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function extraKeys(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((k) => !allowed.includes(k));
}

export function exactObject(what: string, fields: Record<string, Guard>): Guard {
  const allowed = Object.keys(fields);
  return (value) => {
    if (!isRecord(value)) return `${what} must be an object, not ${describe(value)}.`;
    const extra = extraKeys(value, allowed);
    if (extra.length) return `${what} has unexpected field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}.`;
    for (const [key, guard] of Object.entries(fields)) {
      const problem = guard(value[key]);
      if (problem) return `${what}: "${key}" ${problem}`;
    }
    return undefined;
  };
}

const which: Guard = (value) =>
  typeof value === 'string' && (TOKEN_WHICH as readonly string[]).includes(value)
    ? undefined
    : `must be one of ${TOKEN_WHICH.map((w) => `"${w}"`).join(', ')}, not ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : describe(value)}.`;

/** One params guard per method; `satisfies` makes the compiler insist on a guard for every method. */
const PARAMS = {
  ready: exactObject('The params of "ready"', {}),
  copyToken: exactObject('The params of "copyToken"', { which }),
  reverify: exactObject('The params of "reverify"', {}),
} satisfies Record<Method, Guard>;

export function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export type ParsedRequestOf<Req> = { ok: true; request: Req } | { ok: false; id: number | null; error: string };
export type ParsedRequest = ParsedRequestOf<RequestMessage>;

/**
 * Checks a message from a webview before dispatch: a plain object with exactly `id` (a non-negative integer),
 * `method` (a key of `guards`) and `params` (optional, that method's params and nothing else).
 * When it is rejected, `id` is the message's id if it had a usable one, so the error reply can be matched.
 */
export function parseRequestWith<Req>(guards: Record<string, Guard>, raw: unknown, panel = 'panel'): ParsedRequestOf<Req> {
  if (!isRecord(raw)) return { ok: false, id: null, error: `A request must be an object, not ${describe(raw)}.` };
  const id = isRequestId(raw.id) ? raw.id : null;
  if (id === null) {
    const got = raw.id === undefined ? 'none' : describe(raw.id);
    return { ok: false, id: null, error: `A request needs an "id" that is a non-negative integer; got ${got}.` };
  }
  const extra = extraKeys(raw, ['id', 'method', 'params']);
  if (extra.length) return { ok: false, id, error: `The request has unexpected field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}.` };
  if (typeof raw.method !== 'string') return { ok: false, id, error: `A request needs a "method" string; got ${raw.method === undefined ? 'none' : describe(raw.method)}.` };
  const method = raw.method;
  if (!Object.prototype.hasOwnProperty.call(guards, method)) {
    // JSON quoting escapes control characters: the name comes from the webview and is echoed back and logged.
    return { ok: false, id, error: `Unknown method ${JSON.stringify(method.slice(0, 40))}; the ${panel} accepts ${Object.keys(guards).join(', ')}.` };
  }
  const params = raw.params === undefined ? {} : raw.params;
  const problem = guards[method](params);
  if (problem) return { ok: false, id, error: problem };
  return { ok: true, request: { id, method, params } as Req };
}

/** The token panel's request guard (see parseRequestWith). */
export function parseRequest(raw: unknown): ParsedRequest {
  return parseRequestWith<RequestMessage>(PARAMS, raw);
}

const isString = (v: unknown) => typeof v === 'string';

function panelStateProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'The state must be an object.';
  if (!isRecord(value.connection) || !isString(value.connection.name) || !isString(value.connection.userPoolId)) return 'The state has no valid connection.';
  if (!isString(value.username)) return 'The state has no username.';
  if (!TOKEN_WHICH.includes(value.selected as never)) return 'The state has no valid selected token.';
  if (typeof value.selectSeq !== 'number') return 'The state has no selection sequence number.';
  if (!isRecord(value.tokens)) return 'The state has no tokens.';
  if (value.only !== undefined && !TOKEN_WHICH.includes(value.only as never)) return 'The state names an unknown single token.';
  for (const w of TOKEN_WHICH) {
    const t = value.tokens[w];
    if (!isRecord(t) || t.which !== w) return `The state's ${w} token is missing.`;
    if (!isRecord(t.header) || !isRecord(t.payload) || !isRecord(t.times) || !Array.isArray(t.claims)) return `The state's ${w} token is incomplete.`;
    const v = t.verification;
    if (!isRecord(v) || !['pending', 'done', 'error'].includes(v.status as string)) return `The state's ${w} token has no valid verification status.`;
    if (v.status === 'done' && (!isRecord(v.result) || !Array.isArray(v.result.checks))) return `The state's ${w} verification has no checks.`;
  }
  return undefined;
}

export type ParsedHostMessage = { ok: true; message: HostMessage } | { ok: false; error: string };

/** The webview's guard for what a host sends: replies to its requests and `state` pushes, whose data `stateProblem` checks. */
export function parseHostMessageWith<State>(
  raw: unknown,
  stateProblem: Guard,
): { ok: true; message: ReplyMessage | { kind: 'push'; event: 'state'; data: State } } | { ok: false; error: string } {
  if (!isRecord(raw)) return { ok: false, error: `A host message must be an object, not ${describe(raw)}.` };
  if (raw.kind === 'reply') {
    const id = raw.id === null ? null : isRequestId(raw.id) ? raw.id : undefined;
    if (id === undefined) return { ok: false, error: 'A reply needs an "id".' };
    if (raw.ok === true) return { ok: true, message: { kind: 'reply', id, ok: true, result: raw.result } };
    if (raw.ok === false && typeof raw.error === 'string') return { ok: true, message: { kind: 'reply', id, ok: false, error: raw.error } };
    return { ok: false, error: 'A reply needs "ok" true with a result, or false with an error sentence.' };
  }
  if (raw.kind === 'push') {
    if (raw.event !== 'state') return { ok: false, error: `Unknown push event "${String(raw.event).slice(0, 40)}".` };
    const problem = stateProblem(raw.data);
    if (problem) return { ok: false, error: problem };
    return { ok: true, message: { kind: 'push', event: 'state', data: raw.data as State } };
  }
  return { ok: false, error: 'A host message must be a reply or a push.' };
}

/** The token panel's guard for what the host sends. */
export function parseHostMessage(raw: unknown): ParsedHostMessage {
  return parseHostMessageWith<PanelState>(raw, panelStateProblem);
}
