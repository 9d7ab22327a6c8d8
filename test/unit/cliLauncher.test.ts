import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliArgv } from '../../src/extension/exports/cliLauncher';

describe('cliArgv (how credential_process starts the CLI)', () => {
  const args = ['credential-process', '--connection', 'dev'];
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'launcher-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("uses the host's own Node when the extension host is Node (code-server)", () => {
    assert.deepEqual(cliArgv('/ext/dist/cli.js', args, { execPath: '/usr/bin/node', platform: 'linux', env: {} }), ['/usr/bin/node', '/ext/dist/cli.js', ...args]);
  });

  it('inside Electron prefers node from PATH, else runs Electron as Node through env (no shell)', () => {
    const node = join(dir, 'node');
    writeFileSync(node, '');
    chmodSync(node, 0o755);
    const electron = { execPath: '/usr/share/code/code', electron: '34.0.0', platform: 'linux' as const };
    assert.deepEqual(cliArgv('/ext/cli.js', args, { ...electron, env: { PATH: `/nowhere:${dir}` } }), [node, '/ext/cli.js', ...args]);
    assert.deepEqual(cliArgv('/ext/cli.js', args, { ...electron, env: { PATH: '/nowhere' } }), ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', '/usr/share/code/code', '/ext/cli.js', ...args]);
    assert.throws(() => cliArgv('C:\\ext\\cli.js', args, { ...electron, platform: 'win32', env: { PATH: '' } }), /needs Node\.js on this machine/);
  });
});
