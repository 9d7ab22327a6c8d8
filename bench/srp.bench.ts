/**
 * Client-side SRP work per sign-in (draw a, compute A; given B and salt, compute the HKDF key and the signature):
 * this project vs amazon-cognito-identity-js's AuthenticationHelper, same process, same challenge inputs.
 * Rows for `npm run bench`; never part of pass/fail.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import {
  computeA,
  computeX,
  formatTimestamp,
  fromHex,
  g,
  generateSmallA,
  hexHash,
  k,
  modPow,
  N,
  padHex,
  passwordClaimSignature,
  passwordVerifier,
  poolNameOf,
} from '../src/core/auth/srp';
import { msSince, pairwise, type BenchRow } from './support/bench';

interface OracleBigInteger {
  toString(radix: number): string;
}
interface OracleHelper {
  getLargeAValue(cb: (err: unknown, A: OracleBigInteger) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: OracleBigInteger, salt: OracleBigInteger, cb: (err: unknown, key: Buffer) => void): void;
}
type OracleHelperClass = { new (poolName: string): OracleHelper; prototype: { generateRandomSmallA(): OracleBigInteger } };

const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default as OracleHelperClass;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default as new (value: string, radix: number) => OracleBigInteger;
const { Sha256 } = require('@aws-crypto/sha256-js') as { Sha256: new (secret?: Uint8Array) => { update(data: Uint8Array): void; digestSync(): Uint8Array } };

const WARMUP = 2;
const RUNS = 15;
const USER_POOL_ID = 'us-east-1_BenchPool1';
const POOL_NAME = poolNameOf(USER_POOL_ID);
const USER_ID = '7d0e8a5c-3f52-4bb6-9a55-1c2b9d2e4f10';
const PASSWORD = 'Bench-Passw0rd!';

interface Challenge {
  srpB: string;
  salt: string;
  secretBlock: string;
  timestamp: string;
}

const challenges: Challenge[] = Array.from({ length: 16 }, () => ({
  srpB: (BigInt(`0x${randomBytes(384).toString('hex')}`) % N).toString(16),
  salt: randomBytes(16).toString('hex'),
  secretBlock: randomBytes(1024).toString('base64'),
  timestamp: formatTimestamp(new Date()),
}));

function ours(c: Challenge, a = generateSmallA()): { srpA: string; signature: string } {
  const A = computeA(a);
  const { signature } = passwordVerifier({ userPoolId: USER_POOL_ID, userIdForSrp: USER_ID, password: PASSWORD, a, A, ...c });
  return { srpA: A.toString(16), signature };
}

/** A 1024-bit `a`, as amazon-cognito-identity-js draws it: both sides then do the same exponentiations. */
const longA = () => BigInt(`0x${randomBytes(128).toString('hex')}`);

/** The same steps with every exponentiation on bigint square-and-multiply: the path used when OpenSSL's is unavailable. */
function oursBigintOnly(c: Challenge, a = generateSmallA()): { srpA: string; signature: string } {
  const A = modPow(g, a, N);
  const B = fromHex(c.srpB);
  const u = fromHex(hexHash(padHex(A) + padHex(B)));
  const x = computeX(POOL_NAME, USER_ID, PASSWORD, fromHex(c.salt));
  const S = modPow(B - k * modPow(g, x, N), a + u * x, N);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), 'Caldera Derived Key', 16));
  return { srpA: A.toString(16), signature: passwordClaimSignature({ key, poolName: POOL_NAME, userIdForSrp: USER_ID, secretBlock: c.secretBlock, timestamp: c.timestamp }) };
}

/** What CognitoUser.authenticateUserDefaultAuth does on the client, minus the network. */
function reference(c: Challenge): { srpA: string; signature: string } {
  const helper = new AuthenticationHelper(POOL_NAME);
  let srpA = '';
  helper.getLargeAValue((err, A) => {
    if (err) throw err;
    srpA = A.toString(16);
  });
  let signature = '';
  helper.getPasswordAuthenticationKey(USER_ID, PASSWORD, new BigInteger(c.srpB, 16), new BigInteger(c.salt, 16), (err, hkdf) => {
    if (err) throw err;
    const hmac = new Sha256(hkdf);
    hmac.update(Buffer.concat([Buffer.from(POOL_NAME), Buffer.from(USER_ID), Buffer.from(c.secretBlock, 'base64'), Buffer.from(c.timestamp)]));
    signature = Buffer.from(hmac.digestSync()).toString('base64');
  });
  return { srpA, signature };
}

/** Both sides must produce the same bytes for a pinned `a` before their speed means anything. */
function crossCheck(): void {
  const a = generateSmallA();
  const original = AuthenticationHelper.prototype.generateRandomSmallA;
  AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(a.toString(16), 16);
  try {
    const theirs = reference(challenges[0]);
    for (const mine of [ours(challenges[0], a), oursBigintOnly(challenges[0], a)]) {
      if (mine.srpA !== theirs.srpA || mine.signature !== theirs.signature) throw new Error('this project and amazon-cognito-identity-js disagree; the benchmark is meaningless');
    }
  } finally {
    AuthenticationHelper.prototype.generateRandomSmallA = original;
  }
}

/** Times one run of `fn` per call, cycling through the prepared challenges. */
function timer(fn: (c: Challenge) => unknown): () => number {
  let i = 0;
  return () => {
    const c = challenges[i++ % challenges.length];
    const start = process.hrtime.bigint();
    fn(c);
    return msSince(start);
  };
}

/**
 * One row per path, each against amazon-cognito-identity-js: ours as it signs in (OpenSSL's raw RSA operation as
 * modexp, a 288-bit `a`), ours with their 1024-bit `a`, and our bigint-only fallback.
 */
export async function rows(): Promise<BenchRow[]> {
  crossCheck();
  const note = `median of ${RUNS} alternating pairs after ${WARMUP}, outputs cross-checked`;
  const peerName = 'amazon-cognito-identity-js';
  const fast = await pairwise(timer(ours), timer(reference), { runs: RUNS, warmup: WARMUP });
  const sameA = await pairwise(timer((c) => ours(c, longA())), timer(reference), { runs: RUNS, warmup: WARMUP });
  const fallback = await pairwise(timer(oursBigintOnly), timer(reference), { runs: RUNS, warmup: WARMUP });
  return [
    { name: 'SRP client work per sign-in, in process', unit: 'ms', ours: fast.ours, peer: { name: peerName, value: fast.peer }, target: { on: 'ratio', op: '>=', value: 40 }, note },
    { name: 'SRP client work, both with a 1024-bit a', unit: 'ms', ours: sameA.ours, peer: { name: peerName, value: sameA.peer }, note: `the exponentiations alone, without our shorter a; ${note}` },
    { name: 'SRP client work, bigint-only fallback', unit: 'ms', ours: fallback.ours, peer: { name: peerName, value: fallback.peer }, note },
  ];
}
