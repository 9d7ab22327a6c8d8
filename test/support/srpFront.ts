/**
 * The demo's honest front door: an HTTP server in front of moto that really checks SRP password proofs (moto accepts
 * any, see shared/MOTO-NOTES.md) and forwards everything else to moto unchanged. It knows the seeded users' passwords
 * and learns every password set through it (sign-up, new-password challenge, change and forgot password, admin set),
 * so a wrong password fails in every flow. After a proof checks out it asks moto for the tokens with
 * USER_PASSWORD_AUTH, which moto does verify, and hands moto's answer (tokens or the next challenge) to the client.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPasswordClaim, pad, passwordVerifier, serverHandshake } from './srpMath';

export interface FrontClient {
  clientId: string;
  userPoolId: string;
  clientSecret?: string;
}

export interface FrontUser {
  userPoolId: string;
  username: string;
  password: string;
}

export interface SrpFront {
  endpoint: string;
  stop(): Promise<void>;
}

interface Handshake {
  client: FrontClient;
  username: string;
  password: string;
  A: bigint;
  b: bigint;
  B: bigint;
  secretBlock: string;
  verifier: bigint;
  expires: number;
}

const IDP = 'AWSCognitoIdentityProviderService.';
const INCORRECT = 'Incorrect username or password.';
const HANDSHAKE_MS = 3 * 60_000;
const JSON_TYPE = 'application/x-amz-json-1.1';

function secretHash(client: FrontClient, username: string): string | undefined {
  return client.clientSecret ? createHmac('sha256', client.clientSecret).update(username + client.clientId).digest('base64') : undefined;
}

function claimsOf(jwt: unknown): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Starts the front on 127.0.0.1 (a free port unless `port` is given). */
export async function startSrpFront(opts: { upstream: string; clients: FrontClient[]; users: FrontUser[]; port?: number; log?: (line: string) => void }): Promise<SrpFront> {
  const upstream = opts.upstream.replace(/\/+$/, '');
  const clients = new Map(opts.clients.map((c) => [c.clientId, c]));
  const passwords = new Map(opts.users.map((u) => [`${u.userPoolId}/${u.username}`, u.password]));
  const handshakes = new Map<string, Handshake>();
  const log = opts.log ?? (() => undefined);

  async function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v;
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const res = await fetch(upstream + (req.url ?? '/'), { method: req.method, headers, body: hasBody ? body : undefined, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'content-length') out[k] = v;
    });
    return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
  }

  async function idp(target: string, payload: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, 'x-amz-target': IDP + target, authorization: 'AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }

  /** USER_SRP_AUTH: answer with our own PASSWORD_VERIFIER challenge, built from the password we know. */
  function startSrp(body: Record<string, unknown>, client: FrontClient) {
    const params = (body.AuthParameters ?? {}) as Record<string, string>;
    const username = params.USERNAME ?? '';
    const expectedHash = secretHash(client, username);
    if (expectedHash && params.SECRET_HASH !== expectedHash) return error('NotAuthorizedException', `Unable to verify secret hash for client ${client.clientId}`);
    const password = passwords.get(`${client.userPoolId}/${username}`);
    if (password === undefined) {
      log(`no password is known for ${username}: users created outside the demo front can sign in with the password flow only`);
      return error('NotAuthorizedException', INCORRECT);
    }
    const { salt, verifier } = passwordVerifier(client.userPoolId.split('_')[1] ?? '', username, password);
    const h = serverHandshake(params.SRP_A, verifier);
    if (typeof h === 'string') return error('InvalidParameterException', h);
    const session = `front-${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    for (const [key, old] of handshakes) if (old.expires < now) handshakes.delete(key);
    handshakes.set(session, { client, username, password, verifier, ...h, expires: now + HANDSHAKE_MS });
    return ok({
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: session,
      ChallengeParameters: { SALT: pad(salt), SRP_B: h.B.toString(16), SECRET_BLOCK: h.secretBlock, USER_ID_FOR_SRP: username, USERNAME: username },
    });
  }

  /** PASSWORD_VERIFIER on one of our sessions: a wrong proof fails here; a right one gets moto's answer to the password. */
  async function finishSrp(body: Record<string, unknown>, h: Handshake) {
    handshakes.delete(String(body.Session));
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    if (body.ClientId !== h.client.clientId || responses.USERNAME !== h.username) return error('NotAuthorizedException', INCORRECT);
    const verdict = checkPasswordClaim(h, h.client.userPoolId.split('_')[1] ?? '', h.username, h.verifier, responses);
    if (verdict === 'timestamp') return error('InvalidParameterException', 'TIMESTAMP is not in the format ddd MMM d HH:mm:ss UTC yyyy.');
    if (verdict === 'wrong') return error('NotAuthorizedException', INCORRECT);
    const hash = secretHash(h.client, h.username);
    const authParameters: Record<string, string> = { USERNAME: h.username, PASSWORD: h.password, ...(hash ? { SECRET_HASH: hash } : {}) };
    if (responses.DEVICE_KEY) authParameters.DEVICE_KEY = responses.DEVICE_KEY;
    const res = await idp('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: h.client.clientId, AuthParameters: authParameters, ClientMetadata: body.ClientMetadata });
    return { status: res.status, json: res.json };
  }

  /** After moto accepted a request that sets a password, remember the new one for SRP. */
  function learn(target: string, body: Record<string, unknown>): void {
    const pool = (clientId: unknown) => clients.get(String(clientId))?.userPoolId;
    const set = (poolId: string | undefined, username: unknown, password: unknown) => {
      if (poolId && typeof username === 'string' && typeof password === 'string') passwords.set(`${poolId}/${username}`, password);
    };
    const responses = (body.ChallengeResponses ?? {}) as Record<string, unknown>;
    if (target === 'SignUp' || target === 'ConfirmForgotPassword') set(pool(body.ClientId), body.Username, body.Password);
    else if (target === 'RespondToAuthChallenge' && body.ChallengeName === 'NEW_PASSWORD_REQUIRED') set(pool(body.ClientId), responses.USERNAME, responses.NEW_PASSWORD);
    else if (target === 'AdminSetUserPassword') set(String(body.UserPoolId), body.Username, body.Password);
    else if (target === 'AdminCreateUser') set(String(body.UserPoolId), body.Username, body.TemporaryPassword);
    else if (target === 'ChangePassword') {
      const claims = claimsOf(body.AccessToken);
      set(pool(claims.client_id), claims.username, body.ProposedPassword);
    }
  }

  function ok(json: Record<string, unknown>) {
    return { status: 200, json };
  }
  function error(type: string, message: string) {
    return { status: 400, json: { __type: type, message } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const target = String(req.headers['x-amz-target'] ?? '');
    const send = (status: number, json: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': JSON_TYPE, ...(status >= 400 && typeof json.__type === 'string' ? { 'x-amzn-errortype': json.__type } : {}) });
      res.end(JSON.stringify(json));
    };
    try {
      if (target.startsWith(IDP)) {
        const op = target.slice(IDP.length);
        const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
        const client = clients.get(String(body.ClientId));
        if (op === 'InitiateAuth' && body.AuthFlow === 'USER_SRP_AUTH' && client) {
          const out = startSrp(body, client);
          return send(out.status, out.json);
        }
        const h = op === 'RespondToAuthChallenge' ? handshakes.get(String(body.Session)) : undefined;
        if (h && body.ChallengeName === 'PASSWORD_VERIFIER') {
          const out = await finishSrp(body, h);
          return send(out.status, out.json);
        }
        const out = await forward(req, raw);
        if (out.status === 200) learn(op, body);
        res.writeHead(out.status, out.headers);
        return res.end(out.body);
      }
      const out = await forward(req, raw);
      res.writeHead(out.status, out.headers);
      res.end(out.body);
    } catch (err) {
      send(500, { __type: 'InternalErrorException', message: `The demo's front could not reach the emulator: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
