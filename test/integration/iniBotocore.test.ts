/**
 * The credentials-file writer read back by the AWS CLI's own parser (botocore's raw_config_parse, from the
 * awscli in .venv) over generated files: the target profile holds the new keys, every other profile reads as before.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { editIniProfile } from '../../src/core/export/iniEdit';
import { model, newValues, OUR_KEYS, render, TARGET } from '../support/iniModel';
import { paths } from '../support/paths';

// One Python process for every file: {path: {profile: {key: value}}}.
const READ_ALL = `
import json, sys
from awscli.botocore.configloader import raw_config_parse
print(json.dumps({p: raw_config_parse(p, parse_subsections=False) for p in sys.argv[1:]}))`;

describe('credentials writer read back by the AWS CLI (botocore) over generated files', function () {
  this.timeout(120_000);

  it('botocore sees the new keys in the target profile and every other profile unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ini-botocore-'));
    try {
      // The AWS CLI cannot read a file that starts with a BOM at all, so those cases stay with the SDK's reader.
      const cases = fc.sample(fc.tuple(model, newValues), { numRuns: 120, seed: 4242 }).filter(([m]) => !m.bom);
      const files = cases.map(([m, values], i) => {
        const { text } = render(m);
        const before = join(dir, `before-${i}`);
        const after = join(dir, `after-${i}`);
        writeFileSync(before, text);
        writeFileSync(after, editIniProfile(Buffer.from(text), { kind: 'credentials', profile: TARGET, values, path: after }).bytes);
        return { before, after, values };
      });
      const out = spawnSync(paths.python, ['-c', READ_ALL, ...files.flatMap((f) => [f.before, f.after])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(out.status, 0, out.stderr);
      const read = JSON.parse(out.stdout) as Record<string, Record<string, Record<string, string>>>;
      for (const { before, after, values } of files) {
        assert.deepEqual(OUR_KEYS.map((k) => read[after][TARGET]?.[k]), OUR_KEYS.map((k) => values[k as keyof typeof values]), after);
        for (const name of Object.keys(read[before])) if (name !== TARGET) assert.deepEqual(read[after][name], read[before][name], `${after}: profile ${name}`);
      }
      assert.ok(files.length > 40, `${files.length} files checked`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
