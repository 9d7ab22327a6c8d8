import assert from 'node:assert/strict';
import { CodeMismatchException, InvalidPasswordException, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { explainError, toUserFacing, UserFacingError } from '../../src/core/errors';
import type { Logger } from '../../src/core/ports';
import { logLine } from '../../src/core/redact';
import { logFailure } from '../../src/extension/platform/failureLog';

/** A Logger that renders lines the way the output channel does (logLine), with their level. */
function recorder(): { lines: { level: string; text: string }[]; logger: Logger } {
  const lines: { level: string; text: string }[] = [];
  const at = (level: string) => (message: string | Error, ...args: unknown[]) => void lines.push({ level, text: logLine(message, args) });
  return { lines, logger: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const meta = { $metadata: {} };

describe('logFailure: user mistakes are info lines, our faults keep their stack', () => {
  const MISTAKES: [string, unknown][] = [
    ['a wrong code', toUserFacing(new CodeMismatchException({ message: 'Invalid verification code provided, please try again.', ...meta }), { action: 'verify the email' })],
    ['a weak password', new InvalidPasswordException({ message: 'Password did not conform with policy: Password not long enough', ...meta })],
    ['a wrong password', toUserFacing(new NotAuthorizedException({ message: 'Incorrect username or password.', ...meta }))],
    ['a challenge without an answer', new UserFacingError('Cognito asks for SOFTWARE_TOKEN_MFA and no answer was given for it.', 'ChallengeNeedsAnswer')],
  ];
  for (const [what, err] of MISTAKES) {
    it(`${what}: one info line, no stack`, () => {
      const { lines, logger } = recorder();
      logFailure(logger, `cognitoExplorer.signIn failed: ${explainError(err)}`, err);
      assert.equal(lines.length, 1);
      assert.equal(lines[0].level, 'info');
      assert.doesNotMatch(lines[0].text, /\n|\bat /);
    });
  }

  it('a bug of ours: an error line with the stack frames', () => {
    const { lines, logger } = recorder();
    const err = new TypeError("Cannot read properties of undefined (reading 'tokens')");
    logFailure(logger, `cognitoExplorer.signIn failed: ${explainError(err)}`, err);
    assert.equal(lines[0].level, 'error');
    assert.match(lines[0].text, /TypeError: Cannot read properties[\s\S]*\n {4}at /);
  });
});
