/**
 * Devices and SECRET_HASH end to end against the SRP-verifying server, which checks device SRP for real:
 * remember a device (ConfirmDevice), sign in again answering DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER,
 * refresh bound to the device, list and forget it.
 */
import assert from 'node:assert/strict';
import { confirmDevice, forgetDevice, listDevices, loadDevice, saveDevice, updateDeviceStatus } from '../../src/core/auth/devices';
import { answerChallenge, startSignIn, type SignInDone, type SignInStep } from '../../src/core/auth/flow';
import { refreshTokens } from '../../src/core/auth/refresh';
import { signIn } from '../../src/core/auth/signIn';
import type { Connection } from '../../src/core/connection';
import { MemorySecretStore } from '../../src/core/ports';
import { startSrpServer, type SrpServer } from '../support/srpServer';
import { refusal } from '../support/assertions';

const POOL = 'us-east-1_DevTest7';
const PUBLIC_CLIENT = 'devicepublic1';
const SECRET_CLIENT = 'devicesecret1';
const CLIENT_SECRET = 'd3vice-client-s3cret';
const PASSWORD = 'Device-Passw0rd!';

function done(step: SignInStep): SignInDone {
  assert.equal(step.kind, 'done', step.kind === 'challenge' ? `unexpected challenge ${step.challenge.name}` : '');
  return step as SignInDone;
}


const ops = (server: SrpServer) => server.requests.map((r) => {
  const op = r.target.split('.').pop() as string;
  return r.body.ChallengeName ? `${op}:${String(r.body.ChallengeName)}` : op;
});

