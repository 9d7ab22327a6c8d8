import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';
import { buildCli, CLI, runCliBinary } from '../support/cliBinary';
import { helpForms } from '../support/helpForms';

async function inProcess(argv: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => new Writable({ write: (c, _e, cb) => ((out[key] += String(c)), cb()) });
  const code = await runCli(argv, { stdin: Readable.from([Buffer.from(input)]), stdout: sink('stdout'), stderr: sink('stderr'), env: {}, isTTY: false });
  return { code, ...out };
}

const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const TOKEN = `${part({ alg: 'RS256', kid: 'k' })}.${part({ sub: 'u', token_use: 'id', exp: 4102444800, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc' })}.c2ln`;

describe('dist/cli.js: help from its own file, decode through dist/cli-run.js', function () {
  this.timeout(120_000);
  before(buildCli);

  it('prints every help form and the version byte for byte as runCli does, with the same exit status', async () => {
    for (const argv of helpForms()) {
      assert.deepEqual(runCliBinary(argv), await inProcess(argv), argv.join(' '));
    }
  });

  it('decodes a token from a pipe, a JSON sign-in output and an argument as runCli does', async () => {
    const cases: [string[], string][] = [
      [['decode'], `${TOKEN}\n`],
      [['decode', '--output', 'text'], JSON.stringify({ IdToken: TOKEN })],
      [['decode', TOKEN], ''],
      [['decode'], 'not-a-token\n'],
      [['decode'], ''],
      [['decode', '--bogus'], ''],
    ];
    for (const [argv, input] of cases) {
      const binary = runCliBinary(argv, { input });
      assert.deepEqual(binary, await inProcess(argv, input), `${argv.join(' ')} <<< ${input}`);
    }
  });

  it('reads a large stdin to its end and prints a large answer whole', () => {
    const padded = `${TOKEN}\n${'x'.repeat(300_000)}\n`;
    const r = runCliBinary(['decode'], { input: padded });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).payload.sub, 'u');
  });

  it('reads dist/cli.js alone for help, and dist/cli-run.js besides for decode, touching no stdio stream', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognito-cli-files-'));
    try {
      // Preloaded: records each file node reads to compile, and whether process.stdout/stdin/stderr were made.
      const probe = join(dir, 'probe.cjs');
      writeFileSync(
        probe,
        `const Module = require('node:module'); const read = []; const js = Module._extensions['.js'];
        Module._extensions['.js'] = function (m, file) { read.push(file); return js.call(this, m, file); };
        process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify({ read, streams: process.moduleLoadList.includes('NativeModule stream') }) + '\\n'));`,
      );
      const files = (args: string[], input: string) => {
        const r = spawnSync(process.execPath, ['-r', probe, CLI, ...args], { input, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(r.stderr.trim().split('\n').pop()!) as { read: string[]; streams: boolean };
      };
      assert.deepEqual(files(['--help'], ''), { read: [CLI], streams: false });
      assert.deepEqual(files(['users', 'list', '--help'], ''), { read: [CLI], streams: false });
      assert.deepEqual(files(['decode'], `${TOKEN}\n`), { read: [CLI, join(CLI, '..', 'cli-run.js')], streams: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
