/**
 * Users printed as they arrive, page by page, as JSON, text or CSV: nothing is held beyond one page, so a listing
 * of any size runs in constant memory (and stops when stdout's reader is slow, instead of buffering).
 */
import { csvRow, USER_FIELDS, userCell } from '../core/export/csv';
import type { AdminTarget } from '../core/pools/adminTarget';
import { displayName, mapAttributes, type AttrMap } from '../core/pools/attrMap';
import { describeUserPool } from '../core/pools/pools';
import type { PoolUser } from '../core/pools/userPages';
import { escapeControl } from '../core/text';
import { jsonText, type CommandContext } from './common';
import { writeChunk } from './adminCommon';

/** A user as the CLI prints it: attributes under their mapped names, dates as ISO strings. */
export function userJson(user: PoolUser, map: AttrMap): Record<string, unknown> {
  return { ...user, attributes: mapAttributes(map, user.attributes) };
}

// Control characters other than line breaks and tabs (which CSV quoting carries) are made visible.
const CSV_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function textLine(user: PoolUser, map: AttrMap): string {
  const attrs = Object.entries(mapAttributes(map, user.attributes)).map(([k, v]) => `${k}=${v}`).join('; ');
  return [user.username, user.status ?? '', user.enabled ? 'enabled' : 'disabled', attrs].map((c) => escapeControl(c)).join('\t');
}

export interface WriteUsersOptions {
  map: AttrMap;
  /** Attribute columns for CSV; absent: every attribute in the pool's schema. */
  columns?: string[];
  t: AdminTarget;
  poolId: string;
  /** Read after the last page: the token to continue a one-page listing. */
  nextToken?: () => string | undefined;
}

async function csvColumns(opts: WriteUsersOptions): Promise<string[]> {
  if (opts.columns?.length) return opts.columns;
  const pool = await describeUserPool(opts.t, opts.poolId);
  return pool.schema.map((s) => s.name).filter((n) => n && n !== 'sub');
}

/** Streams the pages to stdout in the command's output format. */
export async function writeUsers(ctx: CommandContext, pages: AsyncIterable<PoolUser[]>, opts: WriteUsersOptions): Promise<void> {
  const out = ctx.io.stdout;
  if (ctx.output === 'csv') {
    const keys = [...USER_FIELDS.filter((f) => f !== 'mfa'), ...(await csvColumns(opts))];
    await writeChunk(out, csvRow(keys.map((k) => displayName(opts.map, k))));
    for await (const page of pages) {
      await writeChunk(out, page.map((u) => csvRow(keys.map((k) => userCell(u, k).replace(CSV_CONTROL, (c) => escapeControl(c))))).join(''));
    }
    return;
  }
  if (ctx.output === 'text') {
    for await (const page of pages) if (page.length) await writeChunk(out, `${page.map((u) => textLine(u, opts.map)).join('\n')}\n`);
    return;
  }
  await writeChunk(out, '{\n  "users": [');
  let first = true;
  for await (const page of pages) {
    if (!page.length) continue;
    const body = page.map((u) => `    ${jsonText(userJson(u, opts.map))}`).join(',\n');
    await writeChunk(out, `${first ? '\n' : ',\n'}${body}`);
    first = false;
  }
  const token = opts.nextToken?.();
  await writeChunk(out, `${first ? '' : '\n  '}]${token ? `,\n  "nextToken": ${JSON.stringify(token)}` : ''}\n}\n`);
}
