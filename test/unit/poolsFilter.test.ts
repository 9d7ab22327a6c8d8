import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UserFacingError } from '../../src/core/errors';
import { buildFilter, FILTERABLE_ATTRIBUTES, matchesFilter, parseFilter, validateFilter } from '../../src/core/pools/filter';
import { findFilters } from '../../src/core/pools/users';

describe('ListUsers filters', () => {
  it('accepts what ListUsers accepts: = and ^= on the standard attributes, quoted values', () => {
    for (const expr of ['email = "alice@example.com"', 'email^="ali"', '  username = "bob"  ', 'cognito:user_status = "CONFIRMED"', 'status = "Disabled"', 'sub ^= "0"', 'phone_number ^= "+1"', 'name = ""']) {
      assert.equal(validateFilter(expr), undefined, expr);
    }
    assert.equal(validateFilter(''), undefined);
  });

  it('names the problem of each malformed filter in one sentence', () => {
    assert.equal(validateFilter('email == alice'), 'A filter compares with = (exact) or ^= (starts with) only, for example email ^= "alice".');
    assert.equal(validateFilter('email != "x"'), 'A filter compares with = (exact) or ^= (starts with) only, for example email ^= "alice".');
    assert.equal(validateFilter('email = alice'), 'Put the filter value in double quotes, for example email = "alice@example.com".');
    assert.equal(validateFilter('email = "a" and name = "b"'), 'Cognito accepts a single condition per filter (no and/or); filter by one attribute, for example email ^= "alice".');
    assert.match(validateFilter('custom:tier = "gold"')!, /^Cognito cannot filter users by custom attributes such as custom:tier; filter by one of username, email/);
    assert.match(validateFilter('address = "x"')!, /^Cognito cannot filter users by "address"; use one of /);
    assert.match(validateFilter(`email = "${'a'.repeat(300)}"`)!, /Cognito accepts at most 256/);
    assert.equal(validateFilter('hello'), 'A filter looks like attribute = "value" or attribute ^= "prefix", for example email ^= "alice".');
  });

  it('buildFilter quotes any value so the filter parses back to it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILTERABLE_ATTRIBUTES), fc.constantFrom('=' as const, '^=' as const), fc.string({ minLength: 1, maxLength: 60 }), (attr, op, value) => {
        const expr = buildFilter(attr, op, value);
        assert.equal(validateFilter(expr), undefined, expr);
        assert.deepEqual(parseFilter(expr), { attribute: attr, op, value });
      }),
    );
  });

  it('buildFilter throws a sentence for what cannot be filtered', () => {
    assert.throws(() => buildFilter('custom:tier', '=', 'gold'), (e: unknown) => e instanceof UserFacingError && /custom attributes/.test(e.message));
    assert.throws(() => buildFilter('email', '=', ''), /Enter a value to compare email with\./);
    assert.throws(() => buildFilter('email', '^=', 'x'.repeat(300)), /at most 256/);
  });

  it('finding a user tries the username, email, phone, sub and preferred username that the query could be', () => {
    assert.deepEqual(findFilters('Alice'), ['username = "Alice"', 'username ^= "Alice"', 'email ^= "alice"', 'preferred_username ^= "Alice"']);
    assert.ok(findFilters('+1 (555) 0100').includes('phone_number ^= "+15550100"'));
    assert.ok(findFilters('4f2a-').includes('sub ^= "4f2a-"'));
    assert.deepEqual(findFilters('  '), []);
    for (const f of findFilters('a "quoted" \\ name')) assert.equal(validateFilter(f), undefined, f);
  });

  it('matches a created user against the filter of a shown list as ListUsers would', () => {
    const zed = { username: 'zed', status: 'FORCE_CHANGE_PASSWORD', sub: 'abc-1', attributes: { email: 'zed@example.com' } };
    assert.equal(matchesFilter(zed, { attribute: 'username', op: '=', value: 'zed' }), true);
    assert.equal(matchesFilter(zed, { attribute: 'username', op: '=', value: 'ze' }), false);
    assert.equal(matchesFilter(zed, { attribute: 'email', op: '^=', value: 'zed@' }), true);
    assert.equal(matchesFilter(zed, { attribute: 'status', op: '=', value: 'FORCE_CHANGE_PASSWORD' }), true);
    assert.equal(matchesFilter(zed, { attribute: 'cognito:user_status', op: '=', value: 'CONFIRMED' }), false);
    assert.equal(matchesFilter(zed, { attribute: 'sub', op: '^=', value: 'abc' }), true);
    assert.equal(matchesFilter(zed, { attribute: 'given_name', op: '^=', value: '' }), false, 'a missing attribute matches nothing');
  });
});
