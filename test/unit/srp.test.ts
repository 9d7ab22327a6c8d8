/**
 * Cognito SRP maths against amazon-cognito-identity-js, used only as an independent oracle:
 * the same a, B, salt, secret block, timestamp and password must give identical A, u, key and signature.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { UserFacingError } from '../../src/core/errors';
import { secretHash } from '../../src/core/auth/secretHash';
import {
  computeA,
  computeU,
  formatTimestamp,
  fromHex,
  g,
  generateSmallA,
  k,
  modPow,
  modPowN,
  N,
  padHex,
  passwordAuthenticationKey,
  passwordClaimSignature,
  passwordVerifier,
  poolNameOf,
} from '../../src/core/auth/srp';

interface OracleBigInteger {
  toString(radix: number): string;
}
interface OracleHelper {
  k: OracleBigInteger;
  largeAValue: OracleBigInteger;
  UValue: OracleBigInteger;
  padHex(v: OracleBigInteger): string;
  getPasswordAuthenticationKey(user: string, password: string, B: OracleBigInteger, salt: OracleBigInteger, cb: (err: unknown, key: Buffer) => void): void;
}
type OracleHelperClass = { new (poolName: string): OracleHelper; prototype: { generateRandomSmallA(): OracleBigInteger } };
type OracleBigIntegerClass = new (value: string, radix: number) => OracleBigInteger;

// The library's internals ship without type declarations; require keeps the oracle out of the compiled product.
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default as OracleHelperClass;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default as OracleBigIntegerClass;
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper.js').default as { prototype: { getNowString(): string } };
const identity = require('amazon-cognito-identity-js') as {
  CognitoUserPool: new (data: { UserPoolId: string; ClientId: string }) => unknown;
  CognitoUser: new (data: { Username: string; Pool: unknown }) => {
    client: unknown;
    authenticateUser(details: unknown, callbacks: { onSuccess(): void; onFailure(err: unknown): void }): void;
  };
  AuthenticationDetails: new (data: { Username: string; Password: string }) => unknown;
};

const oracleBig = (v: bigint) => new BigInteger(v.toString(16), 16);
const randomBig = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

/** Runs fn with the oracle's random `a` fixed, so its constructor computes A from our value. */
function oracleHelper(poolName: string, a: bigint): OracleHelper {
  const original = AuthenticationHelper.prototype.generateRandomSmallA;
  AuthenticationHelper.prototype.generateRandomSmallA = () => oracleBig(a);
  try {
    return new AuthenticationHelper(poolName);
  } finally {
    AuthenticationHelper.prototype.generateRandomSmallA = original;
  }
}

function oracleKey(helper: OracleHelper, user: string, password: string, B: bigint, salt: bigint): Buffer {
  let key: Buffer | undefined;
  helper.getPasswordAuthenticationKey(user, password, oracleBig(B), oracleBig(salt), (err, k2) => {
    if (err) throw err;
    key = k2;
  });
  assert.ok(key, 'oracle computes the key synchronously');
  return Buffer.from(key);
}

interface Case {
  poolId: string;
  userIdForSrp: string;
  password: string;
  a: bigint;
  B: bigint;
  salt: bigint;
  secretBlock: string;
  timestamp: string;
}

