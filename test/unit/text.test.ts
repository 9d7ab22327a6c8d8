import { strict as assert } from 'node:assert';
import { displayValue, escapeControl } from '../../src/core/text';

describe('text safety', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a\nb', 'a\\nb'],
    ['\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
    ['\u001b[2J\u001b[H', '\\x1b[2J\\x1b[H'],
    ['csi\u009b31m', 'csi\\x9b31m'],
    ['rtl\u202eexe.txt', 'rtl\\u202eexe.txt'],
    ['tab\there\r', 'tab\\there\\r'],
    ['del\u007f', 'del\\x7f'],
    ['ünïcode ✓', 'ünïcode ✓'],
  ];
  for (const [input, want] of cases) {
    it(`escapes ${JSON.stringify(input)}`, () => assert.equal(escapeControl(input), want));
  }
  it('shows non-strings as JSON', () => {
    assert.equal(displayValue({}), '{}');
    assert.equal(displayValue(['a', 1]), '["a",1]');
    assert.equal(displayValue(Number.NaN), 'NaN');
    assert.equal(displayValue(null), 'null');
    assert.equal(displayValue(undefined), 'undefined');
    assert.equal(displayValue({ a: '\u001b' }), '{"a":"\\u001b"}');
  });
});
