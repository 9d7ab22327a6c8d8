import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The repository root, found from this file so tests work from any working directory. */
export const repoRoot = findRoot(resolve(__dirname));

/** The code-server version scripts/setup.mjs installs (package.json config.codeServer), one folder per version. */
const codeServerVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { config: { codeServer: string } }).config.codeServer;

export const paths = {
  python: process.env.COGNITO_EXPLORER_PYTHON ?? join(repoRoot, '.venv', 'bin', 'python'),
  motoLauncher: join(repoRoot, 'scripts', 'launch_moto.py'),
  codeServer: join(repoRoot, 'tools', `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  testResults: join(repoRoot, 'test-results'),
  tmp: join(repoRoot, '.tmp'),
};
