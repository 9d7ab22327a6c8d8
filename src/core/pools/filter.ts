/**
 * ListUsers filters: `attribute op "value"`, where op is `=` (exact) or `^=` (starts with). Cognito accepts only
 * these standard attributes (no custom ones) and one condition per request; checking here turns its terse
 * InvalidParameterException into a sentence before anything is sent.
 */
import { UserFacingError } from '../errors';

export const FILTERABLE_ATTRIBUTES: readonly string[] = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
];

export type FilterOperator = '=' | '^=';

/** Cognito's limit on the whole Filter string. */
export const MAX_FILTER_LENGTH = 256;

const EXPRESSION = /^\s*([A-Za-z_:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Quotes a value for a filter: backslashes and double quotes escaped. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The attribute, operator and unescaped value of a valid filter, else undefined. */
export function parseFilter(expr: string): { attribute: string; op: FilterOperator; value: string } | undefined {
  const m = EXPRESSION.exec(expr);
  if (!m || !FILTERABLE_ATTRIBUTES.includes(m[1])) return undefined;
  return { attribute: m[1], op: m[2] as FilterOperator, value: m[3].replace(/\\(.)/g, '$1') };
}

function attributeProblem(attribute: string): string | undefined {
  if (FILTERABLE_ATTRIBUTES.includes(attribute)) return undefined;
  if (attribute.startsWith('custom:')) return `Cognito cannot filter users by custom attributes such as ${attribute}; filter by one of ${FILTERABLE_ATTRIBUTES.join(', ')}.`;
  return `Cognito cannot filter users by "${attribute}"; use one of ${FILTERABLE_ATTRIBUTES.join(', ')}.`;
}

/** Why a filter expression would be refused, as one sentence, or undefined when ListUsers accepts it. */
export function validateFilter(expr: string): string | undefined {
  const text = expr.trim();
  if (!text) return undefined;
  if (text.length > MAX_FILTER_LENGTH) return `The filter is ${text.length} characters long; Cognito accepts at most ${MAX_FILTER_LENGTH}.`;
  const m = EXPRESSION.exec(text);
  if (!m) {
    const attr = /^\s*([^\s=^!<>"]+)/.exec(text)?.[1];
    if (attr && /^\s*[^\s=^!<>"]+\s*(==|!=|<=|>=|<|>|\*=|~=)/.test(text)) return 'A filter compares with = (exact) or ^= (starts with) only, for example email ^= "alice".';
    if (/\b(and|or)\b|&&|\|\|/i.test(text)) return 'Cognito accepts a single condition per filter (no and/or); filter by one attribute, for example email ^= "alice".';
    if (attr && /^\s*[^\s=^!<>"]+\s*\^?=\s*[^"\s]/.test(text)) return 'Put the filter value in double quotes, for example email = "alice@example.com".';
    return 'A filter looks like attribute = "value" or attribute ^= "prefix", for example email ^= "alice".';
  }
  return attributeProblem(m[1]);
}

/** A valid filter from its parts; throws one sentence when the attribute cannot be filtered or the value is empty. */
export function buildFilter(attr: string, op: FilterOperator, value: string): string {
  const problem = attributeProblem(attr.trim());
  if (problem) throw new UserFacingError(problem, 'InvalidFilter');
  if (op !== '=' && op !== '^=') throw new UserFacingError('A filter compares with = (exact) or ^= (starts with) only.');
  if (!value) throw new UserFacingError(`Enter a value to compare ${attr.trim()} with.`);
  const expr = `${attr.trim()} ${op} ${quoteFilterValue(value)}`;
  const tooLong = validateFilter(expr);
  if (tooLong) throw new UserFacingError(tooLong, 'InvalidFilter');
  return expr;
}

/**
 * Whether a user satisfies a filter as ListUsers would apply it (for a user created while a filtered list is shown).
 * `status` and `cognito:user_status` both mean the user's status.
 */
export function matchesFilter(user: { username: string; status?: string; sub?: string; attributes: Record<string, string> }, filter: { attribute: string; op: FilterOperator; value: string }): boolean {
  const a = filter.attribute;
  const value = a === 'username' ? user.username : a === 'status' || a === 'cognito:user_status' ? user.status : a === 'sub' ? (user.sub ?? user.attributes.sub) : user.attributes[a];
  if (value === undefined) return false;
  return filter.op === '=' ? value === filter.value : value.startsWith(filter.value);
}
