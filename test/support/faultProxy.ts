/**
 * An HTTP proxy in front of an emulator that answers chosen requests itself, for faults no emulator produces:
 * throttling, AccessDenied on one pool, a server that refuses or ignores some filters, and AWS-shaped answers to
 * operations the emulator does not implement. Everything else is forwarded unchanged.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** The operation, from X-Amz-Target (e.g. ListUsers). */
  operation: string;
  body: Record<string, unknown>;
}

export interface Fault {
  status?: number;
  /** The AWS error type, e.g. TooManyRequestsException. */
  type: string;
  message: string;
}

/** A 200 answer the proxy gives itself, for operations the emulator lacks (moto has no AdminListDevices). */
export interface Answer {
  answer: Record<string, unknown>;
}

export type FaultRule = (req: ProxiedRequest) => Fault | Answer | { rewrite: Record<string, unknown> } | undefined;

export interface FaultProxy {
  endpoint: string;
  /** Every operation that reached the proxy, in order. */
  seen: ProxiedRequest[];
  rule: FaultRule;
  /** Added before every answer, to model a region's round trip in front of a local emulator. */
  delayMs: number;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the proxy on a free port; `rule` decides per request (change it any time through `proxy.rule`). */
export async function startFaultProxy(upstream: string, rule: FaultRule = () => undefined, delayMs = 0): Promise<FaultProxy> {
  const proxy: FaultProxy = { endpoint: '', seen: [], rule, delayMs, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      let raw = await readBody(req);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      let body: Record<string, unknown> = {};
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        // Not JSON (e.g. S3): forwarded as it is.
      }
      if (proxy.delayMs) await new Promise((r) => setTimeout(r, proxy.delayMs));
      const seen = { operation, body };
      proxy.seen.push(seen);
      const decision = proxy.rule(seen);
      if (decision && 'type' in decision) {
        res.writeHead(decision.status ?? 400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': decision.type });
        res.end(JSON.stringify({ __type: decision.type, message: decision.message }));
        return;
      }
      if (decision && 'answer' in decision) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'proxy-answer' });
        res.end(JSON.stringify(decision.answer));
        return;
      }
      if (decision && 'rewrite' in decision) raw = Buffer.from(JSON.stringify(decision.rewrite));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'content-length' && k !== 'host') headers[k] = v;
      const answer = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : raw });
      const out = Buffer.from(await answer.arrayBuffer());
      const back: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') back[k] = v;
      });
      res.writeHead(answer.status, back);
      res.end(out);
    })().catch((err: unknown) => {
      res.writeHead(502);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
