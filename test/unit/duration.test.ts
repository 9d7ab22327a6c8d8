import assert from 'node:assert/strict';
import { formatRemaining } from '../../src/core/session';
import { formatSpan } from '../../src/shared/duration';
import { formatRelative } from '../../webview/viewModel';

describe('time spans, one wording everywhere', () => {
  it('writes seconds, minutes, hours and days, leaving out a zero second part', () => {
    const cases: [number, string][] = [
      [0, '0 s'],
      [59, '59 s'],
      [60, '1 min'],
      [3599, '59 min'],
      [3600, '1 h'],
      [3660, '1 h 1 min'],
      [7500, '2 h 5 min'],
      [86_399, '23 h 59 min'],
      [86_400, '1 d'],
      [90_000, '1 d 1 h'],
      [-5, '0 s'],
      [12.9, '12 s'],
    ];
    for (const [s, text] of cases) assert.equal(formatSpan(s), text, `${s} s`);
  });

  it('the extension, the CLI and the token panel say the same for the same span', () => {
    const now = Date.UTC(2026, 0, 1);
    for (const s of [45, 600, 3600, 5400, 86_400, 200_000]) {
      assert.equal(formatRemaining(s * 1000), formatSpan(s));
      assert.equal(formatRelative(now + s * 1000, now), `in ${formatSpan(s)}`);
      assert.equal(formatRemaining(-s * 1000), `expired ${formatSpan(s)} ago`);
      assert.equal(formatRelative(now - s * 1000, now), `${formatSpan(s)} ago`);
    }
  });
});
