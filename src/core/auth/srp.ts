/**
 * Cognito's variant of SRP-6a (the maths behind USER_SRP_AUTH), on native bigint.
 *
 * Every function is pure: randomness (`a`) and the timestamp are passed in, so tests can compare
 * each intermediate value byte for byte with an independent implementation.
 */
import { constants, createHash, createHmac, createPublicKey, hkdfSync, publicEncrypt, randomBytes } from 'node:crypto';
import { UserFacingError } from '../errors';

/** The 3072-bit MODP group of RFC 3526 / RFC 5054, as Cognito uses it. */
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;

const INFO = Buffer.from('Caldera Derived Key', 'utf8');
const KEY_BYTES = 16;
// 288 random bits: at least the 275-bit private exponents OpenSSL itself draws for this very group (RFC 3526's
// 3072-bit MODP; RFC 7919 and NIST SP 800-56A ask for twice the group's 128-bit strength). The 1024 bits
// amazon-cognito-identity-js draws buy no security over that and make two of the three exponentiations 2-4x slower.
const SMALL_A_BYTES = 36;
const N_BYTES = N_HEX.length / 2;

/** Parses a hex string (as Cognito sends SRP_B and SALT) into a non-negative bigint. */
export function fromHex(hex: string): bigint {
  const clean = hex.trim();
  if (!/^[0-9a-fA-F]+$/.test(clean)) throw new UserFacingError('The server sent an SRP value that is not hexadecimal; sign-in was stopped.', 'SrpInvalidValue');
  return BigInt(`0x${clean}`);
}

/**
 * Even-length hex of the two's-complement encoding, as Java's BigInteger.toByteArray() and
 * amazon-cognito-identity-js produce it: '00' in front when the top bit is set, so the value stays positive.
 */
export function padHex(value: bigint): string {
  const negative = value < 0n;
  let hex = (negative ? -value : value).toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  if (/^[89a-f]/i.test(hex)) hex = `00${hex}`;
  if (!negative) return hex;
  const inverted = [...hex].map((nibble) => (~parseInt(nibble, 16) & 0xf).toString(16)).join('');
  hex = (BigInt(`0x${inverted}`) + 1n).toString(16);
  // A run of leading 1-bits means the same negative number; the reference drops one 'ff' in exactly this case.
  if (hex.toLowerCase().startsWith('ff8')) hex = hex.slice(2);
  return hex;
}

