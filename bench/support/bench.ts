/**
 * What a benchmark file gives `npm run bench`, and the helpers to measure fairly on a busy machine.
 * A `bench/<name>.bench.ts` module exports `rows(): Promise<BenchRow[]>`; scripts/bench.mjs runs each file in its own
 * process and prints every row in one table. Never part of pass/fail.
 */
import { spawn } from 'node:child_process';

export interface BenchRow {
  /** What was measured, e.g. "CLI --help, whole process". */
  name: string;
  unit: 'ms' | 'KB' | 'ops/s';
  ours: number;
  /** The same thing measured for a peer (or a baseline such as `node -e 0`) in the same run. */
  peer?: { name: string; value: number };
  /**
   * How the ratio column reads: 'speedup' prints peer/ours ("3.1x faster"; for competitors), 'overhead' prints
   * ours/peer ("1.12x of node -e 0"; for baselines we can only approach). Default: speedup.
   */
  compare?: 'speedup' | 'overhead';
  /** The goal, checked and marked in the table: on the ratio as printed, or on our figure. */
  target?: { on: 'ratio' | 'ours'; op: '<=' | '>='; value: number };
  /** Run counts, what the peer did, anything a reader needs. */
  note?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `ours` and `peer` alternately (the order flips each round, so drifting load hits both alike) and returns
 * the median of each, in the unit the functions return.
 */
export async function pairwise(
  ours: () => Promise<number> | number,
  peer: () => Promise<number> | number,
  { runs = 15, warmup = 2 }: { runs?: number; warmup?: number } = {},
): Promise<{ ours: number; peer: number; runs: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const first = i % 2 === 0;
    const x = first ? await ours() : await peer();
    const y = first ? await peer() : await ours();
    if (i < warmup) continue;
    a.push(first ? x : y);
    b.push(first ? y : x);
  }
  return { ours: median(a), peer: median(b), runs };
}

/** Milliseconds since `start` (from process.hrtime.bigint()). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface TimedRun {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Wall time of a whole process, spawn to exit; `input` is written to its stdin. Fails loudly on a non-zero exit. */
export function timeProcess(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; allowFailure?: boolean } = {}): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const run = { ms: msSince(start), code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (code !== 0 && !opts.allowFailure) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${run.stderr.slice(0, 500)}`));
      else resolve(run);
    });
    child.stdin.end(opts.input ?? '');
  });
}
