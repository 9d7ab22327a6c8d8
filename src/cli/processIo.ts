/**
 * The CLI process's own stdin, stdout and stderr as a CliIo that creates Node's stream objects only when something
 * needs one: setting up process.stdout or process.stdin loads about 25 of Node's internal modules, more than printing
 * help or decoding a token costs. On POSIX a write to stdout or stderr is synchronous whatever they are (file, pipe,
 * terminal), so write(2) straight to the file descriptor prints the same bytes in the same order. Windows keeps the
 * streams (its console wants UTF-16).
 */
import type { Readable, Writable } from 'node:stream';
import type { CliIo } from './io';

const DIRECT = process.platform !== 'win32';

/** How many bytes of `bytes` write(2) took before it refused (a full non-blocking pipe, a closed reader) or finished. */
function writeDirect(fd: 1 | 2, bytes: Buffer): number {
  const fs = process.getBuiltinModule('node:fs');
  let done = 0;
  try {
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done);
  } catch {
    // The stream takes the rest, and reports a failure as it always did.
  }
  return done;
}

/** Writes all of `text` to stdout (1) or stderr (2), through the stream only for what write(2) did not take. */
export function writeFd(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text);
  const done = DIRECT ? writeDirect(fd, bytes) : 0;
  if (done < bytes.length) (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(done));
}

/**
 * process.stdout or process.stderr, made on first use other than writing a string: strings written before then go to
 * the file descriptor directly, so that nothing can be queued in a stream ahead of them.
 */
function output(fd: 1 | 2): Writable {
  let stream: Writable | undefined;
  const real = () => (stream ??= fd === 1 ? process.stdout : process.stderr);
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (!stream && DIRECT && typeof chunk === 'string' && rest.length === 0) {
      const bytes = Buffer.from(chunk);
      const done = writeDirect(fd, bytes);
      if (done === bytes.length) return true;
      return real().write(bytes.subarray(done));
    }
    return (real().write as (...args: unknown[]) => boolean)(chunk, ...rest);
  };
  return new Proxy({} as Writable, {
    get(_, key) {
      if (key === 'write') return write;
      const value: unknown = Reflect.get(real(), key);
      return typeof value === 'function' ? value.bind(real()) : value;
    },
  });
}

/** True when fd 0 is surely not a terminal (a pipe, a socket, a file), which needs no stream to tell. */
function stdinIsNoTerminal(): boolean {
  if (!DIRECT) return false;
  try {
    return !process.getBuiltinModule('node:fs').fstatSync(0).isCharacterDevice();
  } catch {
    return false;
  }
}

/** stdin read with read(2) up to its end, or to where read(2) refused (a non-blocking pipe with nothing in it yet). */
function readDirect(): { bytes: Buffer; ended: boolean } {
  const fs = process.getBuiltinModule('node:fs');
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch {
      return { bytes: Buffer.concat(chunks), ended: false };
    }
    if (n === 0) return { bytes: Buffer.concat(chunks), ended: true };
    chunks.push(chunk.subarray(0, n));
  }
}

/** This process's stdio and environment for runCli. */
export function processIo(): CliIo {
  let noTerminal: boolean | undefined;
  const direct = () => (noTerminal ??= stdinIsNoTerminal());
  return {
    get stdin(): Readable {
      return process.stdin;
    },
    stdout: output(1),
    stderr: output(2),
    env: process.env,
    get isTTY() {
      return !direct() && Boolean(process.stdin.isTTY);
    },
    readStdinDirect: () => (direct() ? readDirect() : undefined),
  };
}
