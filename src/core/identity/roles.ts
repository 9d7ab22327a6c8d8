/** Which IAM role an identity may ask for: the roles the ID token lists, and why a role cannot be chosen. */
import { displayValue } from '../text';

/** What the ID token says about roles (`cognito:roles`, `cognito:preferred_role`). */
export interface TokenRoles {
  roles: string[];
  preferred?: string;
}

export interface RoleOption {
  arn: string;
  preferred: boolean;
  remembered: boolean;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** One sentence when the value is not an IAM role ARN, else undefined. */
export function validateRoleArn(value: string): string | undefined {
  if (ROLE_ARN.test(value.trim())) return undefined;
  return `"${displayValue(value)}" is not an IAM role ARN; it looks like arn:aws:iam::123456789012:role/Readers.`;
}

/** The roles listed in ID token claims; anything that is not a role ARN is ignored. */
export function rolesOfClaims(claims: Record<string, unknown>): TokenRoles {
  const raw = claims['cognito:roles'];
  const list = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).filter((r): r is string => typeof r === 'string' && ROLE_ARN.test(r));
  const roles = [...new Set(list)];
  const pref = claims['cognito:preferred_role'];
  const preferred = typeof pref === 'string' && ROLE_ARN.test(pref) ? pref : undefined;
  return { roles: preferred && !roles.includes(preferred) ? [preferred, ...roles] : roles, ...(preferred ? { preferred } : {}) };
}

/** The roles to offer: the preferred role first, then the rest in the token's order; the remembered one is marked. */
export function roleOptions(token: TokenRoles, remembered?: string): RoleOption[] {
  const ordered = token.preferred ? [token.preferred, ...token.roles.filter((r) => r !== token.preferred)] : token.roles;
  return ordered.map((arn) => ({ arn, preferred: arn === token.preferred, remembered: arn === remembered }));
}

/**
 * Why `roleArn` cannot be asked for with this token, as one sentence, or undefined when it can.
 * The identity pool only honours CustomRoleArn for roles the token lists (role-based access from the token).
 */
export function roleChoiceProblem(roleArn: string, token: TokenRoles): string | undefined {
  const invalid = validateRoleArn(roleArn);
  if (invalid) return invalid;
  if (token.roles.length === 0) {
    return (
      `The ID token lists no roles (no cognito:roles claim), so the identity pool cannot give ${roleArn}: ` +
      'put the user in a group that has this IAM role, and set the identity pool\'s authenticated role selection to "Choose role from token" (or a rule that maps to it).'
    );
  }
  if (!token.roles.includes(roleArn)) {
    return `${roleArn} is not one of the roles in the ID token (${token.roles.join(', ')}); choose one of those, or add the user to a group with that role and sign in again.`;
  }
  return undefined;
}

/**
 * The role to use when nobody is asked: the remembered one while the token still lists it, else the preferred
 * role, else none (the identity pool's default role applies).
 */
export function defaultRole(token: TokenRoles, remembered?: string): string | undefined {
  if (remembered && token.roles.includes(remembered)) return remembered;
  return token.preferred;
}
