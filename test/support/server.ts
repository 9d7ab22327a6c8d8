/** What the emulator harnesses (moto, cognito-local) share: child-process bookkeeping and the per-suite mocha hooks. */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export interface Tracked {
  child: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
}

/** Remembers a server process so it is killed when the test process exits, whatever happens to the suite. */
export function track(child: ChildProcess): Tracked {
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited };
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the process has exited. */
export async function terminate(proc: Tracked, beforeSignal?: () => void): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  beforeSignal?.();
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 3_000);
  await proc.exited;
  clearTimeout(timer);
}

export interface Server {
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Mocha hooks for one server per suite: started in `before`, optionally reset before each test, stopped in `after`. */
export function useServer<S extends Server>(
  what: string,
  start: () => Promise<S>,
  opts: { startTimeoutMs?: number; resetEach?: boolean },
): () => S {
  let server: S | undefined;
  before(async function () {
    this.timeout(opts.startTimeoutMs ?? 30_000);
    server = await start();
  });
  if (opts.resetEach) {
    beforeEach(async function () {
      this.timeout(opts.startTimeoutMs ?? 30_000);
      await server?.reset();
    });
  }
  after(async () => {
    await server?.stop();
    server = undefined;
  });
  return () => {
    if (!server) throw new Error(`${what} is not running; call its use…() helper at the top of a describe block and use it inside tests`);
    return server;
  };
}
