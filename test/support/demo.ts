/**
 * The running half of `npm run demo` (scripts/demo.mjs builds and packs first): moto seeded with a demo pool behind an
 * SRP-verifying front (so a wrong password fails), code-server with the .vsix installed and a connection to the
 * front already configured. Ctrl-C stops all three.
 */
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from './codeServer';
import { startMoto, type Moto } from './moto';
import { paths } from './paths';
import { startSrpFront, type SrpFront } from './srpFront';
import { createBucket, createClient, createGroup, createIdentityPool, createMfaPool, createPool, createUser } from './seed';

export const DEMO_PASSWORD = 'Demo-Passw0rd!';
/** dave and mallory start with this temporary password: their first sign-in asks for a new one. */
export const DEMO_TEMPORARY_PASSWORD = 'Temp-Passw0rd!';
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

/** The demo's data: a pool with users, an identity pool, buckets, and a pool that requires MFA. */
export async function seedDemo(endpoint: string) {
  const poolId = await createPool(endpoint, { name: 'demo' });
  const client = await createClient(endpoint, poolId, { name: 'demo-web' });
  await createGroup(endpoint, poolId, 'admins', 'Administrators');
  await createGroup(endpoint, poolId, 'readers', 'Read-only users');
  for (const user of DEMO_USERS) await createUser(endpoint, poolId, { ...user, password: DEMO_PASSWORD });
  const identityPoolId = await createIdentityPool(endpoint, { name: 'demo_identities', providers: [{ poolId, clientId: client.id }] });
  await createUser(endpoint, poolId, { username: 'dave', email: 'dave@example.com', password: DEMO_TEMPORARY_PASSWORD, temporary: true });
  await createBucket(endpoint, 'demo-bucket', DEMO_OBJECTS);
  await createBucket(endpoint, 'demo-logs', { '2026/11/01.log': 'GET /index.html 200\n' });
  // A pool that requires an authenticator app: the first sign-in sets one up with a QR code.
  const mfaPoolId = await createMfaPool(endpoint, { name: 'demo-mfa' });
  const mfaClient = await createClient(endpoint, mfaPoolId, { name: 'demo-mfa-web' });
  await createUser(endpoint, mfaPoolId, { username: 'mallory', email: 'mallory@example.com', password: DEMO_TEMPORARY_PASSWORD, temporary: true });
  return { poolId, clientId: client.id, identityPoolId, mfaPoolId, mfaClientId: mfaClient.id };
}

export type DemoIds = Awaited<ReturnType<typeof seedDemo>>;

/** The SRP-verifying front for the seeded demo: it knows every seeded password and learns new ones. */
export function startDemoFront(motoEndpoint: string, ids: DemoIds, opts: { port?: number; log?: (line: string) => void } = {}): Promise<SrpFront> {
  return startSrpFront({
    upstream: motoEndpoint,
    ...opts,
    clients: [
      { clientId: ids.clientId, userPoolId: ids.poolId },
      { clientId: ids.mfaClientId, userPoolId: ids.mfaPoolId },
    ],
    users: [
      ...DEMO_USERS.map((u) => ({ userPoolId: ids.poolId, username: u.username, password: DEMO_PASSWORD })),
      { userPoolId: ids.poolId, username: 'dave', password: DEMO_TEMPORARY_PASSWORD },
      { userPoolId: ids.mfaPoolId, username: 'mallory', password: DEMO_TEMPORARY_PASSWORD },
    ],
  });
}

/** The two connections the demo configures in VS Code, both through `endpoint` (the front). */
export function demoConnections(endpoint: string, ids: DemoIds) {
  return [
    { id: 'demo', name: 'Demo (local emulator)', region: 'us-east-1', userPoolId: ids.poolId, clientId: ids.clientId, identityPoolId: ids.identityPoolId, endpointUrl: endpoint },
    { id: 'demo-mfa', name: 'Demo with MFA (local emulator)', region: 'us-east-1', userPoolId: ids.mfaPoolId, clientId: ids.mfaClientId, endpointUrl: endpoint },
  ] as const;
}

