import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import fc from 'fast-check';
import { UserFacingError } from '../../src/core/errors';
import { editIniProfile, type IniKind } from '../../src/core/export/iniEdit';
import { model, newValues, OUR_KEYS, render, TARGET, type Model } from '../support/iniModel';

const dir = mkdtempSync(join(tmpdir(), 'ini-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function sdkRead(kind: IniKind, text: string): Promise<Record<string, Record<string, string>>> {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  const none = join(dir, 'none');
  const out = await loadSharedConfigFiles(kind === 'credentials' ? { filepath: file, configFilepath: none, ignoreCache: true } : { filepath: none, configFilepath: file, ignoreCache: true });
  rmSync(file);
  return (kind === 'credentials' ? out.credentialsFile : out.configFile) as Record<string, Record<string, string>>;
}

describe('editIniProfile (property tests over generated credentials files)', function () {
  this.timeout(60_000);

  it('keeps every byte outside the target profile, and the AWS SDK reads the new keys back', async () => {
    await fc.assert(
      fc.asyncProperty(model, newValues, async (m, values) => {
        const { text, targetStart, targetEnd } = render(m);
        const before = await sdkRead('credentials', text);
        const out = editIniProfile(Buffer.from(text), { kind: 'credentials', profile: TARGET, values, path: 'credentials' }).bytes.toString('utf8');
        if (targetStart >= 0) {
          assert.equal(out.slice(0, targetStart), text.slice(0, targetStart), 'bytes before the profile');
          const tail = text.slice(targetEnd);
          assert.ok(out.endsWith(tail), 'bytes after the profile');
          // Inside the profile, every line that is not one of our keys is kept, in order.
          const strip = (s: string) => s.split(/(?<=\n)/).filter((l) => !OUR_KEYS.some((k) => l.trimStart().toLowerCase().startsWith(k))).map((l) => l.replace(/\r?\n$/, ''));
          assert.deepEqual(strip(out.slice(targetStart, out.length - tail.length)), strip(text.slice(targetStart, targetEnd)));
        } else {
          // Appended: the old file is a prefix (plus a line break when it ended without one).
          assert.ok(out.startsWith(text), 'old content is a prefix');
          assert.ok(/^(\r?\n)?(\r?\n)?\[cognito\]\r?\n/.test(out.slice(text.length)), 'a new section follows');
        }
        if (m.bom) assert.ok(out.startsWith('\uFEFF'), 'BOM kept');
        const after = await sdkRead('credentials', out);
        assert.deepEqual(after[TARGET] && OUR_KEYS.map((k) => after[TARGET][k]), OUR_KEYS.map((k) => values[k as keyof typeof values]));
        for (const name of Object.keys(before)) if (name !== TARGET) assert.deepEqual(after[name], before[name], `profile ${name} reads the same`);
        // Writing the same values again changes nothing.
        assert.equal(editIniProfile(Buffer.from(out), { kind: 'credentials', profile: TARGET, values, path: 'credentials' }).bytes.toString('utf8'), out);
      }),
      { numRuns: 300 },
    );
  });

  it('in the config file, targets [profile NAME] and the SDK reads credential_process back', async () => {
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        const config: Model = { ...m, sections: m.sections.map((s) => ({ ...s, header: { ...s.header, text: s.name === 'default' ? s.header.text : s.header.text.replace(s.name, `profile ${s.name}`) } })) };
        const { text, targetStart } = render(config);
        const values = { credential_process: '/usr/bin/node /opt/cli.js credential-process --connection dev', region: 'us-east-1' };
        const out = editIniProfile(Buffer.from(text), { kind: 'config', profile: TARGET, values, path: 'config' }).bytes.toString('utf8');
        if (targetStart >= 0) assert.equal(out.slice(0, targetStart), text.slice(0, targetStart));
        else assert.ok(out.startsWith(text) && out.includes('[profile cognito]'));
        const read = await sdkRead('config', out);
        assert.equal(read[TARGET]?.credential_process, values.credential_process);
        assert.equal(read[TARGET]?.region, 'us-east-1');
      }),
      { numRuns: 150 },
    );
  });
});

