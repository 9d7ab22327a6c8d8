/** Child process of scripts/bench.mjs: loads one bench file and writes the rows it exports as JSON to argv[3]. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './bench';

async function main(): Promise<void> {
  const [file, out] = process.argv.slice(2);
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { rows?: () => Promise<BenchRow[]> };
  // Files written before the table existed print their own numbers when loaded; they contribute no rows.
  if (typeof mod.rows === 'function') writeFileSync(out, JSON.stringify(await mod.rows()));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
