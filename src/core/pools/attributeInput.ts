/**
 * The attributes an admin can give a new user (from the pool's schema) and the check of each typed value against
 * that schema, as one sentence. No VS Code here: the Create User prompts and automation share it.
 */
import type { SchemaAttribute } from './pools';

/** Set by Cognito itself, never by AdminCreateUser. */
const SET_BY_COGNITO = new Set(['sub', 'identities']);

/** Cognito's own limit on a String attribute without a MaxLength. */
const DEFAULT_MAX_LENGTH = 2048;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;

/** The schema attributes a new user may be given, required ones first, then in schema order. */
export function creatableAttributes(schema: readonly SchemaAttribute[]): SchemaAttribute[] {
  const settable = schema.filter((s) => s.name && !SET_BY_COGNITO.has(s.name));
  return [...settable.filter((s) => s.required), ...settable.filter((s) => !s.required)];
}

/** Why `value` cannot be the attribute's value, as one sentence naming it as `title`; undefined when it can. */
export function attributeValueProblem(attr: SchemaAttribute, value: string, title = attr.name): string | undefined {
  if (value === '') return attr.required ? `${title} is required by this pool; type a value.` : `Type a value for ${title}, or go back and leave it out.`;
  if (attr.name === 'email' && !EMAIL.test(value)) return `${title} must be an email address, such as ada@example.com.`;
  if (attr.name === 'phone_number' && !E164.test(value)) return `${title} must be in E.164 form: a + and up to 15 digits, such as +14155550100.`;
  switch (attr.type ?? 'String') {
    case 'Number': {
      if (!/^-?\d+$/.test(value)) return `${title} is a Number attribute; type a whole number.`;
      const n = Number(value);
      if (attr.minValue !== undefined && n < attr.minValue) return `${title} must be at least ${attr.minValue}.`;
      if (attr.maxValue !== undefined && n > attr.maxValue) return `${title} must be at most ${attr.maxValue}.`;
      return undefined;
    }
    case 'Boolean':
      return value === 'true' || value === 'false' ? undefined : `${title} is a Boolean attribute; type true or false.`;
    default: {
      const length = [...value].length;
      const max = attr.maxLength ?? DEFAULT_MAX_LENGTH;
      if (attr.minLength !== undefined && length < attr.minLength) return `${title} must be at least ${attr.minLength} characters long (this is ${length}).`;
      if (length > max) return `${title} can be at most ${max} characters long (this is ${length}).`;
      return undefined;
    }
  }
}

/**
 * The first problem of a whole set of attributes for a new user: a name the schema does not have, a required
 * attribute missing, or a bad value. Undefined when Cognito should accept them.
 */
export function attributesProblem(schema: readonly SchemaAttribute[], attributes: Record<string, string>, titleOf: (name: string) => string = (n) => n): string | undefined {
  const byName = new Map(creatableAttributes(schema).map((s) => [s.name, s]));
  for (const [name, value] of Object.entries(attributes)) {
    const attr = byName.get(name);
    if (!attr) {
      if (SET_BY_COGNITO.has(name)) return `${name} is set by Cognito and cannot be given to a new user.`;
      return byName.has(`custom:${name}`) ? `This pool has no attribute ${name}; did you mean custom:${name}?` : `This pool has no attribute ${name}.`;
    }
    const problem = attributeValueProblem(attr, value, titleOf(name));
    if (problem) return problem;
  }
  const missing = [...byName.values()].find((s) => s.required && !(s.name in attributes));
  return missing ? `${titleOf(missing.name)} is required by this pool; give it a value.` : undefined;
}