/** The oracle's complete client step: CognitoUser.authenticateUser with its a, clock and transport pinned, capturing what it sends. */
async function oracleSignIn(c: Case): Promise<{ srpA: string; signature: string; username: string }> {
  const pool = new identity.CognitoUserPool({ UserPoolId: c.poolId, ClientId: 'oracleclient' });
  const user = new identity.CognitoUser({ Username: 'typed-name', Pool: pool });
  const sent: Record<string, Record<string, unknown>> = {};
  user.client = {
    request(op: string, params: Record<string, unknown>, cb: (err: unknown, data?: unknown) => void) {
      sent[op] = params;
      if (op === 'InitiateAuth') {
        cb(null, {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            USER_ID_FOR_SRP: c.userIdForSrp,
            SRP_B: c.B.toString(16),
            SALT: c.salt.toString(16),
            SECRET_BLOCK: c.secretBlock,
          },
        });
      } else {
        cb(Object.assign(new Error('stop here'), { code: 'Captured' }));
      }
    },
  };
  const originalA = AuthenticationHelper.prototype.generateRandomSmallA;
  const originalNow = DateHelper.prototype.getNowString;
  AuthenticationHelper.prototype.generateRandomSmallA = () => oracleBig(c.a);
  DateHelper.prototype.getNowString = () => c.timestamp;
  try {
    await new Promise<void>((resolve) => {
      user.authenticateUser(new identity.AuthenticationDetails({ Username: 'typed-name', Password: c.password }), {
        onSuccess: () => resolve(),
        onFailure: () => resolve(),
      });
    });
  } finally {
    AuthenticationHelper.prototype.generateRandomSmallA = originalA;
    DateHelper.prototype.getNowString = originalNow;
  }
  const init = sent.InitiateAuth.AuthParameters as Record<string, string>;
  const respond = sent.RespondToAuthChallenge.ChallengeResponses as Record<string, string>;
  assert.equal(respond.TIMESTAMP, c.timestamp);
  assert.equal(respond.PASSWORD_CLAIM_SECRET_BLOCK, c.secretBlock);
  return { srpA: init.SRP_A, signature: respond.PASSWORD_CLAIM_SIGNATURE, username: respond.USERNAME };
}

function randomCase(i: number): Case {
  const salt = randomBig(16);
  return {
    poolId: `us-east-1_Pool${i}${randomBytes(3).toString('hex')}`,
    userIdForSrp: i % 2 ? `user-${i}@example.com` : `0c6c2a4e-${randomBytes(2).toString('hex')}-4b0a-9d36-${randomBytes(6).toString('hex')}`,
    password: `P@ss-${randomBytes(6).toString('base64')}-ü${i}`,
    // Our own 288-bit a (what sign-in uses) and the reference's 1024-bit kind, alternately.
    a: i % 2 ? randomBig(128) : generateSmallA(),
    B: randomBig(384) % N,
    // Every third salt has its top bit set, so padHex must prepend '00'.
    salt: i % 3 === 0 ? salt | (1n << 127n) : salt,
    secretBlock: randomBytes(32 + i).toString('base64'),
    timestamp: formatTimestamp(new Date(Date.UTC(2020 + (i % 6), i % 12, 1 + (i % 28), i % 24, (i * 7) % 60, (i * 13) % 60))),
  };
}

function ours(c: Case) {
  const A = computeA(c.a);
  const poolName = poolNameOf(c.poolId);
  const { key, u } = passwordAuthenticationKey({ poolName, userIdForSrp: c.userIdForSrp, password: c.password, a: c.a, A, B: c.B, salt: c.salt });
  const signature = passwordClaimSignature({ key, poolName, userIdForSrp: c.userIdForSrp, secretBlock: c.secretBlock, timestamp: c.timestamp });
  return { A, u, key, signature };
}

function assertMatchesOracle(c: Case, label: string) {
  const mine = ours(c);
  const helper = oracleHelper(poolNameOf(c.poolId), c.a);
  const theirKey = oracleKey(helper, c.userIdForSrp, c.password, c.B, c.salt);
  const inputs = `${label}: a=${c.a.toString(16)} B=${c.B.toString(16)} salt=${c.salt.toString(16)} user=${c.userIdForSrp}`;
  assert.equal(mine.A.toString(16), helper.largeAValue.toString(16), `A differs (${inputs})`);
  assert.equal(mine.u.toString(16), helper.UValue.toString(16), `u differs (${inputs})`);
  assert.equal(mine.key.toString('hex'), theirKey.toString('hex'), `HKDF key differs (${inputs})`);
  return mine;
}

