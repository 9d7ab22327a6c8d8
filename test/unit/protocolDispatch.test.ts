import assert from 'node:assert/strict';
import { UserFacingError, explainError } from '../../src/core/errors';
import type { ReplyMessage, RequestHandlers, RequestMessage } from '../../src/shared/protocol';
import { logLine } from '../../src/core/redact';
import { asSentence, createClient, createDispatcher } from '../../src/shared/rpc';

interface Harness {
  replies: ReplyMessage[];
  calls: string[];
  problems: string[];
  dispatch: (raw: unknown) => Promise<void>;
}

function harness(overrides: Partial<RequestHandlers> = {}): Harness {
  const replies: ReplyMessage[] = [];
  const calls: string[] = [];
  const problems: string[] = [];
  const handlers: RequestHandlers = {
    ready: () => {
      calls.push('ready');
      return null;
    },
    copyToken: async ({ which }) => {
      calls.push(`copy:${which}`);
      return { copied: true };
    },
    reverify: () => {
      calls.push('reverify');
      return null;
    },
    ...overrides,
  };
  const dispatch = createDispatcher(handlers, (m) => void replies.push(m), {
    explain: (err) => explainError(err),
    onProblem: (p) => problems.push(p),
  });
  return { replies, calls, problems, dispatch };
}

