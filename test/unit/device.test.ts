/**
 * Device SRP against amazon-cognito-identity-js as an independent oracle: the ConfirmDevice verifier
 * (generateHashDevice) and the DEVICE_PASSWORD_VERIFIER signature (getDeviceResponse), plus the device secret store.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deleteDevice, deviceSecretKey, loadDevice, saveDevice } from '../../src/core/auth/devices';
import { computeA, devicePasswordVerifier, deviceVerifier, formatTimestamp, N } from '../../src/core/auth/srp';
import { MemorySecretStore } from '../../src/core/ports';

interface OracleBigInteger {
  toString(radix: number): string;
}
interface OracleHelper {
  generateHashDevice(groupKey: string, username: string, cb: (err: unknown) => void): void;
  getRandomPassword(): string;
  getSaltDevices(): string;
  getVerifierDevices(): string;
}
type OracleHelperClass = { new (poolName: string): OracleHelper; prototype: { generateRandomSmallA(): OracleBigInteger } };
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default as OracleHelperClass;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default as new (value: string, radix: number) => OracleBigInteger;
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper.js').default as { prototype: { getNowString(): string } };
const identity = require('amazon-cognito-identity-js') as {
  CognitoUserPool: new (data: { UserPoolId: string; ClientId: string }) => unknown;
  CognitoUser: new (data: { Username: string; Pool: unknown }) => Record<string, unknown> & {
    getDeviceResponse(callbacks: { onSuccess(): void; onFailure(err: unknown): void }): void;
  };
};

const randomBig = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

/** The oracle's device step: CognitoUser.getDeviceResponse with a, clock and transport pinned; returns what it sends. */
async function oracleDeviceAnswer(c: { deviceKey: string; groupKey: string; password: string; a: bigint; B: bigint; salt: string; secretBlock: string; timestamp: string }) {
  const pool = new identity.CognitoUserPool({ UserPoolId: 'us-east-1_Oracle', ClientId: 'oracleclient' });
  const user = new identity.CognitoUser({ Username: 'alice', Pool: pool });
  Object.assign(user, { deviceKey: c.deviceKey, deviceGroupKey: c.groupKey, randomPassword: c.password, Session: 'session-0' });
  const sent: Array<{ op: string; params: Record<string, unknown> }> = [];
  user.client = {
    request(op: string, params: Record<string, unknown>, cb: (err: unknown, data?: unknown) => void) {
      sent.push({ op, params });
      if (sent.length === 1) {
        cb(null, { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: 'session-1', ChallengeParameters: { SRP_B: c.B.toString(16), SALT: c.salt, SECRET_BLOCK: c.secretBlock } });
      } else {
        cb(Object.assign(new Error('captured'), { code: 'Captured' }));
      }
    },
  };
  const originalA = AuthenticationHelper.prototype.generateRandomSmallA;
  const originalNow = DateHelper.prototype.getNowString;
  AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(c.a.toString(16), 16);
  DateHelper.prototype.getNowString = () => c.timestamp;
  try {
    await new Promise<void>((resolve) => user.getDeviceResponse({ onSuccess: () => resolve(), onFailure: () => resolve() }));
  } finally {
    AuthenticationHelper.prototype.generateRandomSmallA = originalA;
    DateHelper.prototype.getNowString = originalNow;
  }
  assert.equal(sent.length, 2, 'the oracle sent DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER');
  return { srp: sent[0].params.ChallengeResponses as Record<string, string>, verifier: sent[1].params.ChallengeResponses as Record<string, string> };
}

