/** Assertions and fixtures shared by the unit and integration suites. */
import assert from 'node:assert/strict';
import * as idpSdk from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { UserFacingError } from '../../src/core/errors';
import { UserPoolClient } from '../../src/core/userPoolClient';

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

export type IdpMock = ReturnType<typeof mockClient>;

/**
 * Recorded Cognito responses for one describe block: the stub is installed before its tests, reset after each
 * and restored after the block, so other suites in the same run talk to the real SDK transport. Calls of the
 * SDK-free UserPoolClient (the sign-in path) reach the same stub as the SDK command of the same name, so
 * `mock.on(InitiateAuthCommand)` and `commandCalls` see both.
 */
export function useIdpMock(): IdpMock {
  let current: IdpMock | undefined;
  const jsonSend = Object.getOwnPropertyDescriptor(UserPoolClient.prototype, 'send')!;
  before(() => {
    current = mockClient(CognitoIdentityProviderClient);
    const sdkClient = new CognitoIdentityProviderClient({ region: 'us-east-1' });
    const commands = idpSdk as unknown as Record<string, new (input: object) => never>;
    Object.defineProperty(UserPoolClient.prototype, 'send', {
      ...jsonSend,
      value: (operation: string, input: object) => sdkClient.send(new commands[`${operation}Command`](input)),
    });
  });
  afterEach(() => current?.reset());
  after(() => {
    current?.restore();
    Object.defineProperty(UserPoolClient.prototype, 'send', jsonSend);
  });
  return new Proxy({} as IdpMock, {
    get(_target, key) {
      if (!current) throw new Error('useIdpMock(): the stub exists only while the describe block runs');
      const value = Reflect.get(current, key) as unknown;
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** A sentence fit for a terminal, a log line and the panel: ends with a stop, no control characters, no "[object Object]" or NaN times. */
export function assertCleanSentence(text: string): void {
  assert.match(text, /[.)]$/, `a sentence ends with a full stop: ${text}`);
  assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, `no control characters: ${JSON.stringify(text)}`);
  assert.doesNotMatch(text, /\[object Object\]|NaN|Infinity d|undefined/, text);
}