/** Ready-to-paste CLI lines for the running demo (its endpoint, pool and client), so a copied example just works. */
export function demoCliLines(endpoint: string, ids: DemoIds, cli = 'node dist/cli.js'): string[] {
  const conn = `--endpoint-url ${endpoint} --user-pool-id ${ids.poolId} --client-id ${ids.clientId}`;
  return [
    `printf '%s\\n' '${DEMO_PASSWORD}' | ${cli} sign-in ${conn} --username alice --password-stdin > tokens.json`,
    `${cli} decode --verify ${conn} < tokens.json`,
    `${cli} credentials --endpoint-url ${endpoint} --identity-pool-id ${ids.identityPoolId} --output env < tokens.json`,
  ];
}

async function main(): Promise<void> {
  const vsix = process.env.COGNITO_EXPLORER_VSIX ?? join(paths.tmp, 'cognito-explorer.vsix');
  let moto: Moto | undefined;
  let front: SrpFront | undefined;
  let server: CodeServer | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\ndemo: stopping code-server, the SRP front and moto');
    await server?.stop().catch(() => undefined);
    await front?.stop().catch(() => undefined);
    await moto?.stop().catch(() => undefined);
    // The demo's state (tokens in SecretStorage included) is worth nothing after the emulator is gone.
    if (server) rmSync(server.dirs.root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    // Real TOTP codes (moto's authenticator secret is fixed), so any authenticator app works with the MFA pool.
    moto = await startMoto({ env: { MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' } });
    console.log(`demo: moto listening on ${moto.endpoint}`);
    const ids = await seedDemo(moto.endpoint);
    front = await startDemoFront(moto.endpoint, ids, { log: (line) => console.log(`demo front: ${line}`) });
    const endpoint = front.endpoint;
    console.log(`demo: SRP-verifying front on ${endpoint} (forwards everything else to moto)`);
    const [connection, mfaConnection] = demoConnections(endpoint, ids);
    const root = join(paths.tmp, 'demo');
    rmSync(root, { recursive: true, force: true });
    server = await startCodeServer({
      vsix: [vsix],
      port: await choosePort(),
      root,
      settings: {
        'cognitoExplorer.connections': [connection, mfaConnection],
        // The User Pools view administers the emulator's pools; moto takes any keys, so placeholder ones below.
        'cognitoExplorer.userPools.regions': ['us-east-1'],
        'cognitoExplorer.userPools.endpointUrl': endpoint,
        'cognitoExplorer.attributeMap': { name: 'Full name', email: 'Email' },
      },
      env: { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'demo-emulator-only', AWS_SECRET_ACCESS_KEY: 'demo-emulator-only' },
    });
    console.log(
      [
        '',
        `Cognito Explorer demo is running${process.env.DEMO_STARTED_AT ? ` (ready ${((Date.now() - Number(process.env.DEMO_STARTED_AT)) / 1000).toFixed(0)} s after npm run demo)` : ''}.`,
        '',
        `  Open:           ${server.url}`,
        `  Connection:     ${connection.name} (${connection.userPoolId}, client ${connection.clientId})`,
        `  Identity pool:  ${connection.identityPoolId}`,
        `  Buckets:        demo-bucket, demo-logs`,
        `  Users:          ${DEMO_USERS.map((u) => u.username).join(', ')} with password ${DEMO_PASSWORD}   (emulator only)`,
        `                  dave with temporary password ${DEMO_TEMPORARY_PASSWORD} (asks for a new password)`,
        `  MFA connection: ${mfaConnection.name}: mallory with temporary password ${DEMO_TEMPORARY_PASSWORD}`,
        '                  (new password, then authenticator setup with a QR code; the emulator\'s secret is always ASDFASDFASDF)',
        '',
        'What the demo emulates: user pools, identity pools and S3 run in moto, a local AWS emulator. Passwords are',
        'really checked (an SRP-verifying front sits before moto), so a wrong password fails. Emails and SMS are not',
        "sent, and moto's AWS credentials are fixed and live about 90 seconds: the extension renews them for the same",
        'identity id. Nothing here reaches AWS.',
        '',
        'Open the Cognito view in the activity bar, then "Sign In" (or "Open Sign-In Panel") on a demo connection.',
        'The User Pools view administers the same pools (placeholder keys: the emulator takes any).',
        '',
        'The command line against the same demo (from this folder):',
        ...demoCliLines(endpoint, ids).map((line) => `  ${line}`),
        '',
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
  } catch (err) {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

if (require.main === module) void main();
