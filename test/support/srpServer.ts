/**
 * A small cognito-idp server (JSON 1.1 protocol) that really verifies SRP: it keeps a salt and verifier per user,
 * answers USER_SRP_AUTH with a fresh B, and accepts PASSWORD_VERIFIER only with the right signature (moto accepts any).
 * With `deviceTracking` it also plays Cognito's device part for real: NewDeviceMetadata, ConfirmDevice with a
 * verifier, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER checked against it, refresh tokens bound to the device,
 * ListDevices / ForgetDevice / UpdateDeviceStatus. SECRET_HASH is checked on every request that names a user.
 * Its maths (srpMath.ts) is written separately from src/core/auth/srp.ts on purpose.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';
import { big, checkPasswordClaim, pad, passwordVerifier, serverHandshake } from './srpMath';



export interface SrpUser {
  username: string;
  password: string;
  /** The pool's internal id for the user (USER_ID_FOR_SRP); a fresh UUID when omitted, so it differs from the username. */
  userIdForSrp?: string;
  /** Like a user created by an administrator: a correct password is answered with NEW_PASSWORD_REQUIRED, not tokens. */
  forceChangePassword?: boolean;
  /** An alias the user may sign in with (like an email alias): SECRET_HASH on InitiateAuth uses it, later steps the username. */
  alias?: string;
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
  /** Track devices: every sign-in without a confirmed device returns NewDeviceMetadata; known devices get DEVICE_SRP_AUTH. */
  deviceTracking?: boolean;
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
  /** Devices by key (test-only view). */
  devices: Map<string, StoredDevice>;
  stop(): Promise<void>;
}

interface StoredUser {
  username: string;
  password: string;
  userIdForSrp: string;
  salt: bigint;
  verifier: bigint;
  forceChangePassword: boolean;
  alias?: string;
}

interface Pending {
  user: StoredUser;
  clientId: string;
  A: bigint;
  b: bigint;
  B: bigint;
  secretBlock: string;
  /** DEVICE_KEY sent with InitiateAuth. */
  deviceKey?: string;
  /** Set for DEVICE_PASSWORD_VERIFIER: the device being proven. */
  device?: StoredDevice;
}

export interface StoredDevice {
  deviceKey: string;
  deviceGroupKey: string;
  username: string;
  confirmed: boolean;
  salt?: bigint;
  verifier?: bigint;
  name?: string;
  remembered?: string;
}

