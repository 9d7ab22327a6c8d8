import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { HELP_TABLE } from '../../src/cli/help';
import { quickAnswer } from '../../src/cli/quick';
import { runCli } from '../../src/cli/run';
import { helpForms } from '../support/helpForms';

async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => new Writable({ write: (c, _e, cb) => ((out[key] += String(c)), cb()) });
  const code = await runCli(argv, { stdin: Readable.from([]), stdout: sink('stdout'), stderr: sink('stderr'), env: {}, isTTY: false });
  return { code, ...out };
}

describe('CLI quick answers (what dist/cli.js prints before loading any command)', function () {
  this.timeout(60_000);

  it('answer every help form and --version exactly as runCli does, on the same stream with the same status', async () => {
    let answered = 0;
    for (const argv of helpForms()) {
      const quick = quickAnswer(argv, HELP_TABLE);
      if (!quick) continue;
      answered++;
      const full = await inProcess(argv);
      assert.deepEqual({ code: quick.code, stdout: quick.fd === 1 ? quick.text : '', stderr: quick.fd === 2 ? quick.text : '' }, full, argv.join(' '));
    }
    assert.ok(answered >= Object.keys(HELP_TABLE.commands).length * 3, `answered ${answered} forms`);
  });

  it('leave everything else to the command parser', () => {
    for (const argv of [['decode'], ['decode', '--help', 'extra'], ['decode', '--output', 'text', '--help'], ['users list', '--help'], ['nosuch', '--help'], ['decode', '--', '--help'], ['users', 'list']]) {
      assert.equal(quickAnswer(argv, HELP_TABLE), undefined, argv.join(' '));
    }
  });

  it('the help of a command asked as "help constructor" is the overview, not a crash', async () => {
    assert.equal((await inProcess(['help', 'constructor'])).stdout, HELP_TABLE.global);
  });
});
