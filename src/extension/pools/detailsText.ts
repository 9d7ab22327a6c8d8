/** Pool, app client and identity pool details as a readable Markdown document; no VS Code, so unit-testable. */
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
