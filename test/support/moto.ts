import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { paths } from './paths';
import { terminate, track, useServer } from './server';

export interface Moto {
  /** `http://127.0.0.1:PORT`, for SDK clients and connections' endpointUrl. */
  endpoint: string;
  port: number;
  /** Wipes every resource in every service. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface MotoOptions {
  /** Extra environment for the server, e.g. MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

async function waitReady(endpoint: string, deadline: number): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
      lastError = new Error(`HTTP ${res.status}`);
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto at ${endpoint} did not become ready: ${String(lastError)}`);
}

/** Starts a private moto server on a port the OS picks and resolves once it answers. */
export async function startMoto(opts: MotoOptions = {}): Promise<Moto> {
  if (!existsSync(paths.python)) throw new Error(`${paths.python} is missing; run \`node scripts/setup.mjs\` first.`);
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  const child = spawn(paths.python, [paths.motoLauncher, '127.0.0.1'], {
    // stdin stays open as a lifeline: the launcher exits when it closes.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', ...opts.env },
  });
  const proc = track(child);
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`moto did not report a port in time. stderr:\n${stderr.join('')}`)), deadline - Date.now());
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line).port);
      } catch {
        reject(new Error(`unexpected output from the moto launcher: ${line}`));
      }
    });
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited with ${code} before it started. stderr:\n${stderr.join('')}`));
    });
  });
  child.stdout!.resume();

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitReady(endpoint, deadline);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  return {
    endpoint,
    port,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    },
    stop: () => terminate(proc, () => child.stdin!.end()),
  };
}

/**
 * Mocha helper: one moto per suite, started in `before` and stopped in `after`.
 * `const moto = useMoto();` then `moto().endpoint` inside tests.
 */
export function useMoto(opts: MotoOptions & { resetEach?: boolean } = {}): () => Moto {
  return useServer('moto', () => startMoto(opts), opts);
}
