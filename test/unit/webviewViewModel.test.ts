import assert from 'node:assert/strict';
import type { TokenView, VerificationCheck } from '../../src/shared/protocol';
import {
  checkRows,
  claimRows,
  expirySummary,
  formatClaimValue,
  formatLocal,
  formatRelative,
  formatUtc,
  headline,
  tabLabel,
  timeRows,
} from '../../webview/viewModel';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const sec = (ms: number) => Math.floor(ms / 1000);

describe('webview view model: formatRelative', () => {
  const cases: Array<[number, string]> = [
    [0, 'now'],
    [999, 'now'],
    [40_000, 'in 40 s'],
    [-40_000, '40 s ago'],
    [54 * 60_000 + 30_000, 'in 54 min'],
    [-3 * 60_000, '3 min ago'],
    [60 * 60_000, 'in 1 h'],
    [(2 * 60 + 5) * 60_000, 'in 2 h 5 min'],
    [-(3 * 24 + 4) * 3_600_000, '3 d 4 h ago'],
    [2 * 86_400_000, 'in 2 d'],
  ];
  for (const [offset, expected] of cases) {
    it(`${offset} ms -> "${expected}"`, () => assert.equal(formatRelative(NOW + offset, NOW), expected));
  }

  it('moves as the clock ticks (what the live update relies on)', () => {
    const exp = NOW + 61_000;
    assert.equal(formatRelative(exp, NOW), 'in 1 min');
    assert.equal(formatRelative(exp, NOW + 2_000), 'in 59 s');
    assert.equal(formatRelative(exp, NOW + 61_000), 'now');
    assert.equal(formatRelative(exp, NOW + 65_000), '4 s ago');
  });
});

describe('webview view model: dates', () => {
  it('formats UTC the same on every machine', () => {
    assert.equal(formatUtc(sec(NOW)), '2024-05-01 12:00:00 UTC');
  });

  it('formats local time in the given zone, with the zone named', () => {
    assert.equal(formatLocal(sec(NOW), { locale: 'en-GB', timeZone: 'Europe/Paris' }), '1 May 2024, 14:00:00 CEST');
    assert.equal(formatLocal(sec(NOW), { locale: 'en-US', timeZone: 'America/New_York' }), 'May 1, 2024, 8:00:00 AM EDT');
  });
});

describe('webview view model: timeRows and expirySummary', () => {
  const times = {
    expiresAt: { epoch: sec(NOW) + 3240, iso: '' },
    issuedAt: { epoch: sec(NOW) - 360, iso: '' },
    authTime: { epoch: sec(NOW) - 400, iso: '' },
    notBefore: { epoch: sec(NOW) - 360, iso: '' },
  };

  it('lists the times in lifecycle order with local, UTC and relative forms', () => {
    const rows = timeRows(times, NOW, { locale: 'en-GB', timeZone: 'UTC' });
    assert.deepEqual(rows.map((r) => r.claim), ['iat', 'auth_time', 'nbf', 'exp']);
    const exp = rows[3];
    assert.equal(exp.relative, 'in 54 min');
    assert.equal(exp.utc, '2024-05-01 12:54:00 UTC');
    assert.equal(exp.local, '1 May 2024, 12:54:00 UTC');
    assert.equal(exp.warning, false);
    assert.equal(rows[0].relative, '6 min ago');
  });

  it('flags an expired exp and a future nbf', () => {
    const rows = timeRows({ expiresAt: { epoch: sec(NOW) - 180, iso: '' }, notBefore: { epoch: sec(NOW) + 60, iso: '' } }, NOW);
    assert.deepEqual(rows.map((r) => [r.claim, r.warning]), [['nbf', true], ['exp', true]]);
  });

  it('skips absent claims', () => {
    assert.deepEqual(timeRows({}, NOW), []);
  });

  it('summarises expiry for the banner', () => {
    assert.equal(expirySummary(times, NOW), 'Expires in 54 min');
    assert.equal(expirySummary({ expiresAt: { epoch: sec(NOW) - 180, iso: '' } }, NOW), 'Expired 3 min ago');
    assert.equal(expirySummary({}, NOW), 'No expiry claim');
  });
});

