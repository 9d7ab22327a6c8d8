/** Reading the CLI's inputs: all of stdin, its first line, or a password typed without echo. */
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  /** True when stdin is a terminal (a person, not a pipe). */
  isTTY: boolean;
  /**
   * stdin read without `stdin`'s stream, where that is possible (the CLI's own process, stdin a pipe or a file): all
   * of it, or what came before the read would have had to wait (`ended` false; the stream reads the rest).
   */
  readStdinDirect?: () => { bytes: Buffer; ended: boolean } | undefined;
}

async function readStream(stdin: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Everything on stdin until it ends, as UTF-8. */
export async function readAll(stdin: Readable): Promise<string> {
  return (await readStream(stdin)).toString('utf8');
}

async function readAllOf(io: Pick<CliIo, 'stdin' | 'readStdinDirect'>): Promise<string> {
  const direct = io.readStdinDirect?.();
  if (direct?.ended) return direct.bytes.toString('utf8');
  const rest = await readStream(io.stdin);
  return (direct ? Buffer.concat([direct.bytes, rest]) : rest).toString('utf8');
}

/** The first line of stdin without its line ending (the rest is read and dropped so the writer never blocks). */
export async function readFirstLine(stdin: Readable): Promise<string> {
  const text = await readAll(stdin);
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/**
 * stdin read once and handed out line by line, so one invocation can take several secrets in a documented
 * order (password, then new password...). Empty lines count as missing.
 */
export class StdinLines {
  private text?: Promise<string>;
  private next = 0;
  constructor(private readonly io: Pick<CliIo, 'stdin' | 'readStdinDirect'>) {}

  /** Everything on stdin (read on first use). */
  all(): Promise<string> {
    this.text ??= readAllOf(this.io);
    return this.text;
  }

  /** The next line, or undefined when stdin has no more non-empty lines at that position. */
  async take(): Promise<string | undefined> {
    const lines = (await this.all()).split(/\r?\n/);
    const line = lines[this.next++];
    return line ? line : undefined;
  }
}

export class PromptCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'PromptCancelled';
  }
}

interface RawCapable {
  setRawMode?: (mode: boolean) => unknown;
}

/**
 * Asks on stderr and reads one line from a terminal with echo off (on with `echo`, for choices and
 * non-secret values); Ctrl-C or Ctrl-D on an empty line cancels.
 */
export function promptHidden(io: Pick<CliIo, 'stdin' | 'stderr'>, question: string, opts: { echo?: boolean } = {}): Promise<string> {
  const input = io.stdin;
  const raw = input as unknown as RawCapable;
  io.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const wasRaw = typeof raw.setRawMode === 'function';
    if (wasRaw) raw.setRawMode!(true);
    const done = (err?: Error) => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (wasRaw) raw.setRawMode!(false);
      input.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onEnd = () => done(value ? undefined : new PromptCancelled());
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new PromptCancelled());
        if (ch === '\u0004') {
          if (!value) return done(new PromptCancelled());
          return done();
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') {
          value += ch;
          if (opts.echo) io.stderr.write(ch);
        }
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
