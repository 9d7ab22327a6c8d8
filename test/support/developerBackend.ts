/**
 * The team's own backend from the developer-authenticated identities gist, as a test fixture: a login that checks
 * its own users' passwords (JSON body or form) and answers a DRF-style token plus a session cookie, then an
 * identity endpoint that calls GetOpenIdTokenForDeveloperIdentity on moto (signed, as a real backend does) and
 * answers `{IdentityId, Token}`. Identity ids are kept per user, as the backend's own database would.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetOpenIdTokenForDeveloperIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { identityClient } from './seed';

export interface DeveloperBackendFixture {
  url: string;
  loginUrl: string;
  identityUrl: string;
  /** Every request the backend received: path, content type and the parsed body (passwords included, for assertions). */
  requests: { path: string; contentType: string; body: Record<string, string>; authorization?: string; cookie?: string }[];
  /** Calls it made to GetOpenIdTokenForDeveloperIdentity. */
  developerCalls: { userId: string; identityId?: string }[];
  stop(): Promise<void>;
}

export interface DeveloperBackendOptions {
  motoEndpoint: string;
  identityPoolId: string;
  providerName: string;
  /** username -> password. */
  users: Record<string, string>;
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if (String(req.headers['content-type']).includes('application/json')) return JSON.parse(text) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startDeveloperBackend(opts: DeveloperBackendOptions): Promise<DeveloperBackendFixture> {
  const sessions = new Map<string, string>();
  const identities = new Map<string, string>();
  const requests: DeveloperBackendFixture['requests'] = [];
  const developerCalls: DeveloperBackendFixture['developerCalls'] = [];
  const cognito = identityClient(opts.motoEndpoint);
  const server = createServer((req, res) => {
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const body = await bodyOf(req);
      requests.push({ path, contentType: String(req.headers['content-type'] ?? ''), body, authorization: req.headers.authorization, cookie: req.headers.cookie });
      if (path === '/api/login/' && req.method === 'POST') {
        if (!body.username || opts.users[body.username] !== body.password) return json(400, { non_field_errors: ['Unable to log in with provided credentials.'] });
        const key = randomBytes(20).toString('hex');
        sessions.set(key, body.username);
        return json(200, { token: key }, { 'set-cookie': `sessionid=${key}; HttpOnly; Path=/` });
      }
      if (path === '/api/cognito/' && req.method === 'GET') {
        const key = /^Token (\w+)$/.exec(req.headers.authorization ?? '')?.[1] ?? /sessionid=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
        const user = key ? sessions.get(key) : undefined;
        if (!user) return json(401, { detail: 'Authentication credentials were not provided.' });
        const known = identities.get(user);
        developerCalls.push({ userId: user, identityId: known });
        const out = await cognito.send(
          new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: opts.identityPoolId, Logins: { [opts.providerName]: user }, ...(known ? { IdentityId: known } : {}) }),
        );
        identities.set(user, out.IdentityId!);
        return json(200, { IdentityId: out.IdentityId, Token: out.Token });
      }
      json(404, { detail: 'Not found.' });
    })().catch((err: unknown) => json(500, { detail: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    loginUrl: `${url}/api/login/`,
    identityUrl: `${url}/api/cognito/`,
    requests,
    developerCalls,
    stop: () =>
      new Promise<void>((resolve) => {
        cognito.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
