#!/usr/bin/env node
// One entry for every suite: `node scripts/test.mjs <all|unit|integration|host|e2e> [mocha args]`.
// Runs what each suite needs first (setup, build, packaging), keeps going after a failing suite, and ends with
// exactly one tally line, `tests: N passed, N failed, N skipped`, as the last line of output.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vsceArgs } from './vsix.mjs';
import { runOnProjectNode } from './node22.mjs';

// Everything below (mocha, tsx, code-server, the CLI) runs on the Node 22 the project needs.
runOnProjectNode('test');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = join(root, '.tmp');
const VSIX = join(tmp, 'cognito-explorer.vsix');
const MOCHA = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const REPORTER = join(root, 'test', 'support', 'summaryReporter.cjs');

const SUITES = {
  unit: { dir: 'test/unit', timeout: 10_000, needs: [] },
  integration: { dir: 'test/integration', timeout: 30_000, needs: ['setupWithoutCodeServer', 'build'] },
  host: { needs: ['setup', 'buildTests'] },
  e2e: { dir: 'test/e2e', timeout: 180_000, needs: ['setup', 'package'] },
};
const PLANS = {
  all: ['typecheck', 'unit', 'integration', 'host', 'e2e'],
  unit: ['unit'],
  integration: ['integration'],
  host: ['host'],
  e2e: ['e2e'],
};

const [which = 'all', ...mochaArgs] = process.argv.slice(2);
if (!PLANS[which]) {
  console.error(`usage: node scripts/test.mjs <${Object.keys(PLANS).join('|')}> [extra mocha args]`);
  process.exit(2);
}

const env = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // Keep tests away from the developer's real AWS profile and region.
  AWS_CONFIG_FILE: join(tmp, 'aws-config-none'),
  AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'aws-credentials-none'),
};
delete env.AWS_PROFILE;

const totals = { passes: 0, failures: 0, pending: 0 };
const report = [];
const done = new Set();

function banner(text) {
  console.log(`\n=== ${text} ===`);
}

function exec(cmd, args, extraEnv = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`${cmd}: ${err.message}`);
      resolveRun(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolveRun(code ?? (signal ? 128 : 1));
    });
  });
}

async function step(name, cmd, args) {
  if (done.has(name)) return true;
  banner(name);
  const started = Date.now();
  const code = await exec(cmd, args);
  report.push({ name, seconds: (Date.now() - started) / 1000, ok: code === 0 });
  if (code !== 0) {
    console.error(`${name} failed (exit ${code})`);
    return false;
  }
  done.add(name);
  return true;
}

const prerequisites = {
  setup: () => step('setup', process.execPath, [join(root, 'scripts', 'setup.mjs')]),
  setupWithoutCodeServer: () => (done.has('setup') ? true : step('setup (no code-server)', process.execPath, [join(root, 'scripts', 'setup.mjs'), '--without-code-server'])),
  build: () => step('build', process.execPath, ['esbuild.mjs']),
  buildTests: () => step('build (with extension-host tests)', process.execPath, ['esbuild.mjs', '--tests']),
  package: async () => {
    if (!(await step('build (production)', process.execPath, ['esbuild.mjs', '--production']))) return false;
    mkdirSync(tmp, { recursive: true });
    rmSync(VSIX, { force: true });
    return step('package .vsix', process.execPath, vsceArgs(root, VSIX));
  },
};

function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) out.push(relative(root, full));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

function readSummary(file) {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  if (!lines.length) return undefined;
  // Several mocha runs may append; add them up.
  return lines.map((l) => JSON.parse(l)).reduce((a, b) => ({ passes: a.passes + b.passes, failures: a.failures + b.failures, pending: a.pending + b.pending }));
}

function record(name, started, summary, code) {
  const seconds = (Date.now() - started) / 1000;
  if (!summary) {
    // The suite crashed or never started: count it as one failure so the tally never claims success.
    totals.failures += 1;
    report.push({ name, seconds, ok: false, note: `could not run (exit ${code})` });
    return;
  }
  totals.passes += summary.passes;
  totals.failures += summary.failures;
  totals.pending += summary.pending;
  const ok = code === 0 && summary.failures === 0;
  if (!ok && summary.failures === 0) totals.failures += 1;
  report.push({ name, seconds, ok, note: `${summary.passes} passed, ${summary.failures} failed, ${summary.pending} skipped` });
}

async function runSuite(name) {
  const suite = SUITES[name];
  for (const need of suite.needs) {
    if (!(await prerequisites[need]())) {
      record(name, Date.now(), undefined, 'prerequisite failed');
      return;
    }
  }
  banner(`${name} tests`);
  mkdirSync(tmp, { recursive: true });
  const summaryFile = join(tmp, `summary-${name}-${process.pid}.jsonl`);
  rmSync(summaryFile, { force: true });
  const started = Date.now();
  let code;
  if (name === 'host') {
    code = await exec(process.execPath, ['--import', 'tsx', join(root, 'test', 'support', 'hostTests.ts')], { MOCHA_SUMMARY_FILE: summaryFile });
  } else {
    const files = testFiles(suite.dir);
    if (files.length === 0) {
      console.log(`no test files under ${suite.dir}`);
      report.push({ name, seconds: 0, ok: true, note: 'no tests' });
      return;
    }
    code = await exec(
      process.execPath,
      [MOCHA, '--import=tsx', '--reporter', REPORTER, '--timeout', String(suite.timeout), ...mochaArgs, ...files],
      { MOCHA_SUMMARY_FILE: summaryFile, COGNITO_EXPLORER_VSIX: VSIX },
    );
  }
  record(name, started, readSummary(summaryFile), code);
  rmSync(summaryFile, { force: true });
}

async function typecheck() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const okRoot = await step('typecheck', process.execPath, [tsc, '--noEmit', '-p', '.']);
  const okWebview = await step('typecheck (webview)', process.execPath, [tsc, '--noEmit', '-p', 'webview']);
  if (!okRoot) totals.failures += 1;
  if (!okWebview) totals.failures += 1;
}

const startedAll = Date.now();
for (const item of PLANS[which]) {
  if (item === 'typecheck') await typecheck();
  else await runSuite(item);
}

banner('summary');
for (const r of report) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(36)} ${r.seconds.toFixed(1).padStart(6)} s${r.note ? `  ${r.note}` : ''}`);
console.log(`total ${((Date.now() - startedAll) / 1000).toFixed(1)} s`);
const failed = report.some((r) => !r.ok) || totals.failures > 0;
console.log(`tests: ${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exitCode = failed ? 1 : 0;
