/**
 * The running half of `npm run demo` (scripts/demo.mjs builds and packs first): moto seeded with a demo pool,
 * code-server with the .vsix installed and a connection to the emulator already configured. Ctrl-C stops both.
 */
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from './codeServer';
import { startMoto, type Moto } from './moto';
import { paths } from './paths';
import { createBucket, createClient, createGroup, createIdentityPool, createPool, createUser } from './seed';

export const DEMO_PASSWORD = 'Demo-Passw0rd!';
const DEMO_USERS = [
  { username: 'alice', email: 'alice@example.com', groups: ['admins'], attributes: { name: 'Alice Example' } },
  { username: 'bob', email: 'bob@example.com', groups: ['readers'], attributes: { name: 'Bob Example' } },
  { username: 'carol', email: 'carol@example.com', groups: [], attributes: { name: 'Carol Example' } },
];
const DEMO_OBJECTS: Record<string, string> = {
  'reports/2026/q1.csv': 'quarter,revenue\nq1,100\n',
  'reports/2026/q2.csv': 'quarter,revenue\nq2,120\n',
  'images/logo.txt': 'pretend this is a logo\n',
  'readme.txt': 'Objects seeded by npm run demo.\n',
};

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function choosePort(): Promise<number> {
  if (process.env.DEMO_PORT) return Number(process.env.DEMO_PORT);
  return (await portIsFree(8080)) ? 8080 : 0;
}

async function seedDemo(endpoint: string) {
  const poolId = await createPool(endpoint, { name: 'demo' });
  const client = await createClient(endpoint, poolId, { name: 'demo-web' });
  await createGroup(endpoint, poolId, 'admins', 'Administrators');
  await createGroup(endpoint, poolId, 'readers', 'Read-only users');
  for (const user of DEMO_USERS) await createUser(endpoint, poolId, { ...user, password: DEMO_PASSWORD });
  const identityPoolId = await createIdentityPool(endpoint, { name: 'demo_identities', providers: [{ poolId, clientId: client.id }] });
  await createBucket(endpoint, 'demo-bucket', DEMO_OBJECTS);
  await createBucket(endpoint, 'demo-logs', { '2026/11/01.log': 'GET /index.html 200\n' });
  return { poolId, clientId: client.id, identityPoolId };
}

async function main(): Promise<void> {
  const vsix = process.env.COGNITO_EXPLORER_VSIX ?? join(paths.tmp, 'cognito-explorer.vsix');
  let moto: Moto | undefined;
  let server: CodeServer | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\ndemo: stopping code-server and moto');
    await server?.stop().catch(() => undefined);
    await moto?.stop().catch(() => undefined);
    // The demo's state (tokens in SecretStorage included) is worth nothing after the emulator is gone.
    if (server) rmSync(server.dirs.root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    moto = await startMoto();
    console.log(`demo: moto listening on ${moto.endpoint}`);
    const ids = await seedDemo(moto.endpoint);
    const connection = {
      id: 'demo',
      name: 'Demo (local emulator)',
      region: 'us-east-1',
      userPoolId: ids.poolId,
      clientId: ids.clientId,
      identityPoolId: ids.identityPoolId,
      endpointUrl: moto.endpoint,
    };
    const root = join(paths.tmp, 'demo');
    rmSync(root, { recursive: true, force: true });
    server = await startCodeServer({
      vsix: [vsix],
      port: await choosePort(),
      root,
      settings: { 'cognitoExplorer.connections': [connection] },
      env: { AWS_ENDPOINT_URL: moto.endpoint },
    });
    console.log(
      [
        '',
        'Cognito Explorer demo is running.',
        '',
        `  Open:           ${server.url}`,
        `  Connection:     ${connection.name} (${connection.userPoolId}, client ${connection.clientId})`,
        `  Identity pool:  ${connection.identityPoolId}`,
        `  Buckets:        demo-bucket, demo-logs`,
        `  Users:          ${DEMO_USERS.map((u) => u.username).join(', ')}`,
        `  Demo password:  ${DEMO_PASSWORD}   (the same for every demo user; emulator only)`,
        '',
        'Open the Cognito view in the activity bar, then "Sign In" on the demo connection.',
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
  } catch (err) {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

void main();
