import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { csvCell, csvRow, toCsv, userCell } from '../../src/core/export/csv';
import type { PoolUser } from '../../src/core/pools/users';

/** Python's csv module reads the document back: an independent RFC 4180 reader, not our own. */
function pythonRead(csv: string): string[][] {
  const script = 'import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode("utf-8"), newline="")))))';
  const out = spawnSync('python3', ['-c', script], { input: csv, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

const user: PoolUser = {
  username: 'alice',
  sub: '0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
  status: 'CONFIRMED',
  enabled: true,
  created: new Date('2026-01-02T03:04:05.000Z'),
  attributes: { email: 'alice@example.com', 'custom:tier': '=HYPERLINK("http://evil")', given_name: 'Alice, "Al"\nLiddell' },
  mfa: ['SOFTWARE_TOKEN_MFA'],
};

describe('CSV export', () => {
  it('escapes cells that a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.ok(csvCell(`${start}1+2`).replace(/^"/, '').startsWith(`'${start}`), start);
    assert.equal(csvCell('=SUM(A1)'), "'=SUM(A1)");
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvRow(['a', 'b']), 'a,b\r\n');
  });

  it('is RFC 4180: Python\'s csv reader gets back exactly the (escaped) cells', () => {
    const columns = [
      { key: 'username', title: 'Username' },
      { key: 'sub', title: 'sub' },
      { key: 'enabled', title: 'Enabled' },
      { key: 'created', title: 'Created' },
      { key: 'custom:tier', title: 'Tier' },
      { key: 'given_name', title: 'First name' },
      { key: 'mfa', title: 'MFA' },
      { key: 'phone_number', title: 'Phone' },
    ];
    const rows = pythonRead(toCsv([user], columns));
    assert.deepEqual(rows, [
      ['Username', 'sub', 'Enabled', 'Created', 'Tier', 'First name', 'MFA', 'Phone'],
      ['alice', user.sub, 'true', '2026-01-02T03:04:05.000Z', '\'=HYPERLINK("http://evil")', 'Alice, "Al"\nLiddell', 'SOFTWARE_TOKEN_MFA', ''],
    ]);
    assert.equal(userCell(user, 'lastModified'), '');
  });

  it('any text survives the round trip through a real CSV reader (formula starts escaped)', () => {
    const samples = fc.sample(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { minLength: 1, maxLength: 5 }), 200);
    const doc = samples.map(csvRow).join('');
    const back = pythonRead(doc);
    const expected = samples.map((cells) => cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
    // A record of one empty cell is an empty line, which readers report as no fields.
    assert.deepEqual(back.map((r) => (r.length === 0 ? [''] : r)), expected);
  });
});
