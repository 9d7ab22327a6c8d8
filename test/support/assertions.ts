/** Assertions and fixtures shared by the unit and integration suites. */
import assert from 'node:assert/strict';
import { UserFacingError } from '../../src/core/errors';

/** Awaits a promise that must be refused with a UserFacingError, and returns that error for further checks. */
export async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof UserFacingError, `expected a UserFacingError, got ${String(err)}`);
    return err;
  }
  assert.fail('the call should have been refused');
}
