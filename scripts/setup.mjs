#!/usr/bin/env node
// Installs what the tests need and npm ci does not: Node 22 where the machine's node is older (scripts/node22.mjs),
// Debian packages, a Python venv with moto, and a pinned code-server.
// Idempotent: a marker records what was installed, so a warm run only checks that the pieces are still on disk.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_MAJOR, projectNode } from './node22.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// package.json's config.codeServer: the test support reads it too. 4.103 is the oldest code-server whose engines
// name Node 22 (VS Code 1.103); 4.117 the newest; 4.133+ want Node 24.
const CODE_SERVER_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).config.codeServer;
// What code-server 4.103.2's @vscode/ripgrep (1.15.14) postinstall looks for before it tries GitHub.
const RIPGREP_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.14', 'ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz');
const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev'];

export const paths = {
  root,
  venv: join(root, '.venv'),
  python: join(root, '.venv', 'bin', 'python'),
  requirements: join(root, 'test', 'support', 'requirements.txt'),
  tools: join(root, 'tools'),
  // One folder per version: an upgrade installs beside the old one, which keeps working for runs already started.
  codeServerDir: join(root, 'tools', `code-server-${CODE_SERVER_VERSION}`),
  codeServerBin: join(root, 'tools', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  installLock: join(root, 'tools', `code-server-${CODE_SERVER_VERSION}.lock`),
  // Not setup-marker.json, which set-ups from before Node 22 (other worktrees sharing tools/) still read and write.
  marker: join(root, 'tools', 'setup-marker-node22.json'),
  chromium: '/usr/bin/chromium',
};

const log = (msg) => console.log(`setup: ${msg}`);
// Child output goes here, not to the screen; a failing step prints its tail.
const LOG_FILE = join(root, '.tmp', 'setup.log');
const HEARTBEAT_MS = 15_000;
const STEP_COUNT = 4;
let stepNumber = 0;

/** Announces the next of the set-up's steps: what it does, why, and roughly how long it takes. */
function announce(what) {
  stepNumber += 1;
  log(`[${stepNumber}/${STEP_COUNT}] ${what}`);
}

/** Runs a command with its output in .tmp/setup.log, printing a line every 15 s so a long install is never silent. */
function run(cmd, args, opts = {}, label = `${cmd} ${args[0] ?? ''}`.trim()) {
  mkdirSync(dirname(LOG_FILE), { recursive: true });
  appendFileSync(LOG_FILE, `\n$ ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk) => {
      appendFileSync(LOG_FILE, chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const beat = setInterval(() => log(`      ... ${label}, ${Math.round((Date.now() - started) / 1000)} s so far`), HEARTBEAT_MS);
    child.on('error', (err) => {
      clearInterval(beat);
      rejectRun(err);
    });
    child.on('close', (code) => {
      clearInterval(beat);
      if (code === 0) return resolveRun();
      console.error(tail.split('\n').slice(-30).join('\n'));
      rejectRun(new Error(`${label} failed (exit ${code}); the full output is in ${LOG_FILE}`));
    });
  });
}

function quiet(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

function wantedMarker(node) {
  const requirements = readFileSync(paths.requirements, 'utf8');
  return {
    codeServer: CODE_SERVER_VERSION,
    node: node.version.replace(/^v/, '').split('.')[0],
    requirements: createHash('sha256').update(requirements).digest('hex').slice(0, 16),
  };
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(paths.marker, 'utf8'));
  } catch {
    return {};
  }
}

function missingDebianPackages() {
  const wanted = [...DEBIAN_PACKAGES];
  if (quiet('python3', ['-c', 'import venv, ensurepip']).status !== 0) wanted.push('python3-venv');
  for (const tool of ['gcc', 'g++', 'make']) {
    if (quiet('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      wanted.push('build-essential');
      break;
    }
  }
  const res = quiet('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...wanted]);
  const installed = new Set(
    (res.stdout ?? '')
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return [...new Set(wanted)].filter((p) => !installed.has(p));
}

async function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return announce('Debian packages: all present');
  announce(`Debian packages: installing ${missing.join(', ')} with apt-get (Chromium for the browser tests; about a minute)`);
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Not root, so install them yourself: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env }, 'reading the package lists');
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env }, 'installing Debian packages');
}

function pythonVersionOk(python) {
  const res = quiet(python, ['-c', 'import sys; print(sys.version_info >= (3, 10))']);
  return res.status === 0 && res.stdout.trim() === 'True';
}

async function ensureVenv(force) {
  const needed = force || !existsSync(paths.python) || !pythonVersionOk(paths.python) || quiet(paths.python, ['-c', 'import moto.server, flask_cors']).status !== 0;
  announce(needed ? 'Python venv in .venv: installing moto (the local AWS emulator) and the AWS CLI from PyPI (about a minute)' : 'Python venv in .venv: present');
  if (!existsSync(paths.python) || !pythonVersionOk(paths.python)) {
    if (!pythonVersionOk('python3')) throw new Error('python3 3.10 or newer is needed for moto; install it first.');
    rmSync(paths.venv, { recursive: true, force: true });
    await run('python3', ['-m', 'venv', paths.venv], {}, 'creating the venv');
    force = true;
  }
  if (force || quiet(paths.python, ['-c', 'import moto.server, flask_cors']).status !== 0) {
    await run(paths.python, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', paths.requirements], {}, 'pip install (moto, awscli, pycognito)');
  }
  const res = quiet(paths.python, ['-c', 'import moto; print(moto.__version__)']);
  if (res.status !== 0) throw new Error(`moto is not importable from ${paths.python}: ${res.stderr}`);
  log(`moto ${res.stdout.trim()} in .venv`);
}

async function ensureRipgrepCache() {
  if (existsSync(RIPGREP_CACHE)) return;
  const rg = quiet('sh', ['-c', 'command -v rg']).stdout?.trim();
  if (!rg) throw new Error('ripgrep (rg) is not installed; apt-get install ripgrep');
  mkdirSync(dirname(RIPGREP_CACHE), { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'rg-'));
  copyFileSync(rg, join(staging, 'rg'));
  await run('tar', ['-czf', RIPGREP_CACHE, '-C', staging, 'rg'], {}, 'packing rg');
  rmSync(staging, { recursive: true, force: true });
  log(`seeded the @vscode/ripgrep cache with ${rg}`);
}

function codeServerVersion(node) {
  const res = quiet(node, [paths.codeServerBin, '--version'], { timeout: 60_000 });
  // It may log a timestamped line first (e.g. on its first start), so look for the version line itself.
  return res.status === 0 ? /^(\d+\.\d+\.\d+) \S+ with Code/m.exec(res.stdout)?.[1] : undefined;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function lockHolder() {
  try {
    return Number(readFileSync(join(paths.installLock, 'pid'), 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** Runs `fn` holding tools/code-server-<version>.lock, so worktrees sharing tools/ never install into it at once. */
async function withInstallLock(fn) {
  mkdirSync(paths.tools, { recursive: true });
  for (let waited = 0; ; waited += 5) {
    try {
      mkdirSync(paths.installLock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = lockHolder();
      // A holder that died (or has not written its pid after a minute) leaves the lock to whoever comes next.
      if ((holder && !alive(holder)) || (!holder && waited >= 60)) rmSync(paths.installLock, { recursive: true, force: true });
      else if (waited % 60 === 0) log(`      another set-up (pid ${holder || '?'}) is installing code-server ${CODE_SERVER_VERSION}; waiting for it`);
      await new Promise((r) => setTimeout(r, 5_000));
    }
  }
  writeFileSync(join(paths.installLock, 'pid'), String(process.pid));
  try {
    return await fn();
  } finally {
    rmSync(paths.installLock, { recursive: true, force: true });
  }
}

async function ensureCodeServer(force, node) {
  const present = () => existsSync(paths.codeServerBin) && codeServerVersion(node.execPath) === CODE_SERVER_VERSION;
  if (!force && present()) return announce(`code-server ${CODE_SERVER_VERSION}: present`);
  return withInstallLock(async () => {
    // Another worktree may have finished the install while this one waited.
    if (!force && present()) return announce(`code-server ${CODE_SERVER_VERSION}: present`);
    await installCodeServer(node);
  });
}

async function installCodeServer(node) {
  announce(`code-server ${CODE_SERVER_VERSION} (VS Code in the browser, for the demo and the end-to-end tests): installing from npm into tools/ (2-3 minutes)`);
  await ensureRipgrepCache();
  mkdirSync(paths.codeServerDir, { recursive: true });
  writeFileSync(
    join(paths.codeServerDir, 'package.json'),
    JSON.stringify({ name: 'cognito-explorer-tools-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2) + '\n',
  );
  // Under `npm test` the outer npm's variables (npm_config_user_agent naming Node 20 among them) would become this
  // install's config, and code-server's postinstall refuses a Node it reads from there: start from a clean slate.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...inherited,
    // Its install scripts build native modules for the node that runs them: Node 22, which code-server runs on.
    PATH: `${dirname(node.execPath)}:${process.env.PATH ?? ''}`,
    // Root installs drop privileges for scripts unless told not to; node-pty runs `npx node-gyp`, which asks otherwise.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // node-gyp would download Node's headers (no internet here); use the ones that came with this Node 22.
  if (node.nodedir) env.npm_config_nodedir = node.nodedir;
  // code-server's native modules (node-pty, spdlog, ...) build in their install scripts, which npm 11 skips unless allowed.
  log('      code-server builds native modules in its npm install scripts, so this one install is allowed to run them');
  await run('npm', ['install', '--dangerously-allow-all-scripts', '--no-save', '--no-package-lock', '--loglevel=error'], { cwd: paths.codeServerDir, env }, 'npm install code-server');
  const version = codeServerVersion(node.execPath);
  if (version !== CODE_SERVER_VERSION) throw new Error(`code-server did not install correctly (--version said ${version ?? 'nothing'})`);
  log(`code-server ${version} in tools/code-server-${CODE_SERVER_VERSION}`);
}

/**
 * Runs every step; returns quickly when the marker matches and the installed pieces are present. Without
 * `codeServer` (suites that start no VS Code) code-server is neither checked nor installed.
 */
export async function setup({ force = false, codeServer = true } = {}) {
  const started = Date.now();
  const found = projectNode(log);
  const node = { ...found, version: quiet(found.execPath, ['--version']).stdout.trim() };
  const wanted = wantedMarker(node);
  const marker = readMarker();
  const markerOk = !force && (codeServer ? JSON.stringify(marker) === JSON.stringify(wanted) : marker.requirements === wanted.requirements);
  const present = existsSync(paths.python) && (!codeServer || existsSync(paths.codeServerBin)) && existsSync(paths.chromium) && missingDebianPackages().length === 0;
  if (markerOk && present) {
    log(`everything present (node ${node.version}, ${codeServer ? `code-server ${wanted.codeServer}` : 'code-server not needed'}, moto venv, chromium), ${Date.now() - started} ms`);
    return;
  }
  log('first run (or the pinned versions changed): installing the test tools; later runs skip this');
  announce(`Node ${NODE_MAJOR}: ${node.version}, ${node.execPath.startsWith(paths.tools) ? `installed from npm in tools/node${NODE_MAJOR}` : 'the machine\'s own'} (runs the tests, code-server and the CLI)`);
  await ensureDebianPackages();
  // A missing marker (first run of this set-up) is no reason to reinstall a venv that imports fine.
  await ensureVenv(force || (marker.requirements !== undefined && marker.requirements !== wanted.requirements));
  // Its folder is per version and always built with Node 22, so `--version` answering is proof enough.
  if (codeServer) await ensureCodeServer(force, node);
  else announce('code-server: not needed by these tests; the ones that start VS Code install it');
  mkdirSync(paths.tools, { recursive: true });
  writeFileSync(paths.marker, JSON.stringify(codeServer ? wanted : { ...marker, requirements: wanted.requirements }, null, 2) + '\n');
  log(`set-up done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  setup({ force: process.argv.includes('--force'), codeServer: !process.argv.includes('--without-code-server') }).catch((err) => {
    console.error(`setup: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
