#!/usr/bin/env node
// Runs every bench/*.bench.ts through tsx and prints their numbers; benchmarks never decide pass/fail.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
if (files.length === 0) {
  console.error(`bench: no benchmark matches ${only ?? 'bench/*.bench.ts'}`);
  process.exit(2);
}
let failed = false;
for (const file of files) {
  console.log(`bench: ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
