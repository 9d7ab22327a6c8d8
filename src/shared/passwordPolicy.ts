/**
 * A user pool's password policy and the checks Cognito applies, shared by the host (sentences) and the sign-in
 * panel (checking while the user types). Symbols are Cognito's documented set.
 */

export interface PasswordPolicyView {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export interface PolicyCheck {
  /** "at least 8 characters", "an uppercase letter"... */
  rule: string;
  met: boolean;
}

const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-');

/** Each rule of the policy and whether `password` meets it, in the order Cognito lists them. */
export function policyChecks(policy: PasswordPolicyView, password: string): PolicyCheck[] {
  const checks: PolicyCheck[] = [{ rule: `at least ${policy.minimumLength} characters`, met: [...password].length >= policy.minimumLength }];
  if (policy.requireUppercase) checks.push({ rule: 'an uppercase letter', met: /[A-Z]/.test(password) });
  if (policy.requireLowercase) checks.push({ rule: 'a lowercase letter', met: /[a-z]/.test(password) });
  if (policy.requireNumbers) checks.push({ rule: 'a number', met: /[0-9]/.test(password) });
  if (policy.requireSymbols) checks.push({ rule: 'a symbol such as ! @ # $ %', met: [...password].some((c) => SYMBOLS.has(c)) });
  return checks;
}

/** The rules `password` misses, as one phrase ("at least 8 characters and a number"), or undefined when it meets all. */
export function unmetPolicy(policy: PasswordPolicyView, password: string): string | undefined {
  const missing = policyChecks(policy, password).filter((c) => !c.met).map((c) => c.rule);
  if (!missing.length) return undefined;
  return missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
}

export function isPasswordPolicyView(value: unknown): value is PasswordPolicyView {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join();
  return (
    keys === 'minimumLength,requireLowercase,requireNumbers,requireSymbols,requireUppercase' &&
    Number.isInteger(v.minimumLength) &&
    (v.minimumLength as number) >= 0 &&
    (v.minimumLength as number) <= 256 &&
    ['requireUppercase', 'requireLowercase', 'requireNumbers', 'requireSymbols'].every((k) => typeof v[k] === 'boolean')
  );
}