describe('device SRP against amazon-cognito-identity-js', function () {
  this.timeout(60_000);

  it('makes the same ConfirmDevice salt and verifier as generateHashDevice, for the same password and salt', () => {
    for (let i = 0; i < 6; i++) {
      const groupKey = `-${randomBytes(6).toString('base64url')}`;
      const deviceKey = `us-east-1_${randomBytes(16).toString('hex')}`;
      const helper = new AuthenticationHelper(groupKey);
      helper.generateHashDevice(groupKey, deviceKey, (err) => assert.ifError(err));
      const mine = deviceVerifier(groupKey, deviceKey, helper.getRandomPassword(), Buffer.from(helper.getSaltDevices(), 'hex'));
      assert.equal(mine.saltHex, helper.getSaltDevices());
      assert.equal(mine.verifierHex, helper.getVerifierDevices());
      // What ConfirmDevice sends, exactly as the library builds it.
      assert.equal(mine.config.Salt, Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'));
      assert.equal(mine.config.PasswordVerifier, Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'));
    }
  });

  it('draws a fresh 40-byte password and salt each time', () => {
    const a = deviceVerifier('-group', 'dev1');
    const b = deviceVerifier('-group', 'dev1');
    assert.notEqual(a.devicePassword, b.devicePassword);
    assert.notEqual(a.saltHex, b.saltHex);
    assert.equal(Buffer.from(a.devicePassword, 'base64').length, 40);
  });

  it('answers DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER like getDeviceResponse (group key as pool name, device key as user)', async () => {
    for (let i = 0; i < 4; i++) {
      const groupKey = `-${randomBytes(6).toString('base64url')}`;
      const deviceKey = `us-east-1_${randomBytes(16).toString('hex')}`;
      const password = randomBytes(40).toString('base64');
      const c = {
        deviceKey,
        groupKey,
        password,
        a: randomBig(128),
        B: randomBig(384) % N,
        salt: randomBytes(16).toString('hex'),
        secretBlock: randomBytes(64).toString('base64'),
        timestamp: formatTimestamp(new Date(Date.UTC(2025, 10, 2 + i, 3, 4, 5))),
      };
      const oracle = await oracleDeviceAnswer(c);
      const A = computeA(c.a);
      assert.equal(oracle.srp.SRP_A, A.toString(16));
      assert.equal(oracle.srp.DEVICE_KEY, deviceKey);
      const mine = devicePasswordVerifier({ deviceGroupKey: groupKey, deviceKey, devicePassword: password, a: c.a, A, srpB: c.B.toString(16), salt: c.salt, secretBlock: c.secretBlock, timestamp: c.timestamp });
      assert.equal(mine.signature, oracle.verifier.PASSWORD_CLAIM_SIGNATURE);
      assert.equal(oracle.verifier.TIMESTAMP, mine.timestamp);
      assert.equal(oracle.verifier.DEVICE_KEY, deviceKey);
    }
  });

  it('refuses a server B of 0 mod N for devices too', () => {
    assert.throws(
      () => devicePasswordVerifier({ deviceGroupKey: '-g', deviceKey: 'd', devicePassword: 'p', a: 5n, srpB: N.toString(16), salt: 'ab', secretBlock: 'AA==', timestamp: 'Sun Nov 2 03:04:05 UTC 2025' }),
      /B mod N is 0/,
    );
  });
});

describe('device secrets in the SecretStore', () => {
  it('saves under cognitoExplorer/<connection>/device/<username> and loads them back', async () => {
    const secrets = new MemorySecretStore();
    const device = { deviceKey: 'us-east-1_dev', deviceGroupKey: '-grp', devicePassword: 'pw-of-device' };
    await saveDevice(secrets, 'conn1', 'alice', device);
    assert.deepEqual(secrets.keys(), ['cognitoExplorer/conn1/device/alice']);
    assert.equal(deviceSecretKey('conn1', 'alice'), 'cognitoExplorer/conn1/device/alice');
    assert.deepEqual(await loadDevice(secrets, 'conn1', 'alice'), device);
    assert.equal(await loadDevice(secrets, 'conn1', 'bob'), undefined);
    await deleteDevice(secrets, 'conn1', 'alice');
    assert.equal(await loadDevice(secrets, 'conn1', 'alice'), undefined);
  });

  it('treats a damaged or incomplete entry as no device', async () => {
    const secrets = new MemorySecretStore();
    await secrets.store(deviceSecretKey('c', 'u'), '{not json');
    assert.equal(await loadDevice(secrets, 'c', 'u'), undefined);
    await secrets.store(deviceSecretKey('c', 'u'), JSON.stringify({ deviceKey: 'k' }));
    assert.equal(await loadDevice(secrets, 'c', 'u'), undefined);
  });
});
