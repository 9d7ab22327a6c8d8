/**
 * Runtime guards for the user browser protocol, in the style of validate.ts: the host checks every request, the
 * webview checks every push before it touches the table.
 */
import type { ParsedHostMessageOf } from './rpc';
import {
  ADMIN_ACTIONS,
  BASE_COLUMNS,
  FILTER_OPS,
  type UserBrowserMethod,
  type UserBrowserPushes,
  type UserBrowserPushMessage,
  type UserBrowserRequestMessage,
} from './userBrowserProtocol';
import { describe, exactObject, isRecord, parseHostMessageWith, parseRequestWith, type Guard, type ParsedRequestOf } from './validate';

const MAX_ROWS = 1_000_000;
const ATTRIBUTE = /^[\w:.-]{1,128}$/;

const text =
  (max: number, nonEmpty = false): Guard =>
  (value) => {
    if (typeof value !== 'string') return `must be text, not ${describe(value)}.`;
    if (value.length > max) return `is longer than ${max} characters.`;
    if (nonEmpty && !value.trim()) return 'must not be empty.';
    return undefined;
  };

const oneOf =
  (choices: readonly string[]): Guard =>
  (value) =>
    typeof value === 'string' && choices.includes(value)
      ? undefined
      : `must be one of ${choices.map((c) => `"${c}"`).join(', ')}, not ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : describe(value)}.`;

export function isColumnKey(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return (BASE_COLUMNS as readonly string[]).includes(value) || (value.startsWith('attr:') && ATTRIBUTE.test(value.slice(5)));
}

const list =
  (item: Guard, max: number): Guard =>
  (value) => {
    if (!Array.isArray(value)) return `must be a list, not ${describe(value)}.`;
    if (value.length > max) return `has more than ${max} entries.`;
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i]);
      if (problem) return `has an entry ${i + 1} that ${problem}`;
    }
    return undefined;
  };

const columnKey: Guard = (v) => (isColumnKey(v) ? undefined : `is not a column (${typeof v === 'string' ? `"${v.slice(0, 40)}"` : describe(v)}).`);
const username = text(256, true);

const filterSpec: Guard = (value) => {
  if (value === null) return undefined;
  return exactObject('The filter', {
    attribute: (v) => (typeof v === 'string' && ATTRIBUTE.test(v) ? undefined : 'must be an attribute name.'),
    op: oneOf(FILTER_OPS),
    value: text(256),
  })(value);
};

/** One params guard per method; `satisfies` makes the compiler insist on a guard for every method. */
const PARAMS = {
  ready: exactObject('The params of "ready"', {}),
  load: exactObject('The params of "load"', { filter: filterSpec }),
  cancel: exactObject('The params of "cancel"', {}),
  setColumns: exactObject('The params of "setColumns"', { columns: list(columnKey, 200) }),
  openUser: exactObject('The params of "openUser"', { username }),
  action: exactObject('The params of "action"', { username, action: oneOf(ADMIN_ACTIONS) }),
  exportView: exactObject('The params of "exportView"', { format: oneOf(['csv', 'json']), usernames: list(username, MAX_ROWS), columns: list(columnKey, 200) }),
} satisfies Record<UserBrowserMethod, Guard>;

/** The host's check of every message from the user browser (see parseRequestWith). */
export function parseUserBrowserRequest(raw: unknown): ParsedRequestOf<UserBrowserRequestMessage> {
  return parseRequestWith<UserBrowserRequestMessage>(PARAMS, raw, 'user browser');
}

const isString = (v: unknown): v is string => typeof v === 'string';
const optString = (v: unknown) => v === undefined || isString(v);

export function userRowProblem(value: unknown): string | undefined {
  if (!isRecord(value) || !isString(value.username) || !isString(value.status) || typeof value.enabled !== 'boolean') return 'A user row is incomplete.';
  if (!optString(value.created) || !optString(value.modified)) return 'A user row has invalid dates.';
  if (!isRecord(value.attributes) || !Object.values(value.attributes).every(isString)) return 'A user row has invalid attributes.';
  return undefined;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const PUSHES: { [E in keyof UserBrowserPushes]: Guard } = {
  state: (v) => {
    if (!isRecord(v) || !isRecord(v.pool) || !isString(v.pool.id) || !isString(v.pool.name) || !isString(v.pool.region)) return 'The state has no valid pool.';
    if (!Array.isArray(v.columns) || !v.columns.every((c) => isRecord(c) && isColumnKey(c.key) && isString(c.title))) return 'The state has invalid columns.';
    if (!Array.isArray(v.selected) || !v.selected.every(isColumnKey)) return 'The state has invalid selected columns.';
    if (!Array.isArray(v.filterableAttributes) || !v.filterableAttributes.every(isString)) return 'The state has invalid filterable attributes.';
    return filterSpec(v.filter);
  },
  rows: (v) => {
    if (!isRecord(v) || !isCount(v.generation) || !Array.isArray(v.rows)) return 'A rows batch is malformed.';
    for (const row of v.rows) {
      const problem = userRowProblem(row);
      if (problem) return problem;
    }
    return undefined;
  },
  progress: (v) => {
    if (!isRecord(v) || !isCount(v.generation) || !isCount(v.loaded) || typeof v.done !== 'boolean' || typeof v.cancelled !== 'boolean') return 'A progress push is malformed.';
    return optString(v.error) ? undefined : 'A progress push has an invalid error.';
  },
  user: (v) => {
    if (!isRecord(v)) return 'A user push is malformed.';
    if ('removed' in v) return isString(v.removed) ? undefined : 'A user push names no user.';
    return userRowProblem(v.row);
  },
};

/** The webview's check of what the host sends: replies to its requests and the four pushes. */
export function parseUserBrowserHostMessage(raw: unknown): ParsedHostMessageOf<UserBrowserPushMessage> {
  if (!isRecord(raw) || raw.kind !== 'push') {
    const parsed = parseHostMessageWith(raw, () => 'The user browser takes no such push.');
    return parsed.ok ? { ok: true, message: parsed.message as UserBrowserPushMessage } : parsed;
  }
  const event = raw.event;
  if (typeof event !== 'string' || !Object.prototype.hasOwnProperty.call(PUSHES, event)) return { ok: false, error: `Unknown push event "${String(event).slice(0, 40)}".` };
  const problem = PUSHES[event as keyof UserBrowserPushes](raw.data);
  return problem ? { ok: false, error: problem } : { ok: true, message: { kind: 'push', event, data: raw.data } as UserBrowserPushMessage };
}

export function parseUserDetails(value: unknown): string | undefined {
  if (!isRecord(value)) return 'The user details are malformed.';
  const rowProblem = userRowProblem(value.row);
  if (rowProblem) return rowProblem;
  if (!Array.isArray(value.attributes) || !value.attributes.every((a) => isRecord(a) && isString(a.name) && isString(a.title) && isString(a.value))) return 'The user details have invalid attributes.';
  if (!Array.isArray(value.groups) || !value.groups.every(isString) || !Array.isArray(value.mfa) || !value.mfa.every(isString)) return 'The user details have invalid groups or MFA.';
  if (!Array.isArray(value.devices) || !value.devices.every((d) => isRecord(d) && isString(d.key))) return 'The user details have invalid devices.';
  if (!Array.isArray(value.problems) || !value.problems.every(isString)) return 'The user details have invalid problems.';
  return undefined;
}