describe('devices against the SRP-verifying server', function () {
  this.timeout(30_000);
  let server: SrpServer;
  let conn: Connection;

  before(async () => {
    server = await startSrpServer({
      userPoolId: POOL,
      deviceTracking: true,
      clients: [{ clientId: PUBLIC_CLIENT }, { clientId: SECRET_CLIENT, clientSecret: CLIENT_SECRET }],
      users: [
        { username: 'alice', password: PASSWORD },
        { username: 'erin-internal', alias: 'erin@example.com', password: PASSWORD },
        { username: 'newbie', alias: 'newbie@example.com', password: 'Temp-Passw0rd!', forceChangePassword: true },
      ],
    });
    conn = { id: 'dev', name: 'devices', region: 'us-east-1', userPoolId: POOL, clientId: PUBLIC_CLIENT, endpointUrl: server.endpoint };
  });
  after(() => server?.stop());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('remembers a device, then signs in answering the device challenges from the stored secrets', async () => {
    const first = done(await startSignIn({ connection: conn, username: 'alice', password: PASSWORD }));
    assert.ok(first.newDevice, 'the pool tracks devices, so the first sign-in announces one');
    const confirmed = await confirmDevice(conn, first.tokens.accessToken, first.newDevice!, { deviceName: 'test laptop', remember: true });
    assert.equal(confirmed.device.deviceKey, first.newDevice!.deviceKey);
    assert.equal(confirmed.remembered, true);
    assert.deepEqual(confirmed.trace.map((e) => e.operation), ['ConfirmDevice', 'UpdateDeviceStatus']);
    assert.ok(!JSON.stringify(confirmed.trace).includes(confirmed.device.devicePassword));

    const secrets = new MemorySecretStore();
    await saveDevice(secrets, conn.id, 'alice', confirmed.device);
    const device = await loadDevice(secrets, conn.id, 'alice');

    const listed = await listDevices(conn, first.tokens.accessToken);
    assert.deepEqual(listed.map((d) => [d.deviceKey, d.name, d.rememberedStatus]), [[confirmed.device.deviceKey, 'test laptop', 'remembered']]);
    assert.match(listed[0].createdAt ?? '', /^\d{4}-\d\d-\d\dT/);

    server.requests.length = 0;
    const second = done(await startSignIn({ connection: conn, username: 'alice', password: PASSWORD, device }));
    assert.equal(second.newDevice, undefined, 'a known device is not announced again');
    assert.deepEqual(ops(server), ['InitiateAuth', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'RespondToAuthChallenge:DEVICE_SRP_AUTH', 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER']);
    const init = server.requests[0].body.AuthParameters as Record<string, string>;
    assert.equal(init.DEVICE_KEY, confirmed.device.deviceKey);
    assert.deepEqual(second.trace.map((e) => e.challengeName ?? e.authFlow), ['USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    assert.ok(!JSON.stringify(second.trace).includes(confirmed.device.devicePassword));

    // The one-shot signIn() answers device challenges too.
    const tokens = await signIn({ connection: conn, username: 'alice', password: PASSWORD, device });
    assert.ok(tokens.accessToken);
  });

  it('refuses a device whose password is wrong (the server checks the device signature)', async () => {
    const first = done(await startSignIn({ connection: conn, username: 'alice', password: PASSWORD }));
    const { device } = await confirmDevice(conn, first.tokens.accessToken, first.newDevice!);
    const err = await refusal(startSignIn({ connection: conn, username: 'alice', password: PASSWORD, device: { ...device, devicePassword: 'not-the-device-password' } }));
    assert.equal(err.code, 'NotAuthorizedException');
    assert.deepEqual(ops(server).slice(-2), ['RespondToAuthChallenge:DEVICE_SRP_AUTH', 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER']);
  });

  it('refreshes with the device key; a refused or forgotten device ends the session with "sign in again"', async () => {
    const first = done(await startSignIn({ connection: conn, username: 'alice', password: PASSWORD }));
    const { device } = await confirmDevice(conn, first.tokens.accessToken, first.newDevice!);
    const bound = done(await startSignIn({ connection: conn, username: 'alice', password: PASSWORD, device }));
    const refresh = bound.tokens.refreshToken!;

    const fresh = await refreshTokens(conn, refresh, { deviceKey: device.deviceKey, clock: { now: () => 7 } });
    assert.equal(fresh.refreshToken, refresh, 'REFRESH_TOKEN_AUTH returns no refresh token, so the old one is kept');
    assert.equal(fresh.obtainedAt, 7);
    assert.notEqual(fresh.accessToken, bound.tokens.accessToken);
    const sent = server.requests.at(-1)!.body as { AuthFlow: string; AuthParameters: Record<string, string> };
    assert.equal(sent.AuthFlow, 'REFRESH_TOKEN_AUTH');
    assert.deepEqual(Object.keys(sent.AuthParameters).sort(), ['DEVICE_KEY', 'REFRESH_TOKEN']);

    const without = await refusal(refreshTokens(conn, refresh));
    assert.equal(without.code, 'SessionExpired');
    assert.match(without.message, /sign in again\.$/);

    await updateDeviceStatus(conn, bound.tokens.accessToken, device.deviceKey, false);
    assert.equal(server.devices.get(device.deviceKey)?.remembered, 'not_remembered');
    await forgetDevice(conn, bound.tokens.accessToken, device.deviceKey);
    assert.ok(!(await listDevices(conn, bound.tokens.accessToken)).some((d) => d.deviceKey === device.deviceKey), 'the forgotten device is no longer listed');
    const forgotten = await refusal(refreshTokens(conn, refresh, { deviceKey: device.deviceKey }));
    assert.equal(forgotten.code, 'SessionExpired');
    assert.equal(forgotten.message, 'The refresh token is no longer valid: it expired or was revoked, or this remembered device was forgotten (device tracking ties refresh tokens to the device); sign in again.');
  });

  it('computes SECRET_HASH with the typed alias first and with Cognito\'s username afterwards (the server checks each)', async () => {
    const secretConn = { ...conn, clientId: SECRET_CLIENT, hasClientSecret: true };
    const step = done(await startSignIn({ connection: secretConn, username: 'erin@example.com', password: PASSWORD, clientSecret: CLIENT_SECRET }));
    assert.equal(step.cognitoUsername, 'erin-internal');
    assert.equal(step.username, 'erin@example.com');
    const { device } = await confirmDevice(secretConn, step.tokens.accessToken, step.newDevice!);
    server.requests.length = 0;
    const again = done(await startSignIn({ connection: secretConn, username: 'erin@example.com', password: PASSWORD, clientSecret: CLIENT_SECRET, device }));
    assert.equal(ops(server).length, 4);
    const usernames = server.requests.map((r) => ((r.body.AuthParameters ?? r.body.ChallengeResponses) as Record<string, string>).USERNAME);
    assert.deepEqual(usernames, ['erin@example.com', 'erin-internal', 'erin-internal', 'erin-internal']);
    // Refresh wants Cognito's username for SECRET_HASH too.
    const refreshed = await refreshTokens(secretConn, again.tokens.refreshToken!, { clientSecret: CLIENT_SECRET, username: again.cognitoUsername, deviceKey: device.deviceKey });
    assert.ok(refreshed.idToken);
    const wrong = await refusal(refreshTokens(secretConn, again.tokens.refreshToken!, { clientSecret: CLIENT_SECRET, username: 'erin@example.com', deviceKey: device.deviceKey }));
    assert.match(wrong.message, /secret hash/i, 'a wrong SECRET_HASH is a configuration problem, not an ended session');
    const missing = await refusal(refreshTokens(secretConn, again.tokens.refreshToken!, { clientSecret: CLIENT_SECRET }));
    assert.equal(missing.code, 'MissingUsername');
  });

  it('answers NEW_PASSWORD_REQUIRED with SECRET_HASH of the internal username, and the state holds no password', async () => {
    const secretConn = { ...conn, clientId: SECRET_CLIENT, hasClientSecret: true };
    const step = await startSignIn({ connection: secretConn, username: 'newbie@example.com', password: 'Temp-Passw0rd!', clientSecret: CLIENT_SECRET });
    assert.equal(step.kind, 'challenge');
    if (step.kind !== 'challenge') return;
    assert.deepEqual(step.challenge, { name: 'NEW_PASSWORD_REQUIRED', requiredAttributes: [], userAttributes: {} });
    const json = JSON.stringify(step.state);
    assert.ok(!json.includes('Temp-Passw0rd!') && !json.includes(CLIENT_SECRET), 'no password or client secret in the state');
    const state = JSON.parse(json);
    const noSecret = await refusal(answerChallenge(state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'Brand-New-Passw0rd!' }));
    assert.equal(noSecret.code, 'NotAuthorizedException');
    // A refused SECRET_HASH leaves the session usable, so the same state can be answered again with the secret.
    const fin = done(await answerChallenge(state, { name: 'NEW_PASSWORD_REQUIRED', newPassword: 'Brand-New-Passw0rd!' }, { clientSecret: CLIENT_SECRET }));
    assert.equal(fin.cognitoUsername, 'newbie');
    const respond = server.requests.at(-1)!.body as { ChallengeResponses: Record<string, string> };
    assert.equal(respond.ChallengeResponses.USERNAME, 'newbie');
    assert.ok(respond.ChallengeResponses.SECRET_HASH);
  });
});
