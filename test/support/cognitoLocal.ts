/**
 * cognito-local (npm, pure Node) as the second emulator beside moto: one private server per suite on a free
 * 127.0.0.1 port, its data in a temp folder, plus a seed of a pool, clients with and without a secret, and users.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { terminate, track, useServer, type Tracked } from './server';
import { createClient, createGroup, createPool, createUser, type SeededClient, type SeededUser } from './seed';

export interface CognitoLocal {
  /** `http://127.0.0.1:PORT`, for SDK clients and connections' endpointUrl. */
  endpoint: string;
  port: number;
  /** The working folder; the server keeps its data in `.cognito/` there. */
  dataDir: string;
  /** The `iss` this server puts in tokens of the pool (`<IssuerDomain>/<poolId>`). */
  issuerOf(poolId: string): string;
  /** Wipes every pool, client and user (restarts the server on the same port with an empty data folder). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface CognitoLocalOptions {
  /** Overrides the issuer's origin (cognito-local's `TokenConfig.IssuerDomain`); default `http://127.0.0.1:PORT`. */
  issuerDomain?: string;
  startTimeoutMs?: number;
}

const START_SCRIPT = join(repoRoot, 'node_modules', 'cognito-local', 'lib', 'bin', 'start.js');
// cognito-local bakes its port into the issuer at start, so port 0 cannot be used; ask the OS for one and hand it over.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function writeConfig(dataDir: string, issuerDomain: string | undefined): void {
  const dir = join(dataDir, '.cognito');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(issuerDomain ? { TokenConfig: { IssuerDomain: issuerDomain } } : {}));
}

async function launch(port: number, dataDir: string, deadline: number): Promise<Tracked> {
  const child = spawn(process.execPath, [START_SCRIPT], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const proc = track(child);
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cognito-local did not start in time. Output:\n${output.join('')}`)), Math.max(0, deadline - Date.now()));
    const onData = (chunk: string) => {
      output.push(chunk);
      if (output.length > 50) output.shift();
      if (output.join('').includes('Cognito Local running on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', onData);
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited with ${code} before it started. Output:\n${output.join('')}`));
    });
  });
  return proc;
}

/** Starts a private cognito-local on a free loopback port with an empty data folder; resolves once it serves. */
export async function startCognitoLocal(opts: CognitoLocalOptions = {}): Promise<CognitoLocal> {
  if (!existsSync(START_SCRIPT)) throw new Error(`${START_SCRIPT} is missing; run \`npm ci\` (cognito-local is a dev dependency).`);
  const timeout = opts.startTimeoutMs ?? 30_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  let port = 0;
  let proc: Tracked | undefined;
  // Another process may grab the port between freePort() and the server's listen; try a fresh one then.
  for (let attempt = 0; !proc; attempt++) {
    port = await freePort();
    writeConfig(dataDir, opts.issuerDomain);
    try {
      proc = await launch(port, dataDir, Date.now() + timeout);
    } catch (err) {
      if (attempt >= 2 || !/EADDRINUSE/.test(String(err))) {
        rmSync(dataDir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const issuerDomain = (opts.issuerDomain ?? endpoint).replace(/\/+$/, '');
  let current: Tracked = proc;
  return {
    endpoint,
    port,
    dataDir,
    issuerOf: (poolId) => `${issuerDomain}/${poolId}`,
    async reset() {
      await terminate(current);
      rmSync(join(dataDir, '.cognito'), { recursive: true, force: true });
      writeConfig(dataDir, opts.issuerDomain);
      current = await launch(port, dataDir, Date.now() + timeout);
    },
    async stop() {
      await terminate(current);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Mocha helper: one cognito-local per suite, started in `before` and stopped in `after`.
 * `const local = useCognitoLocal();` then `local().endpoint` inside tests.
 */
export function useCognitoLocal(opts: CognitoLocalOptions & { resetEach?: boolean } = {}): () => CognitoLocal {
  return useServer('cognito-local', () => startCognitoLocal(opts), opts);
}

/** Access-token lifetime of the seeded public client: cognito-local sends no ExpiresIn, so this shows in `exp - iat`. */
export const LOCAL_ACCESS_MINUTES = 5;

export interface SeededLocal {
  endpoint: string;
  /** `local_xxxxxxxx`; pools created without options take the email as the username, as cognito-local's default. */
  pool: {
    id: string;
    name: string;
    issuer: string;
    /** No secret; access tokens live LOCAL_ACCESS_MINUTES. */
    publicClient: SeededClient;
    secretClient: SeededClient & { secret: string };
    groups: string[];
    /** Group readers. */
    alice: SeededUser;
    bob: SeededUser;
  };
}

/** Seeds one pool with a public and a secret client, a group and two users with permanent passwords. */
export async function seedCognitoLocal(local: Pick<CognitoLocal, 'endpoint' | 'issuerOf'>): Promise<SeededLocal> {
  const { endpoint } = local;
  const name = 'local-emails';
  const id = await createPool(endpoint, { name });
  const publicClient = await createClient(endpoint, id, {
    name: 'web-public',
    extra: { AccessTokenValidity: LOCAL_ACCESS_MINUTES, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'days' } },
  });
  const secretClient = (await createClient(endpoint, id, { name: 'server-secret', secret: true })) as SeededClient & { secret: string };
  const groups = [await createGroup(endpoint, id, 'readers', 'Read-only users')];
  const alice = await createUser(endpoint, id, { username: 'alice@example.com', email: 'alice@example.com', password: 'Alice-Passw0rd!', groups });
  const bob = await createUser(endpoint, id, { username: 'bob@example.com', email: 'bob@example.com', password: 'Bob-Passw0rd!' });
  return { endpoint, pool: { id, name, issuer: local.issuerOf(id), publicClient, secretClient, groups, alice, bob } };
}
