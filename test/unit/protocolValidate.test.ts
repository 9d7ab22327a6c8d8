import assert from 'node:assert/strict';
import { parseHostMessage, parseRequest } from '../../src/shared/validate';

function rejected(raw: unknown): { id: number | null; error: string } {
  const parsed = parseRequest(raw);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(raw)} to be rejected`);
  if (parsed.ok) throw new Error('unreachable');
  assert.match(parsed.error, /^[A-Z"].*[.]$/, 'the error is one sentence');
  return parsed;
}

describe('protocol: parseRequest', () => {
  it('accepts every method with its params', () => {
    assert.deepEqual(parseRequest({ id: 0, method: 'ready', params: {} }), { ok: true, request: { id: 0, method: 'ready', params: {} } });
    assert.deepEqual(parseRequest({ id: 7, method: 'copyToken', params: { which: 'access' } }), {
      ok: true,
      request: { id: 7, method: 'copyToken', params: { which: 'access' } },
    });
    assert.deepEqual(parseRequest({ id: 8, method: 'reverify', params: {} }), { ok: true, request: { id: 8, method: 'reverify', params: {} } });
  });

  it('treats absent params as empty params', () => {
    assert.deepEqual(parseRequest({ id: 3, method: 'reverify' }), { ok: true, request: { id: 3, method: 'reverify', params: {} } });
  });

  it('rejects messages that are not objects', () => {
    for (const raw of [null, undefined, 'ready', 42, ['ready'], true]) {
      assert.equal(rejected(raw).id, null);
    }
  });

  it('rejects a missing or unusable id, answering with id null', () => {
    assert.match(rejected({ method: 'ready', params: {} }).error, /"id".*got none/);
    for (const id of ['1', -1, 1.5, Number.NaN, null, {}, 2 ** 60]) {
      const r = rejected({ id, method: 'ready', params: {} });
      assert.equal(r.id, null, `id ${String(id)}`);
    }
  });

  it('rejects an unknown method, keeping the id for the error reply', () => {
    const r = rejected({ id: 5, method: 'deleteEverything', params: {} });
    assert.equal(r.id, 5);
    assert.match(r.error, /Unknown method "deleteEverything"/);
    assert.match(r.error, /ready, copyToken, reverify/);
  });

  it('does not mistake Object.prototype members for methods', () => {
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.match(rejected({ id: 1, method, params: {} }).error, /Unknown method/);
    }
  });

  it('rejects a method that is not a string', () => {
    assert.match(rejected({ id: 1, method: 3, params: {} }).error, /"method" string; got a number/);
    assert.match(rejected({ id: 1, params: {} }).error, /"method" string; got none/);
  });

  it('rejects wrong param types', () => {
    assert.match(rejected({ id: 2, method: 'copyToken', params: { which: 'refresh' } }).error, /"which" must be one of "id", "access", not "refresh"/);
    assert.match(rejected({ id: 2, method: 'copyToken', params: { which: 1 } }).error, /"which" must be one of .* not a number/);
    assert.match(rejected({ id: 2, method: 'copyToken', params: {} }).error, /"which" must be one of .* not nothing/);
    assert.match(rejected({ id: 2, method: 'copyToken', params: 'id' }).error, /params of "copyToken" must be an object, not a string/);
    assert.match(rejected({ id: 2, method: 'ready', params: [] }).error, /must be an object, not an array/);
  });

  it('rejects extra junk at the top level and in params', () => {
    assert.match(rejected({ id: 1, method: 'ready', params: {}, command: 'x' }).error, /unexpected field "command"/);
    assert.match(rejected({ id: 1, method: 'reverify', params: { force: true } }).error, /unexpected field "force"/);
    assert.match(rejected({ id: 1, method: 'copyToken', params: { which: 'id', token: 'eyJ', x: 1 } }).error, /unexpected fields "token", "x"/);
  });
});

describe('protocol: parseHostMessage', () => {
  const token = (which: 'id' | 'access') => ({
    which,
    header: { alg: 'RS256' },
    payload: { sub: 'u' },
    kind: which,
    times: {},
    claims: [],
    verification: { status: 'pending' },
  });
  const state = {
    connection: { name: 'dev', region: 'us-east-1', userPoolId: 'us-east-1_abc', clientId: 'c' },
    username: 'alice',
    selected: 'id',
    selectSeq: 1,
    tokens: { id: token('id'), access: token('access') },
  };

  it('accepts replies and state pushes', () => {
    assert.deepEqual(parseHostMessage({ kind: 'reply', id: 1, ok: true, result: null }), { ok: true, message: { kind: 'reply', id: 1, ok: true, result: null } });
    assert.deepEqual(parseHostMessage({ kind: 'reply', id: null, ok: false, error: 'No.' }), {
      ok: true,
      message: { kind: 'reply', id: null, ok: false, error: 'No.' },
    });
    const parsed = parseHostMessage({ kind: 'push', event: 'state', data: state });
    assert.equal(parsed.ok, true);
  });

  it('rejects malformed host messages', () => {
    assert.equal(parseHostMessage('hello').ok, false);
    assert.equal(parseHostMessage({ kind: 'reply', id: 'x', ok: true }).ok, false);
    assert.equal(parseHostMessage({ kind: 'reply', id: 1, ok: false }).ok, false);
    assert.equal(parseHostMessage({ kind: 'push', event: 'other', data: state }).ok, false);
    assert.equal(parseHostMessage({ kind: 'push', event: 'state', data: { ...state, selected: 'refresh' } }).ok, false);
    assert.equal(parseHostMessage({ kind: 'push', event: 'state', data: { ...state, tokens: { id: token('id') } } }).ok, false);
    const done = { ...token('id'), verification: { status: 'done', result: {} } };
    assert.equal(parseHostMessage({ kind: 'push', event: 'state', data: { ...state, tokens: { ...state.tokens, id: done } } }).ok, false);
  });
});
