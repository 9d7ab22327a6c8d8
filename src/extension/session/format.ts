/** Text the extension shows, computed without VS Code so it is unit-testable. */
import type { Connection } from '../../core/connection';
import type { ExportFormat } from '../../core/export/formats';
import type { ShellKind } from '../../core/export/shell';
import { decodeToken } from '../../core/tokens/decode';
import { type AuthTokens, formatRemaining, type IdentityCredentials, msUntilExpiry } from '../../core/session';

export const WARNING_MS = 5 * 60_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** "54:12" under an hour, "1:02:03" above, "expired" at or past zero. */
export function countdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

export type Severity = 'ok' | 'warning' | 'expired';

export function severityOf(ms: number): Severity {
  if (ms <= 0) return 'expired';
  return ms < WARNING_MS ? 'warning' : 'ok';
}

export interface StatusModel {
  text: string;
  tooltip: string;
  severity: Severity;
}

/** The status bar entry for one signed-in user; `others` counts further signed-in connections. */
export function statusModel(username: string, connectionName: string, ms: number, others = 0): StatusModel {
  const more = others > 0 ? ` +${others}` : '';
  const severity = severityOf(ms);
  return {
    text: `$(account) ${username} · ${countdown(ms)}${more}`,
    tooltip:
      severity === 'expired'
        ? `${username} on ${connectionName}: the tokens have expired; sign in again. Click to show the tokens.`
        : `${username} on ${connectionName}: tokens expire in ${formatRemaining(ms)}. Click to show the tokens.`,
    severity,
  };
}

/** "expires in 54 min" or "expired 3 min ago". */
export function expiryDescription(ms: number): string {
  return ms >= 0 ? `expires in ${formatRemaining(ms)}` : formatRemaining(ms);
}

/** "tokens expire in 54 min" or "tokens expired 3 min ago": the session row's tooltip, plural subject. */
export function tokensExpiry(ms: number): string {
  return ms >= 0 ? `tokens expire in ${formatRemaining(ms)}` : `tokens ${formatRemaining(ms)}`;
}

/** "valid for 54 min" or "already expired", for sentences with a plural subject. */
export function validFor(ms: number): string {
  return ms > 0 ? `valid for ${formatRemaining(ms)}` : 'already expired';
}

/** Milliseconds until a token's own `exp`; falls back to the session's ExpiresIn when the token cannot be read. */
export function tokenMsLeft(token: string, tokens: AuthTokens, now: number): number {
  try {
    const exp = decodeToken(token).times.expiresAt?.epoch;
    if (exp !== undefined) return exp * 1000 - now;
  } catch {
    // An unreadable token still has the expiry Cognito reported alongside it.
  }
  return msUntilExpiry(tokens, now);
}

/** The session's expiry as the ID token states it. */
export function sessionMsLeft(tokens: AuthTokens, now: number): number {
  return tokenMsLeft(tokens.idToken, tokens, now);
}

export function credentialsMsLeft(creds: IdentityCredentials, now: number): number {
  const t = Date.parse(creds.expiration);
  return Number.isNaN(t) ? 0 : t - now;
}

export function terminalName(conn: Pick<Connection, 'name'>, username: string): string {
  return `Cognito: ${conn.name} (${username})`;
}

/**
 * The credentials terminal's options. Transient: VS Code saves a persistent terminal's launch config, environment
 * included, to workspace storage on shutdown to revive it, which would write the AWS keys to disk.
 */
export function credentialTerminalOptions(conn: Pick<Connection, 'name'>, username: string, env: Record<string, string>): { name: string; env: Record<string, string>; isTransient: true } {
  return { name: terminalName(conn, username), env, isTransient: true };
}

export const SHELLS: { shell: ShellKind; label: string; description: string }[] = [
  { shell: 'bash', label: 'bash / zsh', description: "export NAME='value'" },
  { shell: 'fish', label: 'fish', description: "set -gx NAME 'value'" },
  { shell: 'powershell', label: 'PowerShell', description: "$env:NAME = 'value'" },
  { shell: 'cmd', label: 'Command Prompt (cmd.exe)', description: 'set "NAME=value"' },
];

/** What "Copy Credentials" offers: the four shells, then a .env file and JSON. */
export const CLIPBOARD_FORMATS: { format: ExportFormat; label: string; description: string }[] = [
  ...SHELLS.map((s) => ({ format: s.shell, label: s.label, description: s.description })),
  { format: 'dotenv', label: '.env file', description: 'NAME=value lines' },
  { format: 'json', label: 'JSON', description: '{ "AccessKeyId": …, "Expiration": … }' },
];