class AwsError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

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
    const { salt, verifier } = passwordVerifier(poolName, userIdForSrp, u.password);
    users.set(u.username, { username: u.username, password: u.password, userIdForSrp, salt, verifier, forceChangePassword: Boolean(u.forceChangePassword), alias: u.alias });
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

  const devices = new Map<string, StoredDevice>();
  const deviceGroupKey = `-${randomBytes(6).toString('base64url')}`;
  const accessTokens = new Map<string, StoredUser>();
  const refreshTokens = new Map<string, { user: StoredUser; clientId: string; deviceKey?: string }>();
  const challengeSessions = new Map<string, { user: StoredUser; clientId: string; deviceKey?: string; expect: string }>();

  function findUser(name: string): StoredUser | undefined {
    return users.get(name) ?? [...users.values()].find((u) => u.alias === name);
  }

  function knownDevice(user: StoredUser, deviceKey: string | undefined): StoredDevice | undefined {
    const d = deviceKey ? devices.get(deviceKey) : undefined;
    return d && d.confirmed && d.username === user.username ? d : undefined;
  }

  /** After the password is proven: a known device must prove itself too; otherwise tokens (and maybe a new device). */
  function afterPassword(user: StoredUser, clientId: string, deviceKey: string | undefined) {
    if (!user.forceChangePassword && options.deviceTracking && knownDevice(user, deviceKey)) {
      const session = randomBytes(32).toString('base64url');
      challengeSessions.set(session, { user, clientId, deviceKey, expect: 'DEVICE_SRP_AUTH' });
      return { ChallengeName: 'DEVICE_SRP_AUTH', Session: session, ChallengeParameters: { USERNAME: user.username } };
    }
    return success(user, clientId, deviceKey);
  }

  function success(user: StoredUser, clientId: string, deviceKey?: string) {
    if (!user.forceChangePassword) {
      const device = knownDevice(user, deviceKey);
      const result: Record<string, unknown> = tokens(user, clientId, device?.deviceKey);
      if (options.deviceTracking && !device) {
        const key = `${region}_${randomUUID()}`;
        devices.set(key, { deviceKey: key, deviceGroupKey, username: user.username, confirmed: false });
        result.NewDeviceMetadata = { DeviceKey: key, DeviceGroupKey: deviceGroupKey };
      }
      return { ChallengeParameters: {}, AuthenticationResult: result };
    }
    const session = randomBytes(32).toString('base64url');
    challengeSessions.set(session, { user, clientId, deviceKey, expect: 'NEW_PASSWORD_REQUIRED' });
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: user.userIdForSrp, USERNAME: user.username, requiredAttributes: '[]', userAttributes: '{}' },
    };
  }

  function tokens(user: StoredUser, clientId: string, deviceKey?: string) {
    const now = Math.floor(Date.now() / 1000);
    const iss = `https://cognito-idp.${region}.amazonaws.com/${options.userPoolId}`;
    const jwt = (payload: Record<string, unknown>) => {
      const body = `${b64url({ alg: 'HS256', typ: 'JWT', kid: 'srp-test' })}.${b64url(payload)}`;
      return `${body}.${createHmac('sha256', signingKey).update(body).digest('base64url')}`;
    };
    const common = { sub: user.userIdForSrp, iss, iat: now, auth_time: now, exp: now + 3600, jti: randomUUID() };
    const accessToken = jwt({ ...common, token_use: 'access', client_id: clientId, username: user.username, scope: 'aws.cognito.signin.user.admin', ...(deviceKey ? { device_key: deviceKey } : {}) });
    const refreshToken = `${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
    accessTokens.set(accessToken, user);
    refreshTokens.set(refreshToken, { user, clientId, deviceKey });
    return {
      AccessToken: accessToken,
      IdToken: jwt({ ...common, token_use: 'id', aud: clientId, 'cognito:username': user.username }),
      RefreshToken: refreshToken,
      ExpiresIn: 3600,
      TokenType: 'Bearer',
    };
  }

  function refresh(body: Record<string, unknown>, params: Record<string, string>) {
    const stored = refreshTokens.get(params.REFRESH_TOKEN ?? '');
    if (!stored || stored.clientId !== body.ClientId) throw new AwsError('NotAuthorizedException', 'Invalid Refresh Token');
    checkClient(body.ClientId, stored.user.username, params.SECRET_HASH);
    // Device tracking binds the refresh token to its device: a forgotten device, or none sent, ends the session.
    if (stored.deviceKey && (params.DEVICE_KEY !== stored.deviceKey || !devices.has(stored.deviceKey))) throw new AwsError('NotAuthorizedException', 'Invalid Refresh Token');
    const fresh = tokens(stored.user, stored.clientId, stored.deviceKey) as Record<string, unknown>;
    refreshTokens.delete(fresh.RefreshToken as string);
    delete fresh.RefreshToken;
    return { ChallengeParameters: {}, AuthenticationResult: fresh };
  }

  function userOfAccessToken(token: unknown): StoredUser {
    const user = accessTokens.get(String(token ?? ''));
    if (!user) throw new AwsError('NotAuthorizedException', 'Invalid Access Token');
    return user;
  }

  function deviceOf(user: StoredUser, key: unknown): StoredDevice {
    const device = devices.get(String(key ?? ''));
    if (!device || device.username !== user.username) throw new AwsError('ResourceNotFoundException', 'Device does not exist.');
    return device;
  }

  function confirmDevice(body: Record<string, unknown>) {
    const user = userOfAccessToken(body.AccessToken);
    const device = deviceOf(user, body.DeviceKey);
    const config = (body.DeviceSecretVerifierConfig ?? {}) as { Salt?: string; PasswordVerifier?: string };
    if (!config.Salt || !config.PasswordVerifier) throw new AwsError('InvalidParameterException', 'DeviceSecretVerifierConfig needs Salt and PasswordVerifier.');
    device.salt = big(Buffer.from(config.Salt, 'base64'));
    device.verifier = big(Buffer.from(config.PasswordVerifier, 'base64'));
    device.confirmed = true;
    device.name = typeof body.DeviceName === 'string' ? body.DeviceName : undefined;
    device.remembered = 'not_remembered';
    return { UserConfirmationNecessary: false };
  }

  function deviceSrpAuth(body: Record<string, unknown>, responses: Record<string, string>) {
    const state = challengeSessions.get(String(body.Session ?? ''));
    if (!state || state.expect !== 'DEVICE_SRP_AUTH') throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    challengeSessions.delete(String(body.Session));
    if (responses.USERNAME !== state.user.username) throw new AwsError('NotAuthorizedException', INCORRECT);
    checkClient(body.ClientId, responses.USERNAME, responses.SECRET_HASH);
    const device = knownDevice(state.user, responses.DEVICE_KEY);
    if (!device || !device.verifier || device.salt === undefined) throw new AwsError('ResourceNotFoundException', 'Device does not exist.');
    const h = handshake(responses.SRP_A, device.verifier);
    const { B, secretBlock } = h;
    const session = randomBytes(32).toString('base64url');
    pending.set(session, { user: state.user, clientId: state.clientId, ...h, deviceKey: device.deviceKey, device });
    return {
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: session,
      ChallengeParameters: { SRP_B: B.toString(16), SALT: pad(device.salt), SECRET_BLOCK: secretBlock, USERNAME: state.user.username, DEVICE_KEY: device.deviceKey },
    };
  }

  function handshake(srpA: string | undefined, verifier: bigint) {
    const h = serverHandshake(srpA, verifier);
    if (typeof h === 'string') throw new AwsError('InvalidParameterException', h);
    return h;
  }

  function verifyClaim(p: Pending, poolOrGroup: string, userId: string, verifier: bigint, responses: Record<string, string>) {
    const verdict = checkPasswordClaim(p, poolOrGroup, userId, verifier, responses);
    if (verdict === 'timestamp') throw new AwsError('InvalidParameterException', `TIMESTAMP is not in the format ddd MMM d HH:mm:ss UTC yyyy: ${responses.TIMESTAMP}`);
    if (verdict === 'wrong') throw new AwsError('NotAuthorizedException', INCORRECT);
  }

  function newPassword(body: Record<string, unknown>, responses: Record<string, string>) {
    const state = challengeSessions.get(String(body.Session ?? ''));
    if (!state || state.expect !== 'NEW_PASSWORD_REQUIRED') throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    if (responses.USERNAME !== state.user.username) throw new AwsError('NotAuthorizedException', INCORRECT);
    checkClient(body.ClientId, responses.USERNAME, responses.SECRET_HASH);
    if (!responses.NEW_PASSWORD) throw new AwsError('InvalidPasswordException', 'Password does not conform to policy.');
    challengeSessions.delete(String(body.Session));
    state.user.forceChangePassword = false;
    return success(state.user, state.clientId, state.deviceKey);
  }

  function initiateAuth(body: Record<string, unknown>) {
    const params = (body.AuthParameters ?? {}) as Record<string, string>;
    if (body.AuthFlow === 'REFRESH_TOKEN_AUTH' || body.AuthFlow === 'REFRESH_TOKEN') return refresh(body, params);
    const username = params.USERNAME ?? '';
    checkClient(body.ClientId, username, params.SECRET_HASH);
    const user = findUser(username);
    if (body.AuthFlow === 'USER_PASSWORD_AUTH') {
      if (!user || user.password !== params.PASSWORD) throw new AwsError('NotAuthorizedException', INCORRECT);
      return afterPassword(user, String(body.ClientId), params.DEVICE_KEY);
    }
    if (body.AuthFlow !== 'USER_SRP_AUTH') throw new AwsError('InvalidParameterException', `Unsupported auth flow ${String(body.AuthFlow)}`);
    if (!user) throw new AwsError('NotAuthorizedException', INCORRECT);
    const h = handshake(params.SRP_A, user.verifier);
    const { B, secretBlock } = h;
    const session = randomBytes(32).toString('base64url');
    pending.set(session, { user, clientId: String(body.ClientId), ...h, deviceKey: params.DEVICE_KEY });
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
    if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED') return newPassword(body, responses);
    if (body.ChallengeName === 'DEVICE_SRP_AUTH') return deviceSrpAuth(body, responses);
    if (body.ChallengeName !== 'PASSWORD_VERIFIER' && body.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER') {
      throw new AwsError('InvalidParameterException', `Unsupported challenge ${String(body.ChallengeName)}`);
    }
    const state = [...pending.entries()].find(([session, p]) => (body.Session ? session === body.Session : p.secretBlock === responses.PASSWORD_CLAIM_SECRET_BLOCK));
    if (!state) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    const [session, p] = state;
    pending.delete(session);
    // Like moto, the user is looked up by USERNAME: answering with USER_ID_FOR_SRP (when it differs) finds nobody.
    if (responses.USERNAME !== p.user.username) throw new AwsError('NotAuthorizedException', INCORRECT);
    checkClient(body.ClientId, responses.USERNAME, responses.SECRET_HASH);
    if (body.ClientId !== p.clientId) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    if (body.ChallengeName === 'DEVICE_PASSWORD_VERIFIER') {
      if (!p.device?.verifier || responses.DEVICE_KEY !== p.device.deviceKey) throw new AwsError('NotAuthorizedException', 'Incorrect device key or signature.');
      // For devices the group key stands where the pool name goes and the device key where the user id goes.
      verifyClaim(p, p.device.deviceGroupKey, p.device.deviceKey, p.device.verifier, responses);
      return success(p.user, p.clientId, p.device.deviceKey);
    }
    if (p.device) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    verifyClaim(p, poolName, p.user.userIdForSrp, p.user.verifier, responses);
    return afterPassword(p.user, p.clientId, p.deviceKey);
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
      if (target === 'AWSCognitoIdentityProviderService.ConfirmDevice') return send(200, confirmDevice(body));
      if (target === 'AWSCognitoIdentityProviderService.ListDevices') {
        const user = userOfAccessToken(body.AccessToken);
        const mine = [...devices.values()].filter((d) => d.username === user.username && d.confirmed);
        return send(200, {
          Devices: mine.map((d) => ({
            DeviceKey: d.deviceKey,
            DeviceAttributes: [
              ...(d.name ? [{ Name: 'device_name', Value: d.name }] : []),
              { Name: 'dev:device_remembered_status', Value: d.remembered ?? 'not_remembered' },
            ],
            DeviceCreateDate: Math.floor(Date.now() / 1000),
          })),
        });
      }
      if (target === 'AWSCognitoIdentityProviderService.ForgetDevice') {
        devices.delete(deviceOf(userOfAccessToken(body.AccessToken), body.DeviceKey).deviceKey);
        return send(200, {});
      }
      if (target === 'AWSCognitoIdentityProviderService.UpdateDeviceStatus') {
        deviceOf(userOfAccessToken(body.AccessToken), body.DeviceKey).remembered = String(body.DeviceRememberedStatus);
        return send(200, {});
      }
      throw new AwsError('UnknownOperationException', `Operation ${target} is not supported by the SRP test server.`);
    } catch (err) {
      const e = err instanceof AwsError ? err : new AwsError('InternalErrorException', String(err));
      send(e.type === 'InternalErrorException' ? 500 : 400, { __type: e.type, message: e.message }, e.type);
    }
  }

  const { endpoint, port, stop } = await listenOnLoopback(createServer((req, res) => void handle(req, res)));
  return {
    endpoint,
    port,
    requests,
    userIds: Object.fromEntries([...users.values()].map((u) => [u.username, u.userIdForSrp])),
    devices,
    stop,
  };
}