describe('SRP maths (oracle: amazon-cognito-identity-js)', function () {
  this.timeout(120_000);

  it('uses the same N, g and k', () => {
    const helper = oracleHelper('pool', 1n);
    assert.equal(k.toString(16), helper.k.toString(16));
    assert.equal(N.toString(16).length, 768);
    assert.equal(g, 2n);
  });

  it('padHex matches the reference on positive, negative and boundary values', () => {
    const helper = oracleHelper('pool', 1n);
    const values = [0n, 1n, 15n, 16n, 20n, 56n, 127n, 128n, 200n, 236n, 255n, 256n, 0x7fffn, 0x8000n, 0xffffn, N, N - 1n, (1n << 255n) + 5n, randomBig(33)];
    for (const v of [...values, ...values.filter((x) => x !== 0n).map((x) => -x), -20n, -56n, -200n, -236n, -128n, -0x8000n]) {
      assert.equal(padHex(v).toLowerCase(), helper.padHex(oracleBig(v)).toLowerCase(), `padHex(${v})`);
    }
    assert.equal(padHex(0x80n), '0080');
    assert.equal(padHex(-236n).toLowerCase(), 'ff14');
    assert.equal(padHex(-128n).toLowerCase(), '80');
  });

  it('the OpenSSL-backed modPowN equals bigint square-and-multiply, including the bases OpenSSL refuses', () => {
    const cases: Array<[bigint, bigint]> = [
      [g, randomBig(128)],
      [randomBig(384) % N, randomBig(160)],
      [0n, 5n],
      [1n, randomBig(32)],
      [N - 1n, 7n],
      [N - 1n, 8n],
      [N + 3n, 1n],
      [randomBig(384), 0n],
      [-5n, 3n],
    ];
    for (const [base, exp] of cases) assert.equal(modPowN(base, exp), modPow(base, exp, N), `base=${base.toString(16).slice(0, 12)} exp=${exp}`);
  });

  it('agrees with the reference on A, u, HKDF key and signature for 20 random inputs', async () => {
    for (let i = 0; i < 20; i++) {
      const c = randomCase(i);
      const mine = assertMatchesOracle(c, `case ${i}`);
      const theirs = await oracleSignIn(c);
      assert.equal(mine.A.toString(16), theirs.srpA, `SRP_A differs in case ${i}`);
      assert.equal(mine.signature, theirs.signature, `signature differs in case ${i}`);
      // The reference answers with USER_ID_FOR_SRP; we send USERNAME from the challenge instead (see signIn.ts), but sign the same way.
      assert.equal(theirs.username, c.userIdForSrp);
    }
  });

  it('agrees on salts and B with the high bit set, and salts whose hex has a leading zero', async () => {
    const base = randomCase(1);
    const variants: Array<Partial<Case>> = [
      { salt: (1n << 127n) | 1n },
      { salt: 0xffn << 120n },
      { salt: 0x0abcdefn },
      { salt: 1n },
      { B: (1n << 3071n) | randomBig(300) },
      { B: N - 1n },
      { B: N + 12345n },
      { a: 1n << 1023n },
    ];
    for (const [i, v] of variants.entries()) {
      const c = { ...base, ...v };
      const mine = assertMatchesOracle(c, `variant ${i}`);
      assert.equal(mine.signature, (await oracleSignIn(c)).signature, `signature differs in variant ${i}`);
    }
  });

  it('signs an unpadded-day timestamp exactly like the reference ("Sun Nov 2 ...")', async () => {
    const when = new Date(Date.UTC(2025, 10, 2, 3, 4, 5));
    const c = { ...randomCase(4), timestamp: formatTimestamp(when) };
    assert.equal(c.timestamp, 'Sun Nov 2 03:04:05 UTC 2025');
    assert.equal(ours(c).signature, (await oracleSignIn(c)).signature);
  });

  it('draws a fresh, non-zero a of at most 288 bits and at least the 275 OpenSSL uses for this group', () => {
    const draws = Array.from({ length: 200 }, () => generateSmallA());
    assert.equal(new Set(draws).size, draws.length);
    for (const a of draws) assert.ok(a > 0n && a < 1n << 288n);
    // Uniform over 288 bits: the longest of 200 draws all but surely reaches past 275 bits.
    assert.ok(draws.some((a) => a >= 1n << 280n));
  });

  it('refuses B mod N == 0, like the reference', () => {
    const c = randomCase(2);
    for (const B of [0n, N, 2n * N]) {
      assert.throws(
        () => passwordAuthenticationKey({ poolName: 'p', userIdForSrp: 'u', password: 'pw', a: c.a, B, salt: c.salt }),
        (err: unknown) => err instanceof UserFacingError && /B mod N is 0/.test(err.message),
      );
      assert.throws(() => oracleKey(oracleHelper('p', c.a), 'u', 'pw', B, c.salt), /B cannot be zero/);
    }
  });

  it('passwordVerifier takes the challenge parameters as hex/base64 strings and gives the same signature', () => {
    const c = randomCase(5);
    const answer = passwordVerifier({
      userPoolId: c.poolId,
      userIdForSrp: c.userIdForSrp,
      password: c.password,
      a: c.a,
      srpB: c.B.toString(16).toUpperCase(),
      salt: c.salt.toString(16),
      secretBlock: c.secretBlock,
      timestamp: c.timestamp,
    });
    assert.equal(answer.signature, ours(c).signature);
    assert.throws(() => fromHex('not-hex'), UserFacingError);
  });

  it('u is the hash of the padded A and B', () => {
    const A = computeA(3n);
    assert.equal(A, 8n);
    assert.equal(computeU(A, 0x80n).toString(16).padStart(64, '0'), createHash('sha256').update(Buffer.from('080080', 'hex')).digest('hex'));
  });
});

