import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ACCOUNT_COMMANDS } from '../../src/cli/accountCommands';
import { COMMAND_HELP } from '../../src/cli/help';

const root = join(__dirname, '..', '..');

/** Runs the CLI's source in a fresh node (tsx) and reports which AWS SDK / jose modules it had loaded at the end. */
function loadedAfter(argv: string[], stdin: string, thenRequire?: string): { code: number; sdk: boolean; jose: boolean; stderr: string } {
  const script = `
    const { Readable, Writable } = require('node:stream');
    const { runCli } = require(${JSON.stringify(join(root, 'src', 'cli', 'run.ts'))});
    const sink = new Writable({ write(_c, _e, cb) { cb(); } });
    runCli(${JSON.stringify(argv)}, { stdin: Readable.from([Buffer.from(${JSON.stringify(stdin)})]), stdout: sink, stderr: process.stderr, env: {}, isTTY: false }).then((code) => {
      ${thenRequire ? `require(${JSON.stringify(thenRequire)});` : ''}
      const files = Object.keys(require.cache);
      process.stdout.write(JSON.stringify({ code, sdk: files.some((f) => f.includes('@aws-sdk')), jose: files.some((f) => /node_modules[\\\\/]jose[\\\\/]/.test(f)) }));
    });`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, res.stderr);
  return { ...JSON.parse(res.stdout), stderr: res.stderr };
}

const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const TOKEN = `${part({ alg: 'RS256', kid: 'k' })}.${part({ sub: 'u', token_use: 'id', exp: 4102444800 })}.c2ln`;

describe('CLI loads each command on demand', function () {
  this.timeout(120_000);

  it('dispatches every command that has help, and has help for every command it dispatches', async () => {
    const { runCli } = await import('../../src/cli/run');
    const { Readable, Writable } = await import('node:stream');
    for (const command of Object.keys(COMMAND_HELP)) {
      let out = '';
      const stdout = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
      const code = await runCli([...command.split(' '), '--help'], { stdin: Readable.from([]), stdout, stderr: stdout, env: {}, isTTY: false });
      assert.equal(code, 0, `${command} --help: ${out}`);
      assert.equal(out, COMMAND_HELP[command]);
    }
    for (const command of Object.keys(ACCOUNT_COMMANDS)) assert.ok(COMMAND_HELP[command], `${command} has help`);
  });

  it('answers --help and decode (without --verify) without loading the AWS SDK or jose', () => {
    const help = loadedAfter(['--help'], '');
    assert.deepEqual([help.code, help.sdk, help.jose], [0, false, false]);
    const decode = loadedAfter(['decode'], `${TOKEN}\n`);
    assert.deepEqual([decode.code, decode.sdk, decode.jose], [0, false, false], decode.stderr);
  });

  it('would notice a loaded SDK (the probe itself works)', () => {
    const probe = loadedAfter(['--help'], '', '@aws-sdk/client-cognito-identity-provider');
    assert.deepEqual([probe.code, probe.sdk], [0, true]);
  });
});
