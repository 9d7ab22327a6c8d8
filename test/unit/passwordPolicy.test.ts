import assert from 'node:assert/strict';
import { InvalidPasswordException } from '@aws-sdk/client-cognito-identity-provider';
import { explainError } from '../../src/core/errors';
import { isPasswordPolicyView, policyChecks, unmetPolicy, type PasswordPolicyView } from '../../src/shared/passwordPolicy';
import { stepViewProblem } from '../../src/shared/signInValidate';
import { answerRequest, challengeText } from '../../webview/signInViewModel';

const STRICT: PasswordPolicyView = { minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true };

describe('password policy: checks while typing', () => {
  it('marks each rule met or not', () => {
    assert.deepEqual(policyChecks(STRICT, 'abc'), [
      { rule: 'at least 8 characters', met: false },
      { rule: 'an uppercase letter', met: false },
      { rule: 'a lowercase letter', met: true },
      { rule: 'a number', met: false },
      { rule: 'a symbol such as ! @ # $ %', met: false },
    ]);
    assert.ok(policyChecks(STRICT, 'Abcdefg1^').every((c) => c.met));
    assert.deepEqual(policyChecks({ ...STRICT, requireSymbols: false, requireNumbers: false, requireUppercase: false }, 'abcdefgh').map((c) => c.rule), ['at least 8 characters', 'a lowercase letter']);
  });

  it('names what is missing in one phrase', () => {
    assert.equal(unmetPolicy(STRICT, 'abcdefgh'), 'an uppercase letter, a number and a symbol such as ! @ # $ %');
    assert.equal(unmetPolicy(STRICT, 'Abcdefg1'), 'a symbol such as ! @ # $ %');
    assert.equal(unmetPolicy(STRICT, 'Abcdefg1='), undefined);
  });

  it('the panel refuses to send a new password that misses the policy, and says why', () => {
    const c = { name: 'NEW_PASSWORD_REQUIRED' as const, requiredAttributes: [], userAttributes: {}, policy: STRICT };
    assert.deepEqual(answerRequest(c, { newPassword: 'abc', confirmPassword: 'abc' }), {
      ok: false,
      error: "The pool's password policy asks for at least 8 characters, an uppercase letter, a number and a symbol such as ! @ # $ %; change the new password.",
    });
    assert.equal(answerRequest(c, { newPassword: 'Abcdefg1!', confirmPassword: 'Abcdefg1!' }).ok, true);
    assert.doesNotMatch(challengeText(c).intro, /could not be read/);
    assert.match(challengeText({ ...c, policy: undefined }).intro, /password policy could not be read here; Cognito checks it when you submit/);
  });

  it('the webview accepts a well-formed policy only', () => {
    const step = (policy: unknown) => ({ kind: 'challenge', connectionName: 'd', username: 'a', number: 1, challenge: { name: 'NEW_PASSWORD_REQUIRED', requiredAttributes: [], userAttributes: {}, policy } });
    assert.equal(stepViewProblem(step(STRICT)), undefined);
    assert.equal(stepViewProblem({ ...step(STRICT), challenge: { name: 'NEW_PASSWORD_REQUIRED', requiredAttributes: [], userAttributes: {} } }), undefined);
    for (const bad of [{ ...STRICT, minimumLength: -1 }, { ...STRICT, extra: 1 }, { ...STRICT, requireSymbols: 'yes' }, 'strict']) {
      assert.equal(isPasswordPolicyView(bad), false, JSON.stringify(bad));
      assert.match(stepViewProblem(step(bad))!, /invalid password policy/);
    }
  });
});

describe('password policy: Cognito\'s refusals as our sentences', () => {
  const cases: [string, RegExp][] = [
    ['Password did not conform with policy: Password not long enough', /: it is too short; choose another one\.$/],
    ['Password did not conform with policy: Password must have uppercase characters', /: it needs an uppercase letter;/],
    ['Password did not conform with policy: Password must have lowercase characters', /: it needs a lowercase letter;/],
    ['Password did not conform with policy: Password must have numeric characters', /: it needs a number;/],
    ['Password did not conform with policy: Password must have symbol characters', /: it needs a symbol/],
    ['The provided password does not confirm to the configured password policy', /policy; choose a longer one with upper- and lowercase letters, a number and a symbol\.$/],
  ];
  for (const [message, expected] of cases) {
    it(message, () => {
      const sentence = explainError(new InvalidPasswordException({ message, $metadata: {} }));
      assert.match(sentence, /^The new password does not meet the pool's password policy/);
      assert.match(sentence, expected);
      assert.doesNotMatch(sentence, /confirm to|conform with/);
    });
  }
});
