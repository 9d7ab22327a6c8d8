/** How a credential_process line starts the bundled CLI: a program and its arguments, never a shell. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UserFacingError } from '../../core/errors';

export interface Runtime {
  execPath: string;
  /** Set when running inside Electron (desktop VS Code); code-server's extension host is plain Node. */
  electron?: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

function onPath(program: string, rt: Runtime): string | undefined {
  const names = rt.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`] : [program];
  for (const dir of (rt.env.PATH ?? rt.env.Path ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  return undefined;
}

/**
 * argv for `cli.js ...`: this host's own Node when it is Node; else `node` from PATH; else (desktop VS Code without
 * Node) VS Code's Electron run as Node through `env`, which sets one variable and executes it, no shell involved.
 */
export function cliArgv(cliPath: string, args: readonly string[], rt: Runtime): string[] {
  if (!rt.electron) return [rt.execPath, cliPath, ...args];
  const node = onPath('node', rt);
  if (node) return [node, cliPath, ...args];
  if (rt.platform !== 'win32') return ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', rt.execPath, cliPath, ...args];
  throw new UserFacingError('credential_process needs Node.js on this machine: install it (so "node" is on PATH), then run this command again.', 'NoNode');
}

export function currentRuntime(): Runtime {
  return { execPath: process.execPath, electron: process.versions.electron, platform: process.platform, env: process.env };
}