/** SHA-256 of a UTF-8 string, as 64 hex digits. */
export function hashUtf8(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of the bytes a hex string spells, as 64 hex digits. */
export function hexHash(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

/** k = H(padHex(N) | padHex(g)). */
export const k = fromHex(hexHash(padHex(N) + padHex(g)));

/** Square-and-multiply with a fixed 5-bit window; used where OpenSSL's exponentiation is not available. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  if (exponent < 0n) throw new RangeError('modPow needs a non-negative exponent');
  const b = ((base % modulus) + modulus) % modulus;
  const width = 5;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 1 << width; i++) table.push((table[i - 1] * b) % modulus);
  const bits = exponent.toString(2);
  const padded = '0'.repeat((width - (bits.length % width)) % width) + bits;
  let result = 1n;
  for (let i = 0; i < padded.length; i += width) {
    for (let s = 0; s < width; s++) result = (result * result) % modulus;
    const digit = parseInt(padded.slice(i, i + width), 2);
    if (digit) result = (result * table[digit]) % modulus;
  }
  return result;
}

let nativeUnavailable = false;
let modulusJwk: string | undefined;

function toFixedBuffer(value: bigint, bytes: number): Buffer {
  return Buffer.from(value.toString(16).padStart(bytes * 2, '0'), 'hex');
}

/**
 * base^exponent mod N. OpenSSL's raw RSA public operation with modulus N and public exponent `exponent` is exactly
 * that, ~8x faster than bigint square-and-multiply. (A Diffie-Hellman object over N did the same until Node 22, which
 * also checks that the peer lies in the prime-order subgroup: another full exponentiation, and an error for half of
 * SRP's bases.) The bigint path remains for hosts without it.
 */
export function modPowN(base: bigint, exponent: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (exponent === 0n) return 1n;
  // Trivial bases, and exponents too small for an RSA key, need no OpenSSL.
  if (b === 0n || b === 1n) return b;
  if (b === N - 1n) return exponent % 2n === 0n ? 1n : b;
  if (!nativeUnavailable && exponent > 2n) {
    try {
      modulusJwk ??= toFixedBuffer(N, N_BYTES).toString('base64url');
      const e = toFixedBuffer(exponent, Math.ceil(exponent.toString(16).length / 2)).toString('base64url');
      const key = createPublicKey({ key: { kty: 'RSA', n: modulusJwk, e }, format: 'jwk' });
      return BigInt(`0x${publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, toFixedBuffer(b, N_BYTES)).toString('hex')}`);
    } catch {
      nativeUnavailable = true;
    }
  }
  return modPow(b, exponent, N);
}

/** A fresh private value `a`: 36 random bytes (see SMALL_A_BYTES), never 0. */
export function generateSmallA(): bigint {
  for (;;) {
    const a = BigInt(`0x${randomBytes(SMALL_A_BYTES).toString('hex')}`);
    if (a !== 0n) return a;
  }
}

/** A = g^a mod N; refuses the degenerate A mod N == 0. */
export function computeA(a: bigint): bigint {
  const A = modPowN(g, a);
  if (A % N === 0n) throw new UserFacingError('SRP produced an invalid client value (A mod N is 0); try signing in again.', 'SrpInvalidValue');
  return A;
}

/** u = H(padHex(A) | padHex(B)). */
export function computeU(A: bigint, B: bigint): bigint {
  return fromHex(hexHash(padHex(A) + padHex(B)));
}

/** x = H(padHex(salt) | H(poolName | userIdForSrp | ':' | password)). */
export function computeX(poolName: string, userIdForSrp: string, password: string, salt: bigint): bigint {
  return fromHex(hexHash(padHex(salt) + hashUtf8(`${poolName}${userIdForSrp}:${password}`)));
}

/** The pool name Cognito mixes into x and the signature: the pool id after its '_'. */
export function poolNameOf(userPoolId: string): string {
  const i = userPoolId.indexOf('_');
  return i >= 0 ? userPoolId.slice(i + 1) : userPoolId;
}

export interface PasswordKeyInput {
  poolName: string;
  userIdForSrp: string;
  password: string;
  a: bigint;
  /** g^a mod N; computed from `a` when omitted. */
  A?: bigint;
  B: bigint;
  salt: bigint;
}

export interface PasswordKey {
  /** The 16-byte HKDF output that signs the challenge. */
  key: Buffer;
  u: bigint;
  S: bigint;
}

/**
 * S = (B - k*g^x)^(a + u*x) mod N, then HKDF-SHA256(ikm = padHex(S), salt = padHex(u), info "Caldera Derived Key", 16 bytes).
 * Refuses B mod N == 0 and u == 0, which would let a hostile server learn or fix the key.
 */
export function passwordAuthenticationKey(input: PasswordKeyInput): PasswordKey {
  const { B, a } = input;
  if (B % N === 0n) throw new UserFacingError('The server sent an invalid SRP value (B mod N is 0); sign-in was stopped for safety.', 'SrpInvalidValue');
  const A = input.A ?? computeA(a);
  const u = computeU(A, B);
  if (u === 0n) throw new UserFacingError('The SRP exchange produced u = 0; sign-in was stopped for safety. Try again.', 'SrpInvalidValue');
  const x = computeX(input.poolName, input.userIdForSrp, input.password, input.salt);
  const base = (((B - k * modPowN(g, x)) % N) + N) % N;
  const S = modPowN(base, a + u * x);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), INFO, KEY_BYTES));
  return { key, u, S };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** "ddd MMM D HH:mm:ss UTC YYYY" in UTC with an unpadded day, e.g. "Sun Nov 2 03:04:05 UTC 2025": Cognito rejects any other shape. */
