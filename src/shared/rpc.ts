/**
 * Both ends of the request/reply channel, free of `vscode` and of the DOM so they run in plain mocha:
 * the host's dispatcher (validate, call the typed handler, reply exactly once) and the webview's client.
 */
import type { HostMessage, Method, Params, ReplyMessage, RequestHandlers, RequestMessage, Result } from './protocol';
import { parseHostMessage, parseRequest } from './validate';

/** Makes any text a sentence: trimmed, first letter capital, ending with a full stop. */
export function asSentence(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return 'Something went wrong.';
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function defaultExplain(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface DispatcherOptions {
  /** Turns a handler's failure into the sentence sent back (the host passes core's explainError). */
  explain?: (err: unknown) => string;
  /** Told about every rejected message and failed handler, for the log. Never receives params. */
  onProblem?: (problem: string, err?: unknown) => void;
}

/**
 * Returns the function the host feeds every message from the webview. Each message gets exactly one reply:
 * `{ kind: 'reply', id, ok: true, result }`, or `{ kind: 'reply', id, ok: false, error: <sentence> }` when the message
 * is malformed, names an unknown method or its handler throws. A message without a usable id is answered with id null.
 */
export function createDispatcher(
  handlers: RequestHandlers,
  reply: (message: ReplyMessage) => void | PromiseLike<unknown>,
  options: DispatcherOptions = {},
): (raw: unknown) => Promise<void> {
  const explain = options.explain ?? defaultExplain;
  const send = async (message: ReplyMessage) => {
    try {
      await reply(message);
    } catch (err) {
      // The panel may have closed in between; there is nobody left to answer.
      options.onProblem?.('Could not deliver a reply to the token panel.', err);
    }
  };
  return async (raw) => {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      options.onProblem?.(`Rejected a message from the token panel: ${parsed.error}`);
      await send({ kind: 'reply', id: parsed.id, ok: false, error: asSentence(parsed.error) });
      return;
    }
    const { id } = parsed.request;
    let result: unknown;
    try {
      result = await callHandler(handlers, parsed.request);
    } catch (err) {
      let sentence: string;
      try {
        sentence = asSentence(explain(err));
      } catch {
        sentence = asSentence(defaultExplain(err));
      }
      options.onProblem?.(`Token panel request "${parsed.request.method}" failed: ${sentence}`, err);
      await send({ kind: 'reply', id, ok: false, error: sentence });
      return;
    }
    await send({ kind: 'reply', id, ok: true, result: result === undefined ? null : result });
  };
}

function callHandler(handlers: RequestHandlers, request: RequestMessage): Promise<unknown> {
  // The union is correlated (method <-> params) but TypeScript cannot see it through an index; the guard checked it.
  const handler = handlers[request.method] as (params: unknown) => unknown;
  return Promise.resolve().then(() => handler(request.params));
}

export class RequestError extends Error {
  override name = 'RequestError';
}

export interface RpcClient {
  request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  /** Feed every message from the host; returns the push, if it was one, for the caller to apply. */
  receive(raw: unknown): HostMessage | undefined;
  /** Requests still waiting for their reply. */
  pending(): number;
}

/**
 * The webview's end: numbered requests, replies matched by id, a timeout so a lost reply does not hang a button.
 * `post` is `acquireVsCodeApi().postMessage` in the webview and a direct call into a dispatcher in tests.
 */
export function createClient(
  post: (message: RequestMessage) => void,
  options: { timeoutMs?: number; onProblem?: (problem: string) => void } = {},
): RpcClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();
  return {
    request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      const id = nextId++;
      return new Promise<Result<M>>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new RequestError(`The editor did not answer "${method}" within ${Math.round(timeoutMs / 1000)} s.`));
        }, timeoutMs);
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        try {
          post({ id, method, params } as RequestMessage);
        } catch (err) {
          clearTimeout(timer);
          waiting.delete(id);
          reject(new RequestError(asSentence(`Could not send "${method}" to the editor: ${defaultExplain(err)}`)));
        }
      });
    },
    receive(raw) {
      const parsed = parseHostMessage(raw);
      if (!parsed.ok) {
        options.onProblem?.(parsed.error);
        return undefined;
      }
      const message = parsed.message;
      if (message.kind === 'push') return message;
      const entry = message.id === null ? undefined : waiting.get(message.id);
      if (!entry) {
        options.onProblem?.(message.ok ? 'A reply arrived for no pending request.' : message.error);
        return undefined;
      }
      waiting.delete(message.id as number);
      clearTimeout(entry.timer);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new RequestError(message.error));
      return undefined;
    },
    pending: () => waiting.size,
  };
}
