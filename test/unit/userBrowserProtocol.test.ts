import assert from 'node:assert/strict';
import { createClientFor, createDispatcherFor } from '../../src/shared/rpc';
import type { ReplyMessage } from '../../src/shared/protocol';
import type { UserBrowserHandlers, UserBrowserPushMessage, UserBrowserRequests } from '../../src/shared/userBrowserProtocol';
import { parseUserBrowserHostMessage, parseUserBrowserRequest, parseUserDetails } from '../../src/shared/userBrowserValidate';

const ok = (raw: unknown) => {
  const parsed = parseUserBrowserRequest(raw);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
};
const refused = (raw: unknown) => {
  const parsed = parseUserBrowserRequest(raw);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(raw)} to be refused`);
  if (!parsed.ok) assert.match(parsed.error, /^[A-Z"].*\.$/, 'one sentence');
};

describe('user browser protocol: requests', () => {
  it('accepts each method with its params', () => {
    ok({ id: 1, method: 'ready', params: {} });
    ok({ id: 2, method: 'load', params: { filter: null } });
    ok({ id: 3, method: 'load', params: { filter: { attribute: 'email', op: '^=', value: 'ada' } } });
    ok({ id: 4, method: 'cancel' });
    ok({ id: 5, method: 'setColumns', params: { columns: ['username', 'attr:custom:tier', 'status'] } });
    ok({ id: 6, method: 'openUser', params: { username: 'ada' } });
    ok({ id: 7, method: 'action', params: { username: 'ada', action: 'disable' } });
    ok({ id: 8, method: 'exportView', params: { format: 'csv', usernames: ['ada', 'bob'], columns: ['username'] } });
  });

  it('refuses unknown methods, extra fields, bad operators, columns and actions', () => {
    refused({ id: 1, method: 'eval', params: {} });
    refused({ id: 1, method: 'ready', params: { extra: 1 } });
    refused({ id: 1, method: 'load', params: { filter: { attribute: 'email', op: '!=', value: 'x' } } });
    refused({ id: 1, method: 'load', params: { filter: { attribute: 'email"; drop', op: '=', value: 'x' } } });
    refused({ id: 1, method: 'load', params: {} });
    refused({ id: 1, method: 'setColumns', params: { columns: ['<img>'] } });
    refused({ id: 1, method: 'action', params: { username: 'ada', action: 'rm -rf' } });
    refused({ id: 1, method: 'openUser', params: { username: '' } });
    refused({ id: 1, method: 'exportView', params: { format: 'xlsx', usernames: [], columns: [] } });
  });
});

describe('user browser protocol: host messages', () => {
  const goodRow = { username: 'ada', status: 'CONFIRMED', enabled: true, attributes: { email: 'a@b.c' } };

  it('accepts the four pushes and replies', () => {
    for (const m of [
      { kind: 'push', event: 'rows', data: { generation: 1, rows: [goodRow] } },
      { kind: 'push', event: 'progress', data: { generation: 1, loaded: 60, done: false, cancelled: false } },
      { kind: 'push', event: 'user', data: { removed: 'ada' } },
      { kind: 'push', event: 'user', data: { row: goodRow } },
      { kind: 'push', event: 'state', data: { pool: { id: 'p', name: 'n', region: 'us-east-1' }, columns: [{ key: 'username', title: 'Username' }], selected: ['username'], filter: null, filterableAttributes: ['email'] } },
      { kind: 'reply', id: 3, ok: true, result: null },
    ]) {
      const parsed = parseUserBrowserHostMessage(m);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    }
  });

  it('refuses malformed rows and unknown events before the table sees them', () => {
    for (const m of [
      { kind: 'push', event: 'rows', data: { generation: 1, rows: [{ ...goodRow, attributes: { email: 5 } }] } },
      { kind: 'push', event: 'rows', data: { generation: -1, rows: [] } },
      { kind: 'push', event: 'html', data: '<script>' },
      { kind: 'push', event: 'state', data: { pool: {}, columns: [], selected: [], filter: null, filterableAttributes: [] } },
    ]) {
      assert.equal(parseUserBrowserHostMessage(m).ok, false, JSON.stringify(m));
    }
    assert.match(parseUserDetails({ row: goodRow, attributes: [], groups: [], mfa: [], devices: [{}], problems: [] }) ?? '', /devices/);
    assert.equal(parseUserDetails({ row: goodRow, attributes: [{ name: 'email', title: 'Email', value: 'x' }], groups: ['g'], mfa: [], devices: [], problems: ['Could not list the devices.'] }), undefined);
  });

  it('round-trips a request through the dispatcher and the client', async () => {
    let client: ReturnType<typeof createClientFor<UserBrowserRequests, UserBrowserPushMessage>>;
    const handlers = {
      ready: () => null,
      load: () => null,
      cancel: () => null,
      setColumns: () => null,
      openUser: ({ username }) => ({ row: { ...goodRow, username }, attributes: [], groups: [], mfa: [], devices: [], problems: [] }),
      action: () => ({ summary: 'Disabled ada.' }),
      exportView: () => null,
    } satisfies UserBrowserHandlers;
    const dispatch = createDispatcherFor({ panel: 'user browser', parse: parseUserBrowserRequest }, handlers, (reply: ReplyMessage) => {
      client.receive(reply);
    });
    client = createClientFor<UserBrowserRequests, UserBrowserPushMessage>((m) => void dispatch(m), parseUserBrowserHostMessage);
    assert.equal((await client.request('openUser', { username: 'bob' })).row.username, 'bob');
    assert.deepEqual(await client.request('action', { username: 'bob', action: 'disable' }), { summary: 'Disabled ada.' });
    await assert.rejects(client.request('action', { username: 'bob', action: 'format' as 'disable' }), /must be one of/);
  });
});
