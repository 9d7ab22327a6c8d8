/**
 * Cognito's SRP maths, server side, for the test servers (srpServer.ts) and the demo's verifying front (srpFront.ts).
 * Written separately from src/core/auth/srp.ts on purpose, so a shared mistake cannot pass both.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const G = 2n;

export function pad(n: bigint): string {
  let h = n.toString(16);
  if (h.length % 2) h = `0${h}`;
  return parseInt(h[0], 16) >= 8 ? `00${h}` : h;
}
export const sha = (data: Buffer | string) => createHash('sha256').update(data).digest();
export const big = (buf: Buffer) => BigInt(`0x${buf.toString('hex') || '0'}`);
export function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % N;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
  }
  return result;
}
export const K = big(sha(Buffer.from(pad(N) + pad(G), 'hex')));
/** The format Cognito's TIMESTAMP response must have. */
export const TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) \d\d:\d\d:\d\d UTC \d{4}$/;

/** A fresh salt and the verifier g^x for a user of a pool (`poolName` is the part of the pool id after `_`). */
export function passwordVerifier(poolName: string, userId: string, password: string): { salt: bigint; verifier: bigint } {
  const salt = big(randomBytes(16));
  const x = big(sha(Buffer.concat([Buffer.from(pad(salt), 'hex'), Buffer.from(sha(`${poolName}${userId}:${password}`).toString('hex'), 'hex')])));
  return { salt, verifier: pow(G, x) };
}

/** The server's half of a handshake: parses the client's A (or says why it is unusable) and picks b and B. */
export function serverHandshake(srpA: string | undefined, verifier: bigint): { A: bigint; b: bigint; B: bigint; secretBlock: string } | string {
  if (!srpA || !/^[0-9a-fA-F]+$/.test(srpA)) return 'SRP_A is missing or not hexadecimal.';
  const A = BigInt(`0x${srpA}`);
  if (A % N === 0n) return 'SRP_A mod N cannot be 0.';
  const b = big(randomBytes(128));
  return { A, b, B: (K * verifier + pow(G, b)) % N, secretBlock: randomBytes(64).toString('base64') };
}

/** Checks a PASSWORD_VERIFIER answer: 'ok', 'timestamp' (malformed TIMESTAMP) or 'wrong' (a wrong password or block). */
export function checkPasswordClaim(
  h: { A: bigint; b: bigint; B: bigint; secretBlock: string },
  poolOrGroup: string,
  userId: string,
  verifier: bigint,
  responses: Record<string, string>,
): 'ok' | 'timestamp' | 'wrong' {
  if (responses.PASSWORD_CLAIM_SECRET_BLOCK !== h.secretBlock) return 'wrong';
  if (!TIMESTAMP.test(responses.TIMESTAMP ?? '')) return 'timestamp';
  const u = big(sha(Buffer.from(pad(h.A) + pad(h.B), 'hex')));
  const S = pow(h.A * pow(verifier, u), h.b);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(pad(S), 'hex'), Buffer.from(pad(u), 'hex'), 'Caldera Derived Key', 16));
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(poolOrGroup), Buffer.from(userId), Buffer.from(h.secretBlock, 'base64'), Buffer.from(responses.TIMESTAMP ?? '')]))
    .digest();
  const got = Buffer.from(responses.PASSWORD_CLAIM_SIGNATURE ?? '', 'base64');
  return got.length === expected.length && timingSafeEqual(got, expected) ? 'ok' : 'wrong';
}
