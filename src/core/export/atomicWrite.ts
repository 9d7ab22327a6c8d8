/** Writing a file the user asked for so that a crash never leaves half of it: temp file in the same folder, fsync, rename. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode for a new file (default 0600); an existing file keeps its own mode. */
  mode?: number;
  /** Mode for folders created on the way (default 0700). */
  dirMode?: number;
}

/** The file a path finally names, so a symlinked dotfile is written through rather than replaced by a plain file. */
export async function resolveTarget(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw err;
  }
}

/** The current bytes of a file, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Replaces `path` with `data` atomically: a new file gets `mode` (0600), an existing one keeps its mode (and owner
 * when running as root). The temp file lives beside the target, since rename is atomic only within one file system.
 */
export async function writeFileAtomic(path: string, data: Buffer | string, opts: AtomicWriteOptions = {}): Promise<void> {
  const target = await resolveTarget(path);
  const dir = dirname(target);
  await fs.mkdir(dir, { recursive: true, mode: opts.dirMode ?? 0o700 });
  let existing: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = await fs.stat(target);
    existing = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', existing?.mode ?? opts.mode ?? 0o600);
  try {
    try {
      await handle.writeFile(data);
      // open()'s mode is filtered by the umask; chmod sets exactly the mode promised.
      await handle.chmod(existing?.mode ?? opts.mode ?? 0o600);
      if (existing && process.getuid?.() === 0) await handle.chown(existing.uid, existing.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
