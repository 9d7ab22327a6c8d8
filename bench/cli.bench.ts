/**
 * The CLI as a user runs it, whole processes: start-up (`--help`, `decode` without verification) against `node -e 0`,
 * and a USER_SRP_AUTH sign-in against an amazon-cognito-identity-js script and a pycognito script, all three talking
 * to the same SRP-verifying server (test/support/srpServer.ts). Rows for `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSrpServer } from '../test/support/srpServer';
import { pairwise, timeProcess, type BenchRow } from './support/bench';

const root = join(__dirname, '..');
const CLI = join(root, 'dist', 'cli.js');
const PYTHON = join(root, '.venv', 'bin', 'python');
const POOL = 'us-east-1_BenchCli1';
const CLIENT = 'benchcliclient';
const USER = 'bench-user';
const PASSWORD = 'Bench-Passw0rd!';

const node = (args: string[], input?: string) => async () => (await timeProcess(process.execPath, args, { input })).ms;

/** An unsigned token with Cognito's claims: `decode` needs a well-formed JWT, not a valid signature. */
function sampleToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', kid: 'bench' })}.${part({ sub: 'u1', 'cognito:username': USER, token_use: 'id', iat: now, exp: now + 3600, aud: CLIENT, iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}` })}.c2ln\n`;
}

async function startRows(): Promise<BenchRow[]> {
  const bare = node(['-e', '0']);
  const help = await pairwise(node([CLI, '--help']), bare, { runs: 21 });
  const decode = await pairwise(node([CLI, 'decode'], sampleToken()), bare, { runs: 21 });
  const peer = (value: number) => ({ name: 'node -e 0', value });
  return [
    { name: 'CLI start: --help, whole process', unit: 'ms', ours: help.ours, peer: peer(help.peer), compare: 'overhead', target: { on: 'ratio', op: '<=', value: 1.15 }, note: `median of ${help.runs} alternating pairs` },
    { name: 'CLI decode (no verify), whole process', unit: 'ms', ours: decode.ours, peer: peer(decode.peer), compare: 'overhead', target: { on: 'ratio', op: '<=', value: 1.3 }, note: `median of ${decode.runs} alternating pairs` },
  ];
}

async function signInRows(): Promise<BenchRow[]> {
  const server = await startSrpServer({ userPoolId: POOL, clients: [{ clientId: CLIENT }], users: [{ username: USER, password: PASSWORD, userIdForSrp: USER }] });
  try {
    const input = `${PASSWORD}\n`;
    const ours = node([CLI, 'sign-in', '--user-pool-id', POOL, '--client-id', CLIENT, '--username', USER, '--password-stdin', '--endpoint-url', server.endpoint], input);
    const acij = node([join(__dirname, 'support', 'acijSignIn.cjs'), POOL, CLIENT, USER, server.endpoint], input);
    const vsAcij = await pairwise(ours, acij, { runs: 11 });
    const rows: BenchRow[] = [
      { name: 'CLI SRP sign-in, whole process', unit: 'ms', ours: vsAcij.ours, peer: { name: 'amazon-cognito-identity-js script', value: vsAcij.peer }, target: { on: 'ratio', op: '>=', value: 3 }, note: `same verifying server; median of ${vsAcij.runs} pairs` },
    ];
    if (existsSync(PYTHON)) {
      const py = async () => (await timeProcess(PYTHON, [join(__dirname, 'support', 'pycognitoSignIn.py'), POOL, CLIENT, USER, server.endpoint], { input })).ms;
      const vsPy = await pairwise(ours, py, { runs: 7 });
      rows.push({ name: 'CLI SRP sign-in, whole process', unit: 'ms', ours: vsPy.ours, peer: { name: 'pycognito script (.venv)', value: vsPy.peer }, note: `same verifying server; median of ${vsPy.runs} pairs` });
    }
    return rows;
  } finally {
    await server.stop();
  }
}

export async function rows(): Promise<BenchRow[]> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing; run `npm run bench` (it builds first)');
  return [...(await startRows()), ...(await signInRows())];
}
