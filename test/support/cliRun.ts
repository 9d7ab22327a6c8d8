/** The CLI run in-process, as the tests drive it: stdin text (or a stream), an environment, a terminal flag. */
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/** Runs the CLI in-process with the given stdin text (or stream), environment and terminal flag. */
export async function runInProcess(argv: string[], opts: { stdin?: string | Readable; env?: Record<string, string>; isTTY?: boolean } = {}): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const stdin = typeof opts.stdin === 'string' || opts.stdin === undefined ? Readable.from(opts.stdin ? [Buffer.from(opts.stdin)] : []) : opts.stdin;
  const code = await runCli(argv, { stdin, stdout: out.stream, stderr: err.stream, env: opts.env ?? {}, isTTY: opts.isTTY ?? false });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** stderr is exactly one `error: ...` line. */
export function oneErrorLine(r: CliRun, pattern: RegExp): void {
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0], /^error: /);
  assert.match(lines[0], pattern);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
}

