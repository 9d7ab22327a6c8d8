/**
 * CSV per RFC 4180 (CRLF line ends; fields with a comma, quote or line break quoted, quotes doubled), safe to
 * open in a spreadsheet: a cell starting with = + - @ (or tab / carriage return) is prefixed with ' so it is
 * never run as a formula.
 */
import type { PoolUser } from '../pools/userPages';

export interface CsvColumn {
  /** username, sub, status, enabled, created, lastModified, mfa, or an attribute name (email, custom:tier...). */
  key: string;
  title: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, escaped against formula injection and quoted when RFC 4180 requires it. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF-terminated. */
export function csvRow(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The columns every user has, before their attributes. */
export const USER_FIELDS = ['username', 'sub', 'status', 'enabled', 'created', 'lastModified', 'mfa'] as const;

/** A user's value for a column key: a field of PoolUser, else the attribute of that name ('' when absent). */
export function userCell(user: PoolUser, key: string): string {
  switch (key) {
    case 'username':
      return user.username;
    case 'sub':
      return user.sub ?? user.attributes.sub ?? '';
    case 'status':
      return user.status ?? '';
    case 'enabled':
      return String(user.enabled);
    case 'created':
      return user.created?.toISOString() ?? '';
    case 'lastModified':
      return user.lastModified?.toISOString() ?? '';
    case 'mfa':
      return (user.mfa ?? []).join(' ');
    default:
      return user.attributes[key] ?? '';
  }
}

/** The header record for these columns. */
export function csvHeader(columns: readonly CsvColumn[]): string {
  return csvRow(columns.map((c) => c.title));
}

/** Records for these users (no header), for streaming page by page. */
export function csvRows(rows: readonly PoolUser[], columns: readonly CsvColumn[]): string {
  let out = '';
  for (const user of rows) out += csvRow(columns.map((c) => userCell(user, c.key)));
  return out;
}

/** A whole CSV document: header, then one record per user. */
export function toCsv(rows: readonly PoolUser[], columns: readonly CsvColumn[]): string {
  return csvHeader(columns) + csvRows(rows, columns);
}
