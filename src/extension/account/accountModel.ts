/** Parsing and wording for the account self-service commands, kept free of VS Code so it is unit-testable. */
import type { CodeDelivery } from '../../core/account/selfService';

/**
 * "name=Alice, custom:team=blue" -> { name: 'Alice', 'custom:team': 'blue' }. Pairs are separated by commas or
 * new lines; a value may contain "=" but not a comma. Returns the first problem as a sentence instead.
 */
export function parseAttributePairs(text: string): { attributes: Record<string, string> } | { problem: string } {
  const attributes: Record<string, string> = {};
  for (const raw of text.split(/[,\n]/)) {
    const pair = raw.trim();
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return { problem: `"${pair}" is not name=value; write attributes like name=Alice, custom:team=blue.` };
    const name = pair.slice(0, eq).trim();
    if (!/^[\w:.-]+$/.test(name)) return { problem: `"${name}" is not an attribute name; use names like email, name or custom:team.` };
    attributes[name] = pair.slice(eq + 1).trim();
  }
  return { attributes };
}

// Set by Cognito itself; an update through the app client is refused.
const READ_ONLY = new Set(['sub', 'email_verified', 'phone_number_verified', 'identities', 'cognito:user_status', 'cognito:mfa_enabled']);

/** Attribute names a user may change on their own account, in a stable order (standard ones first). */
export function editableAttributes(attributes: Record<string, string>): string[] {
  const names = Object.keys(attributes).filter((n) => !READ_ONLY.has(n));
  return names.sort((a, b) => Number(a.startsWith('custom:')) - Number(b.startsWith('custom:')) || a.localeCompare(b));
}

/** Attributes whose change Cognito confirms with a code. */
export function needsCode(attribute: string): boolean {
  return attribute === 'email' || attribute === 'phone_number';
}

/** " to a***@e*** by EMAIL", or "" when Cognito did not say where. */
export function deliveryText(d: CodeDelivery | undefined): string {
  if (!d?.destination && !d?.deliveryMedium) return '';
  return `${d.destination ? ` to ${d.destination}` : ''}${d.deliveryMedium ? ` by ${d.deliveryMedium.toLowerCase() === 'sms' ? 'SMS' : d.deliveryMedium.toLowerCase()}` : ''}`;
}

export function validateEmail(value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  return /^[^\s@]+@[^\s@]+$/.test(v) ? undefined : `"${v}" is not an email address.`;
}