describe('protocol: dispatcher', () => {
  it('calls the matching handler and replies once with its result', async () => {
    const h = harness();
    await h.dispatch({ id: 1, method: 'copyToken', params: { which: 'id' } });
    await h.dispatch({ id: 2, method: 'ready', params: {} });
    assert.deepEqual(h.calls, ['copy:id', 'ready']);
    assert.deepEqual(h.replies, [
      { kind: 'reply', id: 1, ok: true, result: { copied: true } },
      { kind: 'reply', id: 2, ok: true, result: null },
    ]);
  });

  it('a hostile method name reaches neither the log nor the reply with raw newlines or escapes', async () => {
    const h = harness();
    const method = 'x\n[error] forged line\u001b]0;title\u0007\r\u2028';
    await h.dispatch({ id: 7, method, params: {} });
    assert.equal(h.problems.length, 1);
    const logged = logLine(h.problems[0]);
    assert.doesNotMatch(logged, /[\u0000-\u001f\u007f-\u009f\u2028]/, logged);
    assert.match(logged, /Unknown method "x\\n\[error\] forged line\\u001b\]0;title\\u0007\\r/);
    const reply = h.replies[0];
    assert.equal(reply.ok, false);
    assert.doesNotMatch(reply.ok ? '' : reply.error, /[\u0000-\u001f]/);
    assert.deepEqual(h.calls, []);
  });

  it('answers an unknown method with one error reply and calls nothing', async () => {
    const h = harness();
    await h.dispatch({ id: 9, method: 'eval', params: { code: '1' } });
    assert.deepEqual(h.calls, []);
    assert.equal(h.replies.length, 1);
    const [reply] = h.replies;
    assert.equal(reply.ok, false);
    assert.equal(reply.id, 9);
    assert.match(reply.ok ? '' : reply.error, /^Unknown method "eval"; .*\.$/);
    assert.equal(h.problems.length, 1);
  });

  it('answers malformed messages with one error reply each, id null when there was no id', async () => {
    const h = harness();
    const bad = [undefined, 'ready', { method: 'ready' }, { id: 'a', method: 'ready' }, { id: 4, method: 'copyToken', params: { which: 2 } }, { id: 5, method: 'ready', junk: 1 }];
    for (const raw of bad) await h.dispatch(raw);
    assert.deepEqual(h.calls, []);
    assert.equal(h.replies.length, bad.length);
    assert.deepEqual(
      h.replies.map((r) => r.id),
      [null, null, null, null, 4, 5],
    );
    for (const r of h.replies) {
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, /^[A-Z"].*\.$/);
    }
  });

  it('turns a throwing handler into one error sentence, with the core explanation', async () => {
    const h = harness({
      copyToken: () => {
        throw new UserFacingError('The clipboard is not available in this session');
      },
      reverify: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' });
      },
    });
    await h.dispatch({ id: 1, method: 'copyToken', params: { which: 'access' } });
    await h.dispatch({ id: 2, method: 'reverify', params: {} });
    assert.deepEqual(h.replies, [
      { kind: 'reply', id: 1, ok: false, error: 'The clipboard is not available in this session.' },
      { kind: 'reply', id: 2, ok: false, error: 'Could not reach AWS; check the network and try again.' },
    ]);
  });

  it('still replies exactly once when the explain function itself fails', async () => {
    const replies: ReplyMessage[] = [];
    const dispatch = createDispatcher(
      {
        ready: () => {
          throw new Error('boom');
        },
        copyToken: () => ({ copied: true }),
        reverify: () => null,
      },
      (m) => void replies.push(m),
      {
        explain: () => {
          throw new Error('explainer broke');
        },
      },
    );
    await dispatch({ id: 3, method: 'ready', params: {} });
    assert.deepEqual(replies, [{ kind: 'reply', id: 3, ok: false, error: 'Boom.' }]);
  });

  it('survives a reply channel that rejects (panel closed) without a second reply', async () => {
    const problems: string[] = [];
    let attempts = 0;
    const dispatch = createDispatcher(
      { ready: () => null, copyToken: () => ({ copied: true }), reverify: () => null },
      async () => {
        attempts++;
        throw new Error('Webview is disposed');
      },
      { onProblem: (p) => problems.push(p) },
    );
    await dispatch({ id: 1, method: 'ready', params: {} });
    assert.equal(attempts, 1);
    assert.deepEqual(problems, ['Could not deliver a reply to the token panel.']);
  });

  it('runs async handlers concurrently and matches each reply to its id', async () => {
    const order: number[] = [];
    const replies: ReplyMessage[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const dispatch = createDispatcher(
      {
        ready: () => null,
        copyToken: async ({ which }) => {
          if (which === 'id') await gate;
          order.push(which === 'id' ? 1 : 2);
          return { copied: true };
        },
        reverify: () => null,
      },
      (m) => void replies.push(m),
    );
    const first = dispatch({ id: 1, method: 'copyToken', params: { which: 'id' } });
    await dispatch({ id: 2, method: 'copyToken', params: { which: 'access' } });
    release();
    await first;
    assert.deepEqual(order, [2, 1]);
    assert.deepEqual(replies.map((r) => r.id), [2, 1]);
  });
});

describe('protocol: client <-> dispatcher round trip', () => {
  function wire(overrides: Partial<RequestHandlers> = {}) {
    const calls: string[] = [];
    const handlers: RequestHandlers = {
      ready: () => (calls.push('ready'), null),
      copyToken: async ({ which }) => (calls.push(`copy:${which}`), { copied: true as const }),
      reverify: () => (calls.push('reverify'), null),
      ...overrides,
    };
    // postMessage is asynchronous and structured-clones in both directions; model both.
    let dispatch: (raw: unknown) => Promise<void> = async () => {};
    const client = createClient((message: RequestMessage) => queueMicrotask(() => void dispatch(structuredClone(message))));
    dispatch = createDispatcher(handlers, (reply) => queueMicrotask(() => client.receive(structuredClone(reply))), {
      explain: (err) => explainError(err),
    });
    return { client, h: { calls } };
  }

  it('resolves each request with its typed result', async () => {
    const { client, h } = wire();
    const [a, b] = await Promise.all([client.request('copyToken', { which: 'access' }), client.request('ready', {})]);
    assert.deepEqual(a, { copied: true });
    assert.equal(b, null);
    assert.deepEqual(h.calls.sort(), ['copy:access', 'ready']);
    assert.equal(client.pending(), 0);
  });

  it('rejects with the host error sentence', async () => {
    const { client } = wire({
      reverify: () => {
        throw new UserFacingError('Sign in again to verify');
      },
    });
    await assert.rejects(client.request('reverify', {}), { name: 'RequestError', message: 'Sign in again to verify.' });
    assert.equal(client.pending(), 0);
  });

  it('times out when no reply comes', async () => {
    const client = createClient(() => {}, { timeoutMs: 20 });
    await assert.rejects(client.request('ready', {}), /did not answer "ready"/);
    assert.equal(client.pending(), 0);
  });

  it('ignores replies it did not ask for and reports invalid host messages', () => {
    const problems: string[] = [];
    const client = createClient(() => {}, { onProblem: (p) => problems.push(p) });
    assert.equal(client.receive({ kind: 'reply', id: 99, ok: true, result: 1 }), undefined);
    assert.equal(client.receive({ kind: 'push', event: 'state', data: {} }), undefined);
    assert.equal(client.receive(42), undefined);
    assert.equal(problems.length, 3);
  });
});

describe('protocol: asSentence', () => {
  it('capitalises, trims and ends with a full stop once', () => {
    assert.equal(asSentence('  access denied '), 'Access denied.');
    assert.equal(asSentence('Done!'), 'Done!');
    assert.equal(asSentence('multi\n line'), 'Multi line.');
    assert.equal(asSentence(''), 'Something went wrong.');
  });
});
