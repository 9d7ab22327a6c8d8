#!/usr/bin/env node
// Installs what the tests need and npm ci does not: Debian packages, a Python venv with moto, and a pinned code-server.
// Idempotent: a marker records what was installed, so a warm run only checks that the pieces are still on disk.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CODE_SERVER_VERSION = '4.100.3';
// What code-server 4.100.3's @vscode/ripgrep postinstall looks for before it tries GitHub.
const RIPGREP_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev'];

export const paths = {
  root,
  venv: join(root, '.venv'),
  python: join(root, '.venv', 'bin', 'python'),
  requirements: join(root, 'test', 'support', 'requirements.txt'),
  tools: join(root, 'tools'),
  codeServerDir: join(root, 'tools', 'code-server'),
  codeServerBin: join(root, 'tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  marker: join(root, 'tools', 'setup-marker.json'),
  chromium: '/usr/bin/chromium',
};

const log = (msg) => console.log(`setup: ${msg}`);
// Child output goes here, not to the screen; a failing step prints its tail.
const LOG_FILE = join(root, '.tmp', 'setup.log');
const HEARTBEAT_MS = 15_000;
const STEP_COUNT = 3;
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

function wantedMarker() {
  const requirements = readFileSync(paths.requirements, 'utf8');
  return {
    codeServer: CODE_SERVER_VERSION,
    node: process.versions.node.split('.')[0],
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

function codeServerVersion() {
  const res = quiet(process.execPath, [paths.codeServerBin, '--version'], { timeout: 60_000 });
  // It may log a timestamped line first (e.g. on its first start), so look for the version line itself.
  return res.status === 0 ? /^(\d+\.\d+\.\d+) \S+ with Code/m.exec(res.stdout)?.[1] : undefined;
}

async function ensureCodeServer(force) {
  if (!force && existsSync(paths.codeServerBin) && codeServerVersion() === CODE_SERVER_VERSION) return announce(`code-server ${CODE_SERVER_VERSION}: present`);
  announce(`code-server ${CODE_SERVER_VERSION} (VS Code in the browser, for the demo and the end-to-end tests): installing from npm into tools/ (2-3 minutes)`);
  await ensureRipgrepCache();
  mkdirSync(paths.codeServerDir, { recursive: true });
  writeFileSync(
    join(paths.codeServerDir, 'package.json'),
    JSON.stringify({ name: 'cognito-explorer-tools-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2) + '\n',
  );
  const env = {
    ...process.env,
    // Root installs drop privileges for scripts unless told not to; node-pty runs `npx node-gyp`, which asks otherwise.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // node-gyp would download Node's headers (no internet here); use the ones installed next to this node when present.
  const prefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  // code-server's native modules (node-pty, spdlog, ...) build in their install scripts, which npm 11 skips unless allowed.
  log('      code-server builds native modules in its npm install scripts, so this one install is allowed to run them');
  await run('npm', ['install', '--dangerously-allow-all-scripts', '--no-save', '--no-package-lock', '--loglevel=error'], { cwd: paths.codeServerDir, env }, 'npm install code-server');
  const version = codeServerVersion();
  if (version !== CODE_SERVER_VERSION) throw new Error(`code-server did not install correctly (--version said ${version ?? 'nothing'})`);
  log(`code-server ${version} in tools/code-server`);
}

/** Runs every step; returns quickly when the marker matches and the installed pieces are present. */
export async function setup({ force = false } = {}) {
  const started = Date.now();
  const wanted = wantedMarker();
  const marker = readMarker();
  const markerOk = !force && JSON.stringify(marker) === JSON.stringify(wanted);
  const present = existsSync(paths.python) && existsSync(paths.codeServerBin) && existsSync(paths.chromium) && missingDebianPackages().length === 0;
  if (markerOk && present) {
    log(`everything present (code-server ${wanted.codeServer}, moto venv, chromium), ${Date.now() - started} ms`);
    return;
  }
  log('first run (or the pinned versions changed): installing the test tools; later runs skip this');
  await ensureDebianPackages();
  await ensureVenv(force || marker.requirements !== wanted.requirements);
  await ensureCodeServer(force || marker.codeServer !== wanted.codeServer || marker.node !== wanted.node);
  mkdirSync(paths.tools, { recursive: true });
  writeFileSync(paths.marker, JSON.stringify(wanted, null, 2) + '\n');
  log(`set-up done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  setup({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(`setup: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
