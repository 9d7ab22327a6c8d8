/** Claim-by-claim comparison of two tokens: two users, or the same user before and after a refresh. */
import { formatRemaining } from '../session';
import { displayValue } from '../text';

export type ClaimChange = 'added' | 'removed' | 'changed' | 'same';

export interface ClaimDiffEntry {
  claim: string;
  change: ClaimChange;
  /** Display text of the value in the first token (time claims as dates); absent when added. */
  before?: string;
  /** Display text of the value in the second token; absent when removed. */
  after?: string;
  /** For a changed time claim: how far it moved ("+1 h", "-40 s"). */
  delta?: string;
}

/** Claims holding seconds since the epoch, shown as dates. */
export const TIME_CLAIMS: ReadonlySet<string> = new Set(['iat', 'exp', 'nbf', 'auth_time', 'updated_at']);

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** "2026-12-03 08:00:00 UTC (1764748800)" for a time claim, else the value as safe text. */
export function claimDisplay(claim: string, value: unknown): string {
  if (TIME_CLAIMS.has(claim) && typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value * 1000);
    if (!Number.isNaN(date.getTime())) return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC (${value})`;
  }
  return displayValue(value);
}

function timeDelta(claim: string, a: unknown, b: unknown): string | undefined {
  if (!TIME_CLAIMS.has(claim) || typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  const ms = (b - a) * 1000;
  return `${ms >= 0 ? '+' : '-'}${formatRemaining(Math.abs(ms))}`;
}

/**
 * Compares two claim sets: every claim of `a` in its order, then those only `b` has. Values compare as canonical
 * JSON, so key order inside objects does not count as a change.
 */
export function diffClaims(a: Record<string, unknown>, b: Record<string, unknown>): ClaimDiffEntry[] {
  const claims = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.prototype.hasOwnProperty.call(a, k))];
  return claims.map((claim): ClaimDiffEntry => {
    const inA = Object.prototype.hasOwnProperty.call(a, claim);
    const inB = Object.prototype.hasOwnProperty.call(b, claim);
    if (!inB) return { claim, change: 'removed', before: claimDisplay(claim, a[claim]) };
    if (!inA) return { claim, change: 'added', after: claimDisplay(claim, b[claim]) };
    const before = claimDisplay(claim, a[claim]);
    const after = claimDisplay(claim, b[claim]);
    if (canonical(a[claim]) === canonical(b[claim])) return { claim, change: 'same', before, after };
    const delta = timeDelta(claim, a[claim], b[claim]);
    return { claim, change: 'changed', before, after, ...(delta ? { delta } : {}) };
  });
}

const MARK: Record<ClaimChange, string> = { added: '+', removed: '-', changed: '~', same: ' ' };

/**
 * The diff as a readable plain-text document: a count line, then one block per claim marked `+` added,
 * `-` removed, `~` changed, with unchanged claims listed last.
 */
export function formatClaimDiff(entries: readonly ClaimDiffEntry[], labels: { a: string; b: string }): string {
  const count = (c: ClaimChange) => entries.filter((e) => e.change === c).length;
  const safeA = displayValue(labels.a);
  const safeB = displayValue(labels.b);
  const lines = [
    `Comparing claims`,
    `  A: ${safeA}`,
    `  B: ${safeB}`,
    `${count('changed')} changed, ${count('added')} added, ${count('removed')} removed, ${count('same')} the same.`,
    '',
  ];
  const differing = entries.filter((e) => e.change !== 'same');
  if (differing.length === 0) lines.push('The two tokens carry the same claims with the same values.', '');
  for (const e of differing) {
    lines.push(`${MARK[e.change]} ${e.claim}${e.change === 'changed' ? '' : ` (${e.change})`}`);
    if (e.before !== undefined) lines.push(`    A: ${e.before}`);
    if (e.after !== undefined) lines.push(`    B: ${e.after}`);
    if (e.delta) lines.push(`    moved ${e.delta}`);
  }
  const same = entries.filter((e) => e.change === 'same');
  if (same.length) {
    lines.push('', 'Unchanged:');
    for (const e of same) lines.push(`  ${e.claim}: ${e.before}`);
  }
  return `${lines.join('\n')}\n`;
}
