/** Child process of scripts/bench.mjs: loads one bench file and writes the rows it exports as JSON to argv[3]. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './bench';

/** Exit status telling scripts/bench.mjs that the file exports no rows. */
const NO_ROWS = 3;

async function main(): Promise<void> {
  const [file, out] = process.argv.slice(2);
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { rows?: () => Promise<BenchRow[]> };
  if (typeof mod.rows === 'function') writeFileSync(out, JSON.stringify(await mod.rows()));
  // A file without rows is a script that prints its own numbers: the runner runs it as one.
  else process.exitCode = NO_ROWS;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
