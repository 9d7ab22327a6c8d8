/**
 * A small cognito-idp server (JSON 1.1 protocol) that really verifies SRP: it keeps a salt and verifier per user,
 * answers USER_SRP_AUTH with a fresh B, and accepts PASSWORD_VERIFIER only with the right signature (moto accepts any).
 * Its maths is written separately from src/core/auth/srp.ts on purpose, so a shared mistake cannot pass both.
 */
import { createHash, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const G = 2n;

function pad(n: bigint): string {
  let h = n.toString(16);
  if (h.length % 2) h = `0${h}`;
  return parseInt(h[0], 16) >= 8 ? `00${h}` : h;
}
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest();
const big = (buf: Buffer) => BigInt(`0x${buf.toString('hex') || '0'}`);
function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % N;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
  }
  return result;
}
const K = big(sha(Buffer.from(pad(N) + pad(G), 'hex')));

export interface SrpUser {
  username: string;
  password: string;
  /** The pool's internal id for the user (USER_ID_FOR_SRP); a fresh UUID when omitted, so it differs from the username. */
  userIdForSrp?: string;
  /** Like a user created by an administrator: a correct password is answered with NEW_PASSWORD_REQUIRED, not tokens. */
  forceChangePassword?: boolean;
}

export interface SrpClient {
  clientId: string;
  clientSecret?: string;
}

export interface SrpServerOptions {
  userPoolId: string;
  clients: SrpClient[];
  users: SrpUser[];
  region?: string;
}

export interface RecordedRequest {
  target: string;
  body: Record<string, unknown>;
}

export interface SrpServer {
  endpoint: string;
  port: number;
  /** Every request received, in order (test-only memory; never written anywhere). */
  requests: RecordedRequest[];
  /** USER_ID_FOR_SRP of each user, by username. */
  userIds: Record<string, string>;
  stop(): Promise<void>;
}

interface StoredUser {
  username: string;
  password: string;
  userIdForSrp: string;
  salt: bigint;
  verifier: bigint;
  forceChangePassword: boolean;
}

interface Pending {
  user: StoredUser;
  clientId: string;
  A: bigint;
  b: bigint;
  B: bigint;
  secretBlock: string;
}

class AwsError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

const TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) \d\d:\d\d:\d\d UTC \d{4}$/;
const INCORRECT = 'Incorrect username or password.';

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Starts the server on 127.0.0.1 with a free port. */
export async function startSrpServer(options: SrpServerOptions): Promise<SrpServer> {
  const poolName = options.userPoolId.split('_')[1];
  const region = options.region ?? options.userPoolId.split('_')[0];
  const signingKey = randomBytes(32);
  const requests: RecordedRequest[] = [];
  const pending = new Map<string, Pending>();
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  const users = new Map<string, StoredUser>();
  for (const u of options.users) {
    const userIdForSrp = u.userIdForSrp ?? randomUUID();
    const salt = big(randomBytes(16));
    const x = big(sha(Buffer.concat([Buffer.from(pad(salt), 'hex'), Buffer.from(sha(`${poolName}${userIdForSrp}:${u.password}`).toString('hex'), 'hex')])));
    users.set(u.username, { username: u.username, password: u.password, userIdForSrp, salt, verifier: pow(G, x), forceChangePassword: Boolean(u.forceChangePassword) });
  }

  function checkClient(clientId: unknown, username: string, secretHash: unknown): SrpClient {
    const client = clients.get(String(clientId));
    if (!client) throw new AwsError('ResourceNotFoundException', 'User pool client does not exist.');
    if (client.clientSecret) {
      if (!secretHash) throw new AwsError('NotAuthorizedException', `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
      const expected = createHmac('sha256', client.clientSecret).update(username + client.clientId).digest('base64');
      if (expected !== secretHash) throw new AwsError('NotAuthorizedException', `Unable to verify secret hash for client ${client.clientId}`);
    }
    return client;
  }

  function success(user: StoredUser, clientId: string) {
    if (!user.forceChangePassword) return { ChallengeParameters: {}, AuthenticationResult: tokens(user, clientId) };
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: randomBytes(32).toString('base64url'),
      ChallengeParameters: { USER_ID_FOR_SRP: user.userIdForSrp, requiredAttributes: '[]', userAttributes: '{}' },
    };
  }

  function tokens(user: StoredUser, clientId: string) {
    const now = Math.floor(Date.now() / 1000);
    const iss = `https://cognito-idp.${region}.amazonaws.com/${options.userPoolId}`;
    const jwt = (payload: Record<string, unknown>) => {
      const body = `${b64url({ alg: 'HS256', typ: 'JWT', kid: 'srp-test' })}.${b64url(payload)}`;
      return `${body}.${createHmac('sha256', signingKey).update(body).digest('base64url')}`;
    };
    const common = { sub: user.userIdForSrp, iss, iat: now, auth_time: now, exp: now + 3600, jti: randomUUID() };
    return {
      AccessToken: jwt({ ...common, token_use: 'access', client_id: clientId, username: user.username, scope: 'aws.cognito.signin.user.admin' }),
      IdToken: jwt({ ...common, token_use: 'id', aud: clientId, 'cognito:username': user.username }),
      RefreshToken: `${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}`,
      ExpiresIn: 3600,
      TokenType: 'Bearer',
    };
  }

  function initiateAuth(body: Record<string, unknown>) {
    const params = (body.AuthParameters ?? {}) as Record<string, string>;
    const username = params.USERNAME ?? '';
    checkClient(body.ClientId, username, params.SECRET_HASH);
    const user = users.get(username);
    if (body.AuthFlow === 'USER_PASSWORD_AUTH') {
      if (!user || user.password !== params.PASSWORD) throw new AwsError('NotAuthorizedException', INCORRECT);
      return success(user, String(body.ClientId));
    }
    if (body.AuthFlow !== 'USER_SRP_AUTH') throw new AwsError('InvalidParameterException', `Unsupported auth flow ${String(body.AuthFlow)}`);
    if (!user) throw new AwsError('NotAuthorizedException', INCORRECT);
    if (!params.SRP_A || !/^[0-9a-fA-F]+$/.test(params.SRP_A)) throw new AwsError('InvalidParameterException', 'SRP_A is missing or not hexadecimal.');
    const A = BigInt(`0x${params.SRP_A}`);
    if (A % N === 0n) throw new AwsError('InvalidParameterException', 'SRP_A mod N cannot be 0.');
    const b = big(randomBytes(128));
    const B = (K * user.verifier + pow(G, b)) % N;
    const secretBlock = randomBytes(64).toString('base64');
    const session = randomBytes(32).toString('base64url');
    pending.set(session, { user, clientId: String(body.ClientId), A, b, B, secretBlock });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: session,
      ChallengeParameters: {
        SALT: user.salt.toString(16),
        SRP_B: B.toString(16),
        SECRET_BLOCK: secretBlock,
        USER_ID_FOR_SRP: user.userIdForSrp,
        USERNAME: user.username,
      },
    };
  }

  function respondToAuthChallenge(body: Record<string, unknown>) {
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    if (body.ChallengeName !== 'PASSWORD_VERIFIER') throw new AwsError('InvalidParameterException', `Unsupported challenge ${String(body.ChallengeName)}`);
    const state = [...pending.entries()].find(([session, p]) => (body.Session ? session === body.Session : p.secretBlock === responses.PASSWORD_CLAIM_SECRET_BLOCK));
    if (!state) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    const [session, p] = state;
    pending.delete(session);
    // Like moto, the user is looked up by USERNAME: answering with USER_ID_FOR_SRP (when it differs) finds nobody.
    if (responses.USERNAME !== p.user.username) throw new AwsError('NotAuthorizedException', INCORRECT);
    checkClient(body.ClientId, responses.USERNAME, responses.SECRET_HASH);
    if (body.ClientId !== p.clientId) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    if (responses.PASSWORD_CLAIM_SECRET_BLOCK !== p.secretBlock) throw new AwsError('NotAuthorizedException', INCORRECT);
    if (!TIMESTAMP.test(responses.TIMESTAMP ?? '')) throw new AwsError('InvalidParameterException', `TIMESTAMP is not in the format ddd MMM d HH:mm:ss UTC yyyy: ${responses.TIMESTAMP}`);
    const u = big(sha(Buffer.from(pad(p.A) + pad(p.B), 'hex')));
    const S = pow(p.A * pow(p.user.verifier, u), p.b);
    const key = Buffer.from(hkdfSync('sha256', Buffer.from(pad(S), 'hex'), Buffer.from(pad(u), 'hex'), 'Caldera Derived Key', 16));
    const expected = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(poolName), Buffer.from(p.user.userIdForSrp), Buffer.from(p.secretBlock, 'base64'), Buffer.from(responses.TIMESTAMP)]))
      .digest();
    const got = Buffer.from(responses.PASSWORD_CLAIM_SIGNATURE ?? '', 'base64');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new AwsError('NotAuthorizedException', INCORRECT);
    return success(p.user, p.clientId);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const send = (status: number, payload: unknown, errorType?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(payload));
    };
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ target, body });
      if (req.method !== 'POST') throw new AwsError('InvalidAction', 'Only POST is supported.');
      if (target === 'AWSCognitoIdentityProviderService.InitiateAuth') return send(200, initiateAuth(body));
      if (target === 'AWSCognitoIdentityProviderService.RespondToAuthChallenge') return send(200, respondToAuthChallenge(body));
      throw new AwsError('UnknownOperationException', `Operation ${target} is not supported by the SRP test server.`);
    } catch (err) {
      const e = err instanceof AwsError ? err : new AwsError('InternalErrorException', String(err));
      send(e.type === 'InternalErrorException' ? 500 : 400, { __type: e.type, message: e.message }, e.type);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    userIds: Object.fromEntries([...users.values()].map((u) => [u.username, u.userIdForSrp])),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
