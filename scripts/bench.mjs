#!/usr/bin/env node
// `npm run bench [filter]`: builds the production bundles and the .vsix, runs every bench/*.bench.ts in its own
// process, and prints all their rows in one table (ours, the peer measured in the same run, the ratio, the target).
// Benchmarks never decide pass/fail; see bench/README.md for how to read the table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vsceArgs } from './vsix.mjs';
import { runOnProjectNode } from './node22.mjs';

// Benchmarks measure the Node 22 the project runs on, also where the machine's node is older.
runOnProjectNode('bench');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp', 'bench');
const only = process.argv[2];
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
if (files.length === 0) {
  console.error(`bench: no benchmark matches ${only ?? 'bench/*.bench.ts'}`);
  process.exit(2);
}

function step(what, args) {
  console.log(`bench: ${what}`);
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) {
    console.error(`bench: ${what} failed`);
    process.exit(1);
  }
}
mkdirSync(out, { recursive: true });
step('building the production bundles', ['esbuild.mjs', '--production']);
rmSync(join(out, 'cognito-explorer.vsix'), { force: true });
step('packing the .vsix', vsceArgs(root, join(out, 'cognito-explorer.vsix')));

const NO_ROWS = 3;
const rows = [];
const failed = [];
for (const file of files) {
  console.log(`bench: ${file}`);
  const result = join(out, `${file}.json`);
  rmSync(result, { force: true });
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', COGNITO_BENCH_OUT: out };
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'support', 'runOne.ts'), join('bench', file), result], { cwd: root, stdio: 'inherit', env });
  if (run.status === NO_ROWS) {
    // A file without rows prints its own numbers when run as a script.
    console.log(`bench: ${file} exports no rows; running it as a script`);
    const script = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], { cwd: root, stdio: 'inherit', env });
    if (script.status !== 0) failed.push(file);
  } else if (run.status !== 0) failed.push(file);
  if (existsSync(result)) rows.push(...JSON.parse(readFileSync(result, 'utf8')).map((r) => ({ ...r, file })));
}

const num = (v, unit) => `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
function ratioOf(r) {
  if (!r.peer || !r.peer.value || !r.ours) return undefined;
  return r.compare === 'overhead' ? r.ours / r.peer.value : r.peer.value / r.ours;
}
function targetText(r, ratio) {
  if (!r.target) return '';
  const value = r.target.on === 'ratio' ? ratio : r.ours;
  const goal = `${r.target.op} ${r.target.value}${r.target.on === 'ratio' ? 'x' : ` ${r.unit}`}`;
  if (value === undefined) return goal;
  const met = r.target.op === '<=' ? value <= r.target.value : value >= r.target.value;
  return `${goal} ${met ? 'met' : 'NOT met'}`;
}
const table = rows.map((r) => {
  const ratio = ratioOf(r);
  return [
    r.name,
    num(r.ours, r.unit),
    r.peer ? `${num(r.peer.value, r.unit)} ${r.peer.name}` : '',
    ratio === undefined ? '' : r.compare === 'overhead' ? `${ratio.toFixed(2)}x of peer` : `${ratio.toFixed(1)}x ${ratio >= 1 ? 'better' : 'worse'}`,
    targetText(r, ratio),
    r.note ?? '',
  ];
});
const head = ['what', 'ours', 'peer (same run)', 'ratio', 'target', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of table) console.log(line(row));
console.log(`\nnode ${process.version}, ${rows.length} rows from ${files.length} files; medians of alternating runs (see bench/README.md)`);
if (failed.length) {
  console.error(`bench: failed: ${failed.join(', ')}`);
  process.exit(1);
}