describe('SRP timestamp', () => {
  it('formats "ddd MMM D HH:mm:ss UTC YYYY" in UTC with an unpadded day', () => {
    assert.equal(formatTimestamp(new Date(Date.UTC(2025, 10, 2, 3, 4, 5))), 'Sun Nov 2 03:04:05 UTC 2025');
    assert.equal(formatTimestamp(new Date(Date.UTC(2024, 1, 29, 23, 59, 59))), 'Thu Feb 29 23:59:59 UTC 2024');
    assert.equal(formatTimestamp(new Date(Date.UTC(2021, 0, 1, 0, 0, 0))), 'Fri Jan 1 00:00:00 UTC 2021');
    assert.equal(formatTimestamp(new Date('2023-12-31T23:30:00-05:00')), 'Mon Jan 1 04:30:00 UTC 2024');
  });

  it('matches the reference DateHelper for the same instants', () => {
    const RealDate = Date;
    const helper = DateHelper.prototype;
    for (const iso of ['2025-11-02T03:04:05Z', '2024-02-29T23:59:59Z', '2021-01-01T00:00:00Z', '2030-07-09T12:05:09Z']) {
      const fixed = new RealDate(iso).getTime();
      // The reference reads `new Date()` itself, so the clock is pinned for the duration of one call.
      globalThis.Date = class extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(fixed);
          else super(...(args as [string]));
        }
      } as DateConstructor;
      let theirs: string;
      try {
        theirs = helper.getNowString.call(helper);
      } finally {
        globalThis.Date = RealDate;
      }
      assert.equal(formatTimestamp(new RealDate(iso)), theirs, iso);
    }
  });
});

describe('SECRET_HASH', () => {
  it('matches vectors computed independently', () => {
    // printf '%s' 'alice@example.com1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'k8s3cr3t/Secret+Value=' -binary | base64
    // (Python's hmac.new(key, msg, hashlib.sha256) gave the same value.)
    assert.equal(secretHash('k8s3cr3t/Secret+Value=', 'alice@example.com', '1example23456789abcdefghij'), 'U58m6KdL795lbxNEXBxl+hXGPkehz0agbTXKlJCrblU=');
    // python3: base64.b64encode(hmac.new('pässwörd-secret'.encode(), 'jürgen'.encode() + b'clientXYZ', hashlib.sha256).digest())
    assert.equal(secretHash('pässwörd-secret', 'jürgen', 'clientXYZ'), 'Njl2+yddsNyD2y2XP7zDi+STPpD6UXbCkkbVc8D6kRc=');
  });

  it('depends on username and client id', () => {
    const a = secretHash('s3cret', 'alice', 'client1');
    assert.notEqual(a, secretHash('s3cret', 'alice2', 'client1'));
    assert.notEqual(a, secretHash('s3cret', 'alice', 'client2'));
    assert.notEqual(a, secretHash('other', 'alice', 'client1'));
  });
});