describe('webview view model: claims and checks', () => {
  it('shows claim values as text', () => {
    assert.equal(formatClaimValue('alice'), 'alice');
    assert.equal(formatClaimValue(['admins', 'devs']), 'admins, devs');
    assert.equal(formatClaimValue(true), 'true');
    assert.equal(formatClaimValue({ a: 1 }), '{"a":1}');
    assert.equal(formatClaimValue(null), 'null');
    assert.deepEqual(claimRows([{ claim: 'cognito:groups', value: ['a'], meaning: 'Groups.' }]), [{ claim: 'cognito:groups', value: 'a', meaning: 'Groups.' }]);
  });

  it('labels each verification check with a mark', () => {
    const rows = checkRows([
      { name: 'signature', ok: true, detail: 'Signed by key "k1".' },
      { name: 'audience', ok: false, detail: 'aud is x, not the app client y.' },
    ]);
    assert.deepEqual(rows, [
      { name: 'signature', label: 'Signature (pool JWKS)', mark: '✓', ok: true, detail: 'Signed by key "k1".' },
      { name: 'audience', label: 'Audience / client_id', mark: '✗', ok: false, detail: 'aud is x, not the app client y.' },
    ]);
  });
});

describe('webview view model: headline', () => {
  const checks = (over: Partial<Record<VerificationCheck['name'], boolean>> = {}): VerificationCheck[] =>
    (['format', 'algorithm', 'signature', 'issuer', 'token_use', 'audience', 'expiry'] as const).map((name) => ({
      name,
      ok: over[name] ?? true,
      detail: `${name} ${over[name] === false ? 'failed' : 'ok'}.`,
    }));
  const view = (verification: TokenView['verification'], decodeError?: string) => ({ which: 'id' as const, verification, decodeError });

  it('says "Signature valid" when every check passed', () => {
    const h = headline(view({ status: 'done', result: { verified: true, checks: checks() } }));
    assert.deepEqual(h, { tone: 'ok', text: 'Signature valid', verdict: 'All checks passed.', verdictOk: true });
  });

  it('keeps "Signature valid" but gives the failing verdict when only expiry failed', () => {
    const h = headline(view({ status: 'done', result: { verified: false, reason: 'expiry failed.', checks: checks({ expiry: false }) } }));
    assert.equal(h.text, 'Signature valid');
    assert.equal(h.verdict, 'Token not accepted: expiry failed.');
    assert.equal(h.verdictOk, false);
  });

  it('says "Signature invalid: <reason>" with the signature check detail', () => {
    const h = headline(view({ status: 'done', result: { verified: false, reason: 'signature failed.', checks: checks({ signature: false }) } }));
    assert.equal(h.tone, 'bad');
    assert.equal(h.text, 'Signature invalid: signature failed.');
  });

  it('uses the reason when the format check stopped verification early', () => {
    const h = headline(view({ status: 'done', result: { verified: false, reason: 'This is not a JWT.', checks: [{ name: 'format', ok: false, detail: 'This is not a JWT.' }] } }));
    assert.equal(h.text, 'Signature invalid: This is not a JWT.');
  });

  it('shows pending, errors and decode failures', () => {
    assert.deepEqual(headline(view({ status: 'pending' })), { tone: 'pending', text: 'Verifying signature…' });
    assert.deepEqual(headline(view({ status: 'error', error: 'Could not reach AWS.' })), { tone: 'bad', text: 'Could not verify: Could not reach AWS.' });
    assert.equal(headline(view({ status: 'pending' }, 'This is not a JWT.')).text, 'Signature invalid: This is not a JWT.');
  });

  it('marks tab labels', () => {
    assert.equal(tabLabel({ which: 'id', verification: { status: 'pending' } }), 'ID token');
    assert.equal(tabLabel({ which: 'access', verification: { status: 'done', result: { verified: true, checks: [] } } }), 'Access token ✓');
    assert.equal(tabLabel({ which: 'access', verification: { status: 'done', result: { verified: false, checks: [] } } }), 'Access token ✗');
  });
});
