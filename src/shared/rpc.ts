/**
 * Both ends of the request/reply channel, free of `vscode` and of the DOM so they run in plain mocha:
 * the host's dispatcher (validate, call the typed handler, reply exactly once) and the webview's client.
 */
import type { HostMessage, Method, Params, ReplyMessage, RequestHandlers, RequestMessage, Result } from './protocol';
import { parseHostMessage, parseRequest, type ParsedRequestOf } from './validate';

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

/** What a panel's protocol gives the generic dispatcher: its request guard and its name for log lines. */
export interface DispatcherProtocol<Req extends { id: number; method: string; params: unknown }> {
  panel: string;
  parse: (raw: unknown) => ParsedRequestOf<Req>;
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
  return createDispatcherFor({ panel: 'token panel', parse: parseRequest }, handlers, reply, options);
}

/** The same dispatcher for any panel's protocol (the sign-in panel's, the token panel's). */
export function createDispatcherFor<Req extends { id: number; method: string; params: unknown }>(
  protocol: DispatcherProtocol<Req>,
  handlers: { [M in Req['method']]: (params: Extract<Req, { method: M }>['params']) => unknown },
  reply: (message: ReplyMessage) => void | PromiseLike<unknown>,
  options: DispatcherOptions = {},
): (raw: unknown) => Promise<void> {
  const explain = options.explain ?? defaultExplain;
  const { panel } = protocol;
  const send = async (message: ReplyMessage) => {
    try {
      await reply(message);
    } catch (err) {
      // The panel may have closed in between; there is nobody left to answer.
      options.onProblem?.(`Could not deliver a reply to the ${panel}.`, err);
    }
  };
  return async (raw) => {
    const parsed = protocol.parse(raw);
    if (!parsed.ok) {
      options.onProblem?.(`Rejected a message from the ${panel}: ${parsed.error}`);
      await send({ kind: 'reply', id: parsed.id, ok: false, error: asSentence(parsed.error) });
      return;
    }
    const { id, method } = parsed.request;
    let result: unknown;
    try {
      // The union is correlated (method <-> params) but TypeScript cannot see it through an index; the guard checked it.
      const handler = (handlers as Record<string, (params: unknown) => unknown>)[method];
      result = await Promise.resolve().then(() => handler(parsed.request.params));
    } catch (err) {
      let sentence: string;
      try {
        sentence = asSentence(explain(err));
      } catch {
        sentence = asSentence(defaultExplain(err));
      }
      options.onProblem?.(`${panel[0].toUpperCase()}${panel.slice(1)} request "${method}" failed: ${sentence}`, err);
      await send({ kind: 'reply', id, ok: false, error: sentence });
      return;
    }
    await send({ kind: 'reply', id, ok: true, result: result === undefined ? null : result });
  };
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

/** A request map as the protocols declare it: method -> params and result. */
export type RequestMap<R> = { [M in keyof R]: { params: unknown; result: unknown } };

export type ParsedHostMessageOf<Push> = { ok: true; message: ReplyMessage | Push } | { ok: false; error: string };

export interface RpcClientFor<R extends RequestMap<R>, Push> {
  request<M extends keyof R & string>(method: M, params: R[M]['params']): Promise<R[M]['result']>;
  /** Feed every message from the host; returns the push, if it was one, for the caller to apply. */
  receive(raw: unknown): Push | undefined;
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
  const client = createClientFor<{ [M in Method]: { params: Params<M>; result: Result<M> } }, Exclude<HostMessage, ReplyMessage>>(
    post as (message: { id: number; method: string; params: unknown }) => void,
    parseHostMessage,
    options,
  );
  return { request: (method, params) => client.request(method, params), receive: (raw) => client.receive(raw), pending: () => client.pending() };
}

/** The same client for any panel's protocol, given its guard for host messages. */
export function createClientFor<R extends RequestMap<R>, Push extends { kind: 'push' }>(
  post: (message: { id: number; method: string; params: unknown }) => void,
  parseHost: (raw: unknown) => ParsedHostMessageOf<Push>,
  options: { timeoutMs?: number; onProblem?: (problem: string) => void } = {},
): RpcClientFor<R, Push> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();
  return {
    request<M extends keyof R & string>(method: M, params: R[M]['params']): Promise<R[M]['result']> {
      const id = nextId++;
      return new Promise<R[M]['result']>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new RequestError(`The editor did not answer "${method}" within ${Math.round(timeoutMs / 1000)} s.`));
        }, timeoutMs);
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        try {
          post({ id, method, params });
        } catch (err) {
          clearTimeout(timer);
          waiting.delete(id);
          reject(new RequestError(asSentence(`Could not send "${method}" to the editor: ${defaultExplain(err)}`)));
        }
      });
    },
    receive(raw) {
      const parsed = parseHost(raw);
      if (!parsed.ok) {
        options.onProblem?.(parsed.error);
        return undefined;
      }
      const message = parsed.message;
      if (message.kind === 'push') return message as Push;
      const reply = message as ReplyMessage;
      const entry = reply.id === null ? undefined : waiting.get(reply.id);
      if (!entry) {
        options.onProblem?.(reply.ok ? 'A reply arrived for no pending request.' : reply.error);
        return undefined;
      }
      waiting.delete(reply.id as number);
      clearTimeout(entry.timer);
      if (reply.ok) entry.resolve(reply.result);
      else entry.reject(new RequestError(reply.error));
      return undefined;
    },
    pending: () => waiting.size,
  };
}
