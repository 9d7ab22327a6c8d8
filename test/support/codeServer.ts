/** Starts the pinned code-server (a real VS Code 1.103 on Node 22) isolated in a temp dir; installs .vsix files into it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { paths, repoRoot } from './paths';

export interface CodeServerDirs {
  root: string;
  userData: string;
  extensions: string;
  workspace: string;
  xdg: string;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  dirs: CodeServerDirs;
  /** The workbench URL opening the workspace folder, plus any extra query parameters. */
  workbenchUrl(query?: Record<string, string>): string;
  /** Everything code-server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** .vsix files installed with `--install-extension` before the server starts. */
  vsix?: string[];
  /** Merged over the quiet defaults into User/settings.json. */
  settings?: Record<string, unknown>;
  /** Extra environment; the extension host inherits it. */
  env?: Record<string, string>;
  /** Port to bind; 0 (default) lets the OS pick. */
  port?: number;
  /** Directory for all state; a new temp dir by default. */
  root?: string;
  /** Keep the state dir after stop (the secret scan reads it). */
  keepDirs?: boolean;
  startTimeoutMs?: number;
}

/** Settings that keep the workbench from opening welcome pages, tips, chat or update checks over the UI under test. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
  'terminal.integrated.enablePersistentSessions': false,
};

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function isolatedEnv(dirs: CodeServerDirs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
    XDG_DATA_HOME: join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

function makeDirs(root?: string): CodeServerDirs {
  mkdirSync(paths.tmp, { recursive: true });
  const base = root ?? mkdtempSync(join(paths.tmp, 'code-server-'));
  const dirs = {
    root: base,
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    workspace: join(base, 'workspace'),
    xdg: join(base, 'xdg'),
  };
  for (const dir of [dirs.userData, join(dirs.userData, 'User'), dirs.extensions, dirs.workspace, dirs.xdg]) mkdirSync(dir, { recursive: true });
  return dirs;
}

function codeServerCli(dirs: CodeServerDirs, args: string[], env?: Record<string, string>) {
  return spawnSync(process.execPath, [paths.codeServer, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, ...args], {
    encoding: 'utf8',
    env: isolatedEnv(dirs, env),
    timeout: 120_000,
  });
}

/** Installs a .vsix into the server's extensions dir and checks it is listed; retries once because the first install occasionally loses the race with its own index write. */
export function installVsix(dirs: CodeServerDirs, vsix: string, extensionId: string): void {
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist; pack the extension first (npx vsce package --no-dependencies)`);
  let last = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = codeServerCli(dirs, ['--install-extension', vsix, '--force']);
    last = `${res.stdout}\n${res.stderr}`;
    const listed = codeServerCli(dirs, ['--list-extensions']);
    if (listed.stdout.split('\n').some((line) => line.trim().toLowerCase() === extensionId.toLowerCase())) return;
    last += `\n--list-extensions said:\n${listed.stdout}${listed.stderr}`;
  }
  throw new Error(`could not install ${vsix} into code-server:\n${last}`);
}

/** The `publisher.name` id inside a .vsix, read from the repository's package.json (the .vsix is built from it). */
export function extensionIdOfRepo(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${pkg.publisher}.${pkg.name}`;
}

/** Starts code-server and resolves once `/healthz` answers. */
export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  if (!existsSync(paths.codeServer)) throw new Error(`${paths.codeServer} is missing; run \`node scripts/setup.mjs\` first.`);
  const dirs = makeDirs(opts.root);
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));
  for (const vsix of opts.vsix ?? []) installVsix(dirs, vsix, extensionIdOfRepo());

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  const child = spawn(
    process.execPath,
    [
      paths.codeServer,
      '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--config', join(dirs.root, 'config.yaml'),
      dirs.workspace,
    ],
    { env: isolatedEnv(dirs, opts.env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    running.delete(child);
    resolve();
  }));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start in time:\n${output.join('\n')}`)), deadline - Date.now());
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > 2000) output.splice(0, 500);
      const m = /HTTP server listening on https?:\/\/[^:]+:(\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`code-server exited before listening:\n${output.join('\n')}`));
    });
  });

  const url = `http://127.0.0.1:${port}/`;
  while (true) {
    try {
      if ((await fetch(`${url}healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server at ${url} never answered /healthz:\n${output.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    port,
    dirs,
    workbenchUrl(query = {}) {
      const params = new URLSearchParams({ folder: dirs.workspace, ...query });
      return `${url}?${params.toString()}`;
    },
    output: () => output.join('\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (!opts.keepDirs && !opts.root) rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** A fresh temp dir outside the repo, for callers that want one (browser profiles). */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
