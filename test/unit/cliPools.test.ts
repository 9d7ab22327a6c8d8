import assert from 'node:assert/strict';
import { jsonText, textLines } from '../../src/cli/common';
import { COMMAND_HELP } from '../../src/cli/help';
import { FAMILIES } from '../../src/cli/families';
import { oneErrorLine, runInProcess } from '../support/cliRun';

describe('CLI admin commands: usage', () => {
  const pool = ['--user-pool-id', 'us-east-1_abc', '--endpoint-url', 'http://127.0.0.1:9'];

  it('every subcommand has its help, and every family lists them', async () => {
    for (const [family, load] of Object.entries(FAMILIES)) {
      assert.ok(COMMAND_HELP[family], family);
      for (const sub of Object.keys(await load())) {
        assert.ok(COMMAND_HELP[`${family} ${sub}`], `${family} ${sub}`);
        assert.ok(COMMAND_HELP[family].includes(sub), `${family} help lists ${sub}`);
      }
    }
  });

  it('refuses bad options with one sentence and exit 2, before any call', async () => {
    const cases: [string[], RegExp][] = [
      [['users', 'list', ...pool, '--limit', '0'], /--limit must be a whole number from 1 to 60; got "0"\./],
      [['users', 'list', ...pool, '--all', '--limit', '5'], /--all lists every user; leave out --limit and --pagination-token\./],
      [['users', 'list', ...pool, '--sequential'], /--sequential and --concurrency go with --all\./],
      [['users', 'list', ...pool, '--concurrency', '99'], /--concurrency must be a whole number from 1 to 16/],
      [['users', 'list', ...pool, '--filter', 'custom:tier = "gold"'], /Cognito cannot filter users by custom attributes such as custom:tier/],
      [['pools', 'list', ...pool, '--output', 'csv'], /--output for pools list must be json, text; got "csv"\./],
      [['users', 'create', ...pool, '--username', 'x', '--delivery', 'pigeon'], /--delivery takes EMAIL, SMS or EMAIL,SMS; got "pigeon"\./],
      [['users', 'verify-attribute', ...pool, '--username', 'x', '--attribute-name', 'name'], /--attribute-name must be email or phone_number/],
      [['users', 'find', ...pool], /users find needs what to look for/],
      [['users', 'get', ...pool], /users get needs --username\./],
      [['users', 'list', '--user-pool-id', 'not-a-pool'], /"not-a-pool" is not a user pool id/],
      [['pools', 'list'], /pools list needs --region \(or AWS_REGION, or a region in the profile\)\./],
    ];
    for (const [argv, sentence] of cases) {
      const r = await runInProcess(argv, { env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' } });
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      oneErrorLine(r, sentence);
    }
  });

  it('text output prints dates as ISO strings (users get, pools describe)', () => {
    assert.deepEqual(textLines({ created: new Date('2026-01-02T03:04:05Z'), attributes: { email: 'a@b' } }), ['created\t2026-01-02T03:04:05.000Z', 'attributes.email\ta@b']);
  });

  it('JSON output escapes what could steer a terminal, and still parses to the same strings', () => {
    const hostile = { name: 'evil\u202e\u009b31m\u2028\u001b[2J', ok: 'plain é' };
    const text = jsonText(hostile, 2);
    assert.ok(!/[\u007f-\u009f\u2028\u202e\u001b]/.test(text), text);
    assert.deepEqual(JSON.parse(text), hostile);
  });
});
