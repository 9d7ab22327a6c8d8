/** Pool users as the tree, the user browser and exports show them; no VS Code, so unit-testable. */
import { csvRow } from '../../core/export/csv';
import { displayName, type AttrMap } from '../../core/pools/attrMap';
import type { PoolUser, UserDetails } from '../../core/pools/users';
import { escapeControl } from '../../core/text';
import { BASE_COLUMNS, BASE_TITLES, cellText, type ColumnKey, type ColumnOption, type UserDetailsView, type UserRow } from '../../shared/userBrowserProtocol';

/** Attributes most pools have; offered as columns even before a user carrying them has loaded. */
export const STANDARD_ATTRIBUTES = [
  'email',
  'email_verified',
  'phone_number',
  'phone_number_verified',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'sub',
];

const iso = (d: Date | undefined) => (d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined);

/** Everything from the server is display text: control characters escaped. */
function safeAttributes(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) out[escapeControl(k)] = escapeControl(v);
  return out;
}

export function toRow(user: PoolUser): UserRow {
  const created = iso(user.created);
  const modified = iso(user.lastModified);
  return {
    username: escapeControl(user.username),
    status: escapeControl(user.status ?? 'UNKNOWN'),
    enabled: user.enabled,
    ...(created ? { created } : {}),
    ...(modified ? { modified } : {}),
    attributes: safeAttributes(user.attributes),
  };
}

/** Base columns, then every attribute known (standard, mapped, the pool's schema, seen on users), mapped names as titles. */
export function columnOptions(map: AttrMap, attributeNames: Iterable<string>): ColumnOption[] {
  const names = new Set<string>([...STANDARD_ATTRIBUTES, ...map.entries.keys(), ...attributeNames]);
  return [
    ...BASE_COLUMNS.map((key) => ({ key, title: BASE_TITLES[key] })),
    ...[...names].filter((n) => /^[\w:.-]{1,128}$/.test(n)).map((n) => ({ key: `attr:${n}` as ColumnKey, title: displayName(map, n) })),
  ];
}

export function detailsView(user: UserDetails, map: AttrMap): UserDetailsView {
  const row = toRow(user);
  return {
    row,
    attributes: Object.entries(row.attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, title: escapeControl(displayName(map, name)), value })),
    groups: user.groups.map(escapeControl),
    mfa: (user.mfa ?? []).map(escapeControl),
    ...(user.preferredMfa ? { preferredMfa: escapeControl(user.preferredMfa) } : {}),
    devices: user.devices.map((d) => {
      const when = iso(d.lastAuthenticated);
      return { key: escapeControl(d.key), ...(d.name ? { name: escapeControl(d.name) } : {}), ...(when ? { lastAuthenticated: when } : {}) };
    }),
    ...(user.devicesError ? { devicesUnavailable: true } : {}),
    problems: [user.groupsError, user.devicesError].filter((p): p is string => Boolean(p)).map(escapeControl),
  };
}

/** How the tree names a user's state: CONFIRMED, FORCE_CHANGE_PASSWORD…, and "disabled" first when it is. */
export function statusText(user: { status?: string; enabled: boolean }): string {
  const status = (user.status ?? 'UNKNOWN').replace(/_/g, ' ').toLowerCase();
  return user.enabled ? status : `disabled · ${status}`;
}

/** The exported view: rows in the order given, cells as the table shows them. */
export function exportJson(rows: UserRow[], columns: ColumnKey[], titles: Map<ColumnKey, string>): string {
  const out = rows.map((row) => Object.fromEntries(columns.map((c) => [titles.get(c) ?? c, cellText(row, c)])));
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The exported view as CSV (RFC 4180, formula cells escaped by the core's writer), header row first. */
export function exportCsv(rows: UserRow[], columns: ColumnKey[], titles: Map<ColumnKey, string>): string {
  const lines = [csvRow(columns.map((c) => titles.get(c) ?? c)), ...rows.map((row) => csvRow(columns.map((c) => cellText(row, c))))];
  return lines.map((l) => l.replace(/\r?\n$/, '')).join('\r\n') + '\r\n';
}
