/**
 * The extension's weight: loading dist/extension.js and activate() in plain node with `vscode` stubbed, a
 * signed-in session restored from SecretStorage (as after a window reload), against the same node with only the
 * stub; and the sizes of the entry files (each carries the chunks it requires up front), of the whole build and of
 * the .vsix. Rows for `npm run bench`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { cliBuildOptions, loadedUpFront, nodeBuildOptions } from '../esbuild.mjs';
import { median, pairwise, timeProcess, type BenchRow } from './support/bench';

const root = join(__dirname, '..');
const EXTENSION = join(root, 'dist', 'extension.js');
const STUB = join(__dirname, 'support', 'vscodeStub.cjs');
const ACTIVATE = join(__dirname, 'support', 'activate.cjs');

interface Activation {
  requireMs: number;
  activateMs: number;
  signedIn: number;
  statusBar: string | null;
  /** Modules of the bundle in require.cache after activation. */
  loaded: string[];
  /** Files node read and compiled from the start of require() to the end of activation. */
  read: string[];
}

/** Settings with one connection and SecretStorage with its session, valid for another hour. */
function signedInEnv(): NodeJS.ProcessEnv {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Date.now();
  const claims = { sub: 'u1', 'cognito:username': 'alice', token_use: 'id', iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600, aud: 'benchclient', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench1' };
  const jwt = `${part({ alg: 'RS256', kid: 'bench' })}.${part(claims)}.c2ln`;
  const session = { username: 'alice', tokens: { idToken: jwt, accessToken: jwt, refreshToken: 'bench-refresh', expiresIn: 3600, tokenType: 'Bearer', obtainedAt: now } };
  return {
    ...process.env,
    COGNITO_BENCH_SETTINGS: JSON.stringify({ 'cognitoExplorer.connections': [{ id: 'bench', name: 'Bench', region: 'us-east-1', userPoolId: 'us-east-1_Bench1', clientId: 'benchclient' }] }),
    COGNITO_BENCH_SECRETS: JSON.stringify({ 'cognitoExplorer/bench/session': JSON.stringify(session) }),
  };
}

async function loadRows(): Promise<BenchRow[]> {
  const env = signedInEnv();
  const activations: Activation[] = [];
  const ours = async () => {
    const run = await timeProcess(process.execPath, [ACTIVATE, EXTENSION], { env });
    activations.push(JSON.parse(run.stdout) as Activation);
    return run.ms;
  };
  const bare = async () => (await timeProcess(process.execPath, [STUB], { env })).ms;
  const whole = await pairwise(ours, bare, { runs: 21 });
  const last = activations[activations.length - 1];
  const seen = `${last.signedIn} session restored, status bar "${last.statusBar ?? 'hidden'}", ${last.loaded.length} modules from ${last.read.length} files`;
  return [
    { name: 'extension: load + activate, whole process', unit: 'ms', ours: whole.ours, peer: { name: 'node + vscode stub', value: whole.peer }, compare: 'overhead', note: `median of ${whole.runs} alternating pairs` },
    { name: 'extension: require(dist/extension.js)', unit: 'ms', ours: median(activations.map((a) => a.requireMs)), target: { on: 'ours', op: '<=', value: 15 }, note: 'in process, over what node had loaded already' },
    { name: 'extension: activate(), signed-in session', unit: 'ms', ours: median(activations.map((a) => a.activateMs)), target: { on: 'ours', op: '<=', value: 10 }, note: seen },
  ];
}

const kb = (bytes: number) => bytes / 1024;
const size = (file: string) => statSync(join(root, file)).size;

async function sizeRows(): Promise<BenchRow[]> {
  const { metafile } = await esbuild.build(nodeBuildOptions({ production: true }));
  const cliFiles = Object.keys((await esbuild.build(cliBuildOptions({ production: true }))).metafile.outputs).filter((f) => f.endsWith('.js'));
  // esbuild.mjs links the chunks an entry requires up front into the entry file: that file is all it reads at load.
  const carried = (entry: string) => `${loadedUpFront(metafile, entry).size - 1} chunks carried inside`;
  const nodeFiles = [...Object.keys(metafile.outputs).filter((f) => f.endsWith('.js')), ...cliFiles];
  const rows: BenchRow[] = [
    { name: 'bundle: dist/extension.js, with the chunks it requires up front', unit: 'KB', ours: kb(size('dist/extension.js')), target: { on: 'ours', op: '<=', value: 150 }, note: `production build, on disk; ${carried('dist/extension.js')}` },
    { name: 'bundle: dist/cli.js', unit: 'KB', ours: kb(size('dist/cli.js')), note: 'what --help loads: built on its own, it requires no other file' },
    { name: 'bundle: dist/cli-run.js, with the chunks it requires up front and decode\'s', unit: 'KB', ours: kb(size('dist/cli-run.js')), note: `what every command loads first; ${carried('dist/cli-run.js')}, decode's besides` },
    { name: 'bundle: every Node file (entries + lazy chunks)', unit: 'KB', ours: kb(nodeFiles.reduce((sum, f) => sum + size(f), 0)), note: `${nodeFiles.length} files` },
  ];
  const vsix = join(process.env.COGNITO_BENCH_OUT ?? join(root, '.tmp', 'bench'), 'cognito-explorer.vsix');
  if (existsSync(vsix)) rows.push({ name: 'VSIX', unit: 'KB', ours: kb(statSync(vsix).size), note: `${readdirSync(join(root, 'dist', 'chunks')).length} chunk files` });
  return rows;
}

export async function rows(): Promise<BenchRow[]> {
  if (!existsSync(EXTENSION)) throw new Error('dist/extension.js is missing; run `npm run bench` (it builds first)');
  return [...(await loadRows()), ...(await sizeRows())];
}
