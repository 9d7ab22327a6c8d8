/**
 * Forwards every request to an upstream (moto) and records it, so a test sees exactly what was sent even where
 * moto ignores it (Logins, CustomRoleArn). JSON bodies (Cognito) are parsed as JSON, query-protocol bodies (STS)
 * as form fields; `target` is the operation: X-Amz-Target for JSON, Action for query calls.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  target: string;
  body: Record<string, unknown>;
  /** The SigV4 header, when the call was signed. */
  authorization?: string;
}

export interface RecordingProxy {
  url: string;
  calls: Recorded[];
  close(): Promise<void>;
}

function parse(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

export async function recordingProxy(upstream: string): Promise<RecordingProxy> {
  const calls: Recorded[] = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = parse(raw.toString('utf8'), String(req.headers['content-type'] ?? ''));
      calls.push({ target: String(req.headers['x-amz-target'] ?? body.Action ?? ''), body, authorization: req.headers.authorization });
      const fwd = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      fwd.on('error', (err) => res.writeHead(502).end(String(err)));
      fwd.end(raw);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
