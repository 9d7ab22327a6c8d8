import assert from 'node:assert/strict';
import type { UserRow } from '../../src/shared/userBrowserProtocol';
import { countLine, UserTable, visibleWindow } from '../../webview/userBrowserModel';

function row(username: string, attributes: Record<string, string> = {}, extra: Partial<UserRow> = {}): UserRow {
  return { username, status: 'CONFIRMED', enabled: true, attributes, ...extra };
}

describe('user browser: table model', () => {
  it('keys rows by username: a row loaded twice is replaced, not doubled', () => {
    const t = new UserTable();
    t.append([row('ada', { email: 'ada@example.com' }), row('bob')]);
    t.append([row('ada', { email: 'ada@new.example' })]);
    assert.equal(t.size, 2);
    assert.equal(t.get('ada')?.attributes.email, 'ada@new.example');
  });

  it('searches every loaded attribute, case-insensitively, and says how many match', () => {
    const t = new UserTable();
    t.append([row('ada', { email: 'ADA@example.com' }), row('bob', { given_name: 'Robert' }), row('cy', { 'custom:tier': 'gold' })]);
    t.setSearch('rob');
    assert.deepEqual(t.shownRows().map((r) => r.username), ['bob']);
    t.setSearch('EXAMPLE');
    assert.deepEqual(t.shownRows().map((r) => r.username), ['ada']);
    t.setSearch('gold');
    assert.equal(t.at(0)?.username, 'cy');
    assert.equal(countLine(t.shown, t.size, false, t.search), '1 of 3 users match "gold"');
    t.setSearch('');
    assert.equal(t.shown, 3);
  });

  it('sorts by a column, numerically where the text is numeric, and flips on the second click', () => {
    const t = new UserTable();
    t.append([row('u10'), row('u9'), row('U1')]);
    t.toggleSort('username');
    assert.deepEqual(t.shownRows().map((r) => r.username), ['U1', 'u9', 'u10']);
    t.toggleSort('username');
    assert.deepEqual(t.shownRows().map((r) => r.username), ['u10', 'u9', 'U1']);
    t.toggleSort('attr:email');
    assert.equal(t.sort?.key, 'attr:email');
    assert.equal(t.sort?.dir, 'asc');
  });

  it('updates and removes one row in place, keeping the others where they are', () => {
    const t = new UserTable();
    t.append([row('a'), row('b'), row('c')]);
    t.upsert(row('b', {}, { enabled: false }));
    assert.equal(t.get('b')?.enabled, false);
    t.remove('a');
    assert.equal(t.size, 2);
    assert.equal(t.get('a'), undefined);
    assert.deepEqual(new Set(t.shownRows().map((r) => r.username)), new Set(['b', 'c']));
    t.remove('nobody');
    assert.equal(t.size, 2);
  });

  it('renders only the rows in view plus a small overscan, however many there are', () => {
    const w = visibleWindow({ scrollTop: 24 * 5000, viewportHeight: 600, rowHeight: 24, total: 10_000, overscan: 8 });
    assert.equal(w.start, 4992);
    assert.equal(w.end, 5000 + 26 + 8);
    assert.ok(w.end - w.start < 50);
    assert.deepEqual(visibleWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 24, total: 3 }), { start: 0, end: 3 });
    assert.deepEqual(visibleWindow({ scrollTop: 10_000, viewportHeight: 600, rowHeight: 24, total: 0 }), { start: 0, end: 0 });
  });

  it('counts while loading and when done', () => {
    assert.equal(countLine(1234, 1234, true, ''), 'Loading… 1,234 users so far');
    assert.equal(countLine(1, 1, false, ''), '1 user');
  });
});
