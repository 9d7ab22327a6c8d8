/** Pool, app client and identity pool details as a readable Markdown document; no VS Code, so unit-testable. */
import type { AppClientDetails, PoolDetails, TokenValidity } from '../../core/pools/pools';
import type { PreflightWarning } from '../../core/pools/preflight';
import { displayValue } from '../../core/text';

const MARK: Record<PreflightWarning['severity'], string> = { error: '⛔', warning: '⚠️', info: 'ℹ️' };

/**
 * Markdown-inert text: control characters escaped, then the characters that can start emphasis, code, links, tables or
 * HTML backslash-escaped (values never start a line, so list and heading markers need no escape).
 */
export function mdText(value: unknown): string {
  return displayValue(value).replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`);
}

function humanKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** Any plain data as nested bullet lists; dates as ISO, empty values skipped. */
export function bullets(value: unknown, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if (value instanceof Date) return [`${pad}- ${value.toISOString()}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}- none`];
    return value.flatMap((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? [`${pad}-`, ...bullets(v, depth + 1)] : [`${pad}- ${leaf(v)}`]));
  }
  if (value !== null && typeof value === 'object') {
    const lines: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || v === null || (typeof v === 'object' && !(v instanceof Date) && Object.keys(v as object).length === 0)) continue;
      if (typeof v === 'object' && !(v instanceof Date)) lines.push(`${pad}- **${mdText(humanKey(k))}**`, ...bullets(v, depth + 1));
      else lines.push(`${pad}- **${mdText(humanKey(k))}**: ${leaf(v)}`);
    }
    return lines;
  }
  return [`${pad}- ${leaf(value)}`];
}

function leaf(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return mdText(v);
}

export function warningLines(warnings: PreflightWarning[]): string[] {
  if (warnings.length === 0) return ['No problems found: every sign-in this extension offers should work with this client.'];
  return warnings.map((w) => `- ${MARK[w.severity]} ${mdText(w.sentence)}`);
}

export function detailsDocument(title: string, sections: { heading: string; lines: string[] }[]): string {
  return [`# ${mdText(title)}`, '', ...sections.flatMap((s) => [`## ${mdText(s.heading)}`, '', ...s.lines, ''])].join('\n');
}

const list = (xs: readonly string[]) => (xs.length ? xs.map(mdText).join(', ') : 'none');
const validity = (v: TokenValidity) => (v.value === undefined ? 'default' : `${v.value} ${mdText(v.unit)}`);

/** What decides whether a sign-in through this client works, before the full settings. */
export function signInSummary(pool: PoolDetails, client: AppClientDetails): string[] {
  const policy = pool.passwordPolicy;
  const rules = [
    policy.minimumLength ? `at least ${policy.minimumLength} characters` : '',
    policy.requireUppercase ? 'upper case' : '',
    policy.requireLowercase ? 'lower case' : '',
    policy.requireNumbers ? 'digits' : '',
    policy.requireSymbols ? 'symbols' : '',
  ].filter(Boolean);
  const required = pool.schema.filter((a) => a.required).map((a) => a.name);
  const custom = pool.schema.filter((a) => a.custom).map((a) => a.name);
  return [
    `- **Client secret**: ${client.hasSecret ? 'yes (Connect puts it in SecretStorage; it is never shown)' : 'no'}`,
    `- **Explicit auth flows**: ${list(client.explicitAuthFlows)}`,
    `- **Read attributes** (what the ID token carries): ${list(client.readAttributes)}`,
    `- **Write attributes**: ${list(client.writeAttributes)}`,
    `- **Token validity**: access ${validity(client.accessToken)}, ID ${validity(client.idToken)}, refresh ${validity(client.refreshToken)}`,
    `- **Refresh-token rotation**: ${client.refreshTokenRotation ? 'on' : 'off'}; token revocation ${client.tokenRevocation ? 'on' : 'off'}`,
    `- **MFA**: ${mdText(pool.mfa)}`,
    `- **Device tracking**: ${pool.deviceTracking ? `${pool.deviceTracking.challengeRequiredOnNewDevice ? 'challenge on new devices' : 'no challenge on new devices'}, ${pool.deviceTracking.onlyRememberedOnUserPrompt ? 'remembered when the user asks' : 'always remembered'}` : 'off'}`,
    `- **Password policy**: ${rules.length ? rules.join(', ') : 'none'}`,
    `- **Users sign in with**: ${pool.usernameAttributes.length ? list(pool.usernameAttributes) : 'a username'}${pool.aliasAttributes.length ? ` (aliases ${list(pool.aliasAttributes)})` : ''}`,
    `- **Lambda triggers**: ${list(Object.keys(pool.triggers))}`,
    `- **Required attributes**: ${list(required)}; custom attributes: ${list(custom)}`,
    `- **Issuer**: ${mdText(pool.issuer)}`,
  ];
}
