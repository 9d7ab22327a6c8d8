/**
 * A local key server for verification tests: RSA keys, tokens signed over any header and payload text (including
 * JSON that JSON.stringify cannot write, such as 1e400), and an HTTP server whose answers each test chooses.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';

export interface TestKey {
  privateKey: KeyObject;
  /** The public JWK as Cognito publishes it (kid, alg RS256, use sig). */
  jwk: Record<string, unknown>;
}

export function rsaKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** An RS256 JWS over exactly these header and payload texts (objects are JSON-encoded first). */
export function signRaw(key: KeyObject, header: string | object, payload: string | object): string {
  const h = b64url(typeof header === 'string' ? header : JSON.stringify(header));
  const p = b64url(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${h}.${p}`).sign(key).toString('base64url');
  return `${h}.${p}.${signature}`;
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface KeyServer {
  base: string;
  /** Paths requested so far, in order. */
  requests: string[];
  /** Serves `body` as JSON at `path` (with an optional Date header), or runs a handler there. */
  route(path: string, answer: Route | { keys: unknown[] } | Record<string, unknown>, date?: Date): void;
  close(): Promise<void>;
}

/** Starts the server on a loopback port the OS picks; unknown paths answer 404. */
export async function startKeyServer(): Promise<KeyServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes.get(req.url ?? '');
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    route(path, answer, date) {
      routes.set(
        path,
        typeof answer === 'function'
          ? answer
          : (_req, res) => {
              if (date) res.setHeader('date', date.toUTCString());
              res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
            },
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then closed), for "unreachable" cases. */
export async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