export function formatTimestamp(date: Date): string {
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

export interface SignatureInput {
  key: Buffer;
  poolName: string;
  userIdForSrp: string;
  /** SECRET_BLOCK from the challenge, base64 as received. */
  secretBlock: string;
  timestamp: string;
}

/** PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, poolName | userIdForSrp | secretBlock bytes | timestamp)). */
export function passwordClaimSignature(input: SignatureInput): string {
  return createHmac('sha256', input.key)
    .update(Buffer.concat([
      Buffer.from(input.poolName, 'utf8'),
      Buffer.from(input.userIdForSrp, 'utf8'),
      Buffer.from(input.secretBlock, 'base64'),
      Buffer.from(input.timestamp, 'utf8'),
    ]))
    .digest('base64');
}

export interface PasswordVerifierInput {
  userPoolId: string;
  userIdForSrp: string;
  password: string;
  a: bigint;
  A?: bigint;
  /** SRP_B, SALT and SECRET_BLOCK exactly as the challenge parameters carry them. */
  srpB: string;
  salt: string;
  secretBlock: string;
  timestamp: string;
}

/** Everything the PASSWORD_VERIFIER answer needs, from the challenge parameters and the client's `a`. */
export function passwordVerifier(input: PasswordVerifierInput): { signature: string; timestamp: string; secretBlock: string } {
  const poolName = poolNameOf(input.userPoolId);
  const { key } = passwordAuthenticationKey({
    poolName,
    userIdForSrp: input.userIdForSrp,
    password: input.password,
    a: input.a,
    A: input.A,
    B: fromHex(input.srpB),
    salt: fromHex(input.salt),
  });
  const signature = passwordClaimSignature({ key, poolName, userIdForSrp: input.userIdForSrp, secretBlock: input.secretBlock, timestamp: input.timestamp });
  return { signature, timestamp: input.timestamp, secretBlock: input.secretBlock };
}

export interface DevicePasswordVerifierInput {
  deviceGroupKey: string;
  deviceKey: string;
  devicePassword: string;
  a: bigint;
  A?: bigint;
  /** SRP_B, SALT and SECRET_BLOCK exactly as the DEVICE_PASSWORD_VERIFIER challenge carries them. */
  srpB: string;
  salt: string;
  secretBlock: string;
  timestamp: string;
}

/**
 * The DEVICE_PASSWORD_VERIFIER answer: the same SRP as the user's, but the device group key stands where
 * the pool name goes (whole, not split at '_') and the device key where the user id goes.
 */
export function devicePasswordVerifier(input: DevicePasswordVerifierInput): { signature: string; timestamp: string; secretBlock: string } {
  const { key } = passwordAuthenticationKey({
    poolName: input.deviceGroupKey,
    userIdForSrp: input.deviceKey,
    password: input.devicePassword,
    a: input.a,
    A: input.A,
    B: fromHex(input.srpB),
    salt: fromHex(input.salt),
  });
  const signature = passwordClaimSignature({ key, poolName: input.deviceGroupKey, userIdForSrp: input.deviceKey, secretBlock: input.secretBlock, timestamp: input.timestamp });
  return { signature, timestamp: input.timestamp, secretBlock: input.secretBlock };
}

export interface DeviceVerifier {
  /** A random secret only this machine keeps; it proves the device in later sign-ins. */
  devicePassword: string;
  /** Hex, as padded for SRP (what goes into x). */
  saltHex: string;
  verifierHex: string;
  /** ConfirmDevice's DeviceSecretVerifierConfig: the bytes of the hex values, base64. */
  config: { Salt: string; PasswordVerifier: string };
}

/**
 * Salt and verifier for ConfirmDevice, as amazon-cognito-identity-js's generateHashDevice makes them:
 * x = H(salt | H(deviceGroupKey | deviceKey | ':' | password)), verifier = g^x mod N.
 * Password and salt are random unless given (tests pass them to compare with the reference).
 */
export function deviceVerifier(deviceGroupKey: string, deviceKey: string, devicePassword = randomBytes(40).toString('base64'), saltBytes: Buffer = randomBytes(16)): DeviceVerifier {
  const saltHex = padHex(BigInt(`0x${saltBytes.toString('hex')}`));
  const x = fromHex(hexHash(saltHex + hashUtf8(`${deviceGroupKey}${deviceKey}:${devicePassword}`)));
  const verifierHex = padHex(modPowN(g, x));
  return {
    devicePassword,
    saltHex,
    verifierHex,
    config: { Salt: Buffer.from(saltHex, 'hex').toString('base64'), PasswordVerifier: Buffer.from(verifierHex, 'hex').toString('base64') },
  };
}
