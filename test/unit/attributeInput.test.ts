/** Create User's attribute checks against the pool schema: one sentence per bad value, nothing for a good one. */
import assert from 'node:assert/strict';
import { attributesProblem, attributeValueProblem, creatableAttributes } from '../../src/core/pools/attributeInput';
import type { SchemaAttribute } from '../../src/core/pools/pools';

const attr = (name: string, extra: Partial<SchemaAttribute> = {}): SchemaAttribute => ({ name, type: 'String', required: false, mutable: true, custom: name.startsWith('custom:'), ...extra });

const SCHEMA: SchemaAttribute[] = [
  attr('sub', { required: true, mutable: false, minLength: 1, maxLength: 2048 }),
  attr('identities'),
  attr('given_name', { minLength: 0, maxLength: 2048 }),
  attr('email', { required: true, minLength: 0, maxLength: 2048 }),
  attr('phone_number'),
  attr('custom:tier', { minLength: 2, maxLength: 5 }),
  attr('custom:seats', { type: 'Number', minValue: 1, maxValue: 500 }),
  attr('email_verified', { type: 'Boolean' }),
];

describe('Create User attributes', () => {
  it('offers what an admin may set: required first, never sub or identities', () => {
    assert.deepEqual(creatableAttributes(SCHEMA).map((a) => a.name), ['email', 'given_name', 'phone_number', 'custom:tier', 'custom:seats', 'email_verified']);
  });

  it('accepts values that fit the schema', () => {
    const s = new Map(SCHEMA.map((a) => [a.name, a]));
    assert.equal(attributeValueProblem(s.get('email')!, 'ada@example.com'), undefined);
    assert.equal(attributeValueProblem(s.get('phone_number')!, '+14155550100'), undefined);
    assert.equal(attributeValueProblem(s.get('custom:tier')!, 'gold'), undefined);
    assert.equal(attributeValueProblem(s.get('custom:seats')!, '500'), undefined);
    assert.equal(attributeValueProblem(s.get('email_verified')!, 'true'), undefined);
    assert.equal(attributeValueProblem(s.get('given_name')!, 'Ada 👩‍💻'), undefined);
  });

  it('explains each bad value in one sentence, under the mapped name', () => {
    const s = new Map(SCHEMA.map((a) => [a.name, a]));
    const cases: [string, string, RegExp][] = [
      ['email', '', /^Email is required by this pool; type a value\.$/],
      ['email', 'ada@', /^Email must be an email address, such as ada@example\.com\.$/],
      ['phone_number', '4155550100', /^Email must be in E\.164 form: a \+ and up to 15 digits, such as \+14155550100\.$/],
      ['phone_number', '+0123', /E\.164/],
      ['custom:tier', 'g', /^Email must be at least 2 characters long \(this is 1\)\.$/],
      ['custom:tier', 'platinum', /^Email can be at most 5 characters long \(this is 8\)\.$/],
      ['custom:seats', '12.5', /^Email is a Number attribute; type a whole number\.$/],
      ['custom:seats', '0', /^Email must be at least 1\.$/],
      ['custom:seats', '501', /^Email must be at most 500\.$/],
      ['email_verified', 'yes', /^Email is a Boolean attribute; type true or false\.$/],
      ['given_name', '', /^Type a value for Email, or go back and leave it out\.$/],
    ];
    for (const [name, value, sentence] of cases) {
      const problem = attributeValueProblem(s.get(name)!, value, 'Email');
      assert.match(problem ?? '(none)', sentence, `${name}=${JSON.stringify(value)}`);
      assert.equal(problem!.split(/\.\s/).length, 1, 'one sentence');
    }
  });

  it('counts characters, not UTF-16 units, against the length limits', () => {
    assert.equal(attributeValueProblem(attr('custom:tier', { maxLength: 2 }), '👩👩'), undefined);
    assert.match(attributeValueProblem(attr('given_name'), 'x'.repeat(2049)) ?? '', /at most 2048 characters/);
  });

  it('checks a whole set: unknown names, Cognito-owned ones, missing required ones', () => {
    const title = (n: string) => (n === 'custom:tier' ? 'Tier' : n);
    assert.equal(attributesProblem(SCHEMA, { email: 'ada@example.com', 'custom:tier': 'gold' }, title), undefined);
    assert.equal(attributesProblem(SCHEMA, { given_name: 'Ada' }, title), 'email is required by this pool; give it a value.');
    assert.equal(attributesProblem(SCHEMA, { email: 'ada@example.com', tier: 'gold' }, title), 'This pool has no attribute tier; did you mean custom:tier?');
    assert.equal(attributesProblem(SCHEMA, { email: 'ada@example.com', nickname: 'x' }, title), 'This pool has no attribute nickname.');
    assert.equal(attributesProblem(SCHEMA, { email: 'ada@example.com', sub: 'x' }, title), 'sub is set by Cognito and cannot be given to a new user.');
    assert.equal(attributesProblem(SCHEMA, { email: 'ada@example.com', 'custom:tier': 'platinum' }, title), 'Tier can be at most 5 characters long (this is 8).');
  });
});
