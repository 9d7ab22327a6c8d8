/**
 * Runs test/extensionHost (bundled to out/test/suite/index.js) inside code-server's extension host, with the real `vscode` API.
 * The workbench is opened with extensionDevelopmentPath/extensionTestsPath, and reports the end through `codeAutomationExit`.
 * Run directly: `node --import tsx test/support/hostTests.ts` after `node esbuild.mjs --tests`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser, screenshot } from './browser';
import { startCodeServer } from './codeServer';
import { startMoto } from './moto';
import { ENDPOINT_ENV, HOST_TESTS_BEGIN } from './hostProtocol';
import { paths, repoRoot } from './paths';

export interface HostTestResult {
  passes: number;
  failures: number;
  pending: number;
  exitCode: number;
}

const TESTS_MODULE = join(repoRoot, 'out', 'test', 'suite', 'index.js');

function readSummary(file: string): Omit<HostTestResult, 'exitCode'> | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  return lines.length ? JSON.parse(lines[lines.length - 1]) : undefined;
}

export async function runHostTests(opts: { summaryFile?: string; timeoutMs?: number; grep?: string } = {}): Promise<HostTestResult> {
  for (const file of [TESTS_MODULE, join(repoRoot, 'dist', 'extension.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run \`node esbuild.mjs --tests\` first.`);
  }
  mkdirSync(paths.tmp, { recursive: true });
  const summaryFile = resolve(opts.summaryFile ?? join(paths.tmp, `host-summary-${process.pid}.jsonl`));
  rmSync(summaryFile, { force: true });

  const moto = await startMoto();
  const stops: (() => Promise<void>)[] = [() => moto.stop()];
  try {
    const server = await startCodeServer({
      env: {
        [ENDPOINT_ENV]: moto.endpoint,
        MOCHA_SUMMARY_FILE: summaryFile,
        ...(opts.grep ? { MOCHA_GREP: opts.grep } : {}),
      },
    });
    stops.unshift(() => server.stop());
    const web = await launchBrowser({ origin: server.url });
    stops.unshift(() => web.close());
    const { page } = web;

    let exitCode = -1;
    let resolveExit: (code: number) => void = () => undefined;
    const ended = new Promise<number>((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
      resolveExit(code);
    });
    const startupLog: string[] = [];
    let started = false;
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (!started) {
        started = line.includes(HOST_TESTS_BEGIN);
        if (!started) startupLog.push(`[${level}] ${line}`);
        return;
      }
      if (!line.startsWith('MOCHA_SUMMARY ')) process.stdout.write(`${line}\n`);
    });

    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(TESTS_MODULE)],
    ]);
    await page.goto(server.workbenchUrl({ payload }));

    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    const timedOut = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    if ((await Promise.race([ended, timedOut])) === 'timeout') {
      const shot = await screenshot(page, 'extension-host-timeout');
      throw new Error(`extension-host tests did not finish within ${timeoutMs / 1000} s (screenshot ${shot})\nworkbench log:\n${startupLog.join('\n')}\ncode-server:\n${server.output()}`);
    }
    const summary = readSummary(summaryFile);
    if (!summary) {
      const shot = await screenshot(page, 'extension-host-no-summary');
      throw new Error(`extension-host tests ended with code ${exitCode} but wrote no summary (screenshot ${shot})\nworkbench log:\n${startupLog.join('\n')}\ncode-server:\n${server.output()}`);
    }
    return { ...summary, exitCode };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    if (!opts.summaryFile) rmSync(summaryFile, { force: true });
  }
}

if (require.main === module) {
  runHostTests({ summaryFile: process.env.MOCHA_SUMMARY_FILE, grep: process.env.MOCHA_GREP })
    .then((r) => {
      console.log(`extension host: ${r.passes} passing, ${r.failures} failing, ${r.pending} pending (exit ${r.exitCode})`);
      process.exit(r.failures > 0 || r.exitCode !== 0 ? 1 : 0);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
