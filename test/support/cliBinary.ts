/** The bundled CLI as users run it: built once per suite by esbuild.mjs, run as a separate process. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

export const CLI = join(repoRoot, 'dist', 'cli.js');

/** The real Node builds of esbuild.mjs (dist/cli.js, and the chunks the CLI shares with the extension). */
export async function buildCli(): Promise<void> {
  const { buildNode } = await import('../../esbuild.mjs');
  await buildNode();
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs dist/cli.js with a minimal environment (PATH, HOME) plus `env`; secrets only on stdin or in the environment. */
export function runCliBinary(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): CliResult {
  const out = spawnSync(process.execPath, [CLI, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...opts.env },
    timeout: 60_000,
  });
  return { code: out.status ?? -1, stdout: out.stdout, stderr: out.stderr };
}

export interface CliRun extends CliResult {
  ms: number;
}

/**
 * Runs dist/cli.js without blocking this process (a server in the test answers meanwhile); a run still going
 * after `killAfterMs` is killed and reported with code -1, so a hang fails the test instead of stalling it.
 */
export function runCliProcess(args: string[], opts: { input?: string; env?: Record<string, string>; killAfterMs?: number } = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(opts.input ?? '');
  });
}