describe('editIniProfile (cases)', () => {
  const values = { aws_access_key_id: 'ASIANEW', aws_secret_access_key: 'newsecret', aws_session_token: 'newtoken' };
  const edit = (text: string | Buffer, profile = 'dev') => editIniProfile(Buffer.isBuffer(text) ? text : Buffer.from(text), { kind: 'credentials', profile, values, path: '/home/u/.aws/credentials' }).bytes.toString('utf8');

  it('replaces values in place, keeps spacing, comments and other keys, and adds missing keys after the last key', () => {
    const text = '# mine\r\n[dev]\r\naws_access_key_id=OLD\r\nregion = eu-west-1\r\n; keep\r\n\r\n[prod]\naws_access_key_id = P\n';
    assert.equal(
      edit(text),
      '# mine\r\n[dev]\r\naws_access_key_id=ASIANEW\r\nregion = eu-west-1\r\naws_secret_access_key = newsecret\r\naws_session_token = newtoken\r\n; keep\r\n\r\n[prod]\naws_access_key_id = P\n',
    );
  });

  it('creates a file from nothing and appends a profile after a blank line', () => {
    assert.equal(editIniProfile(undefined, { kind: 'credentials', profile: 'dev', values, path: 'f' }).bytes.toString(), '[dev]\naws_access_key_id = ASIANEW\naws_secret_access_key = newsecret\naws_session_token = newtoken\n');
    assert.equal(edit('[a]\nk = v'), '[a]\nk = v\n\n[dev]\naws_access_key_id = ASIANEW\naws_secret_access_key = newsecret\naws_session_token = newtoken\n');
  });

  it('drops the continuation lines of a replaced value', () => {
    assert.equal(edit('[dev]\naws_session_token = a\n  b\nx = 1\n'), '[dev]\naws_session_token = newtoken\nx = 1\naws_access_key_id = ASIANEW\naws_secret_access_key = newsecret\n');
  });

  const refusals: [string, string | Buffer, RegExp][] = [
    ['JSON', '{"AccessKeyId": "A"}\n', /holds JSON/],
    ['a JSON array', '[\n  {"a": 1}\n]\n', /holds JSON/],
    ['a shell script', '#!/bin/sh\nexport AWS_ACCESS_KEY_ID=A\n', /line 2 is a shell command/],
    ['binary', Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0x00, 0xff]), /binary file/],
    ['not UTF-8', Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0xc3, 0x28]), /not UTF-8/],
    ['keys before any section', 'aws_access_key_id = A\n[dev]\n', /line 1 sets a key before any \[section\]/],
    ['a duplicated target section', '[dev]\na = 1\n[prod]\n[dev] \nb = 2\n', /names the profile dev twice \(lines 1 and 4\)/],
    ['an indented section after a key (the CLI and SDKs read it differently)', '[a]\nk = v\n  [dev]\n', /line 3 is an indented \[section\]/],
    ['a duplicated key in the target', '[dev]\naws_session_token = a\nAWS_SESSION_TOKEN = b\n', /sets aws_session_token twice/],
    ['a line that is nothing', '[dev]\njust words\n', /line 2 is neither/],
  ];
  for (const [what, text, reason] of refusals) {
    it(`refuses ${what} with one sentence that names no value`, () => {
      assert.throws(
        () => edit(text),
        (err: unknown) => {
          assert.ok(err instanceof UserFacingError);
          assert.match(err.message, reason);
          assert.match(err.message, /^\/home\/u\/\.aws\/credentials .*; nothing was changed\.$/);
          assert.ok(!/\n/.test(err.message) && !err.message.includes('AWS_ACCESS_KEY_ID=A'));
          return true;
        },
      );
    });
  }

  it('refuses values that would break the file', () => {
    assert.throws(() => editIniProfile(undefined, { kind: 'credentials', profile: 'dev', values: { aws_session_token: 'a\nb' }, path: 'f' }), /line break/);
    assert.throws(() => editIniProfile(undefined, { kind: 'credentials', profile: 'a b', values, path: 'f' }), /cannot be an AWS profile name/);
  });
});
