/** `decode`: a JWT's header, payload and times, and with --verify the verdict against the user pool's keys. */
import { validateEndpointUrl } from '../core/connection';
import { UserFacingError } from '../core/errors';
import { registerSecret } from '../core/redact';
import { displayValue } from '../core/text';
import { decodeToken, normalizeToken, type DecodedToken } from '../core/tokens/decode';
import { mismatchHint, pinnedIssuer } from '../core/tokens/issuers';
import { parseLeeway, verifyForPool, verifyToken, MAX_LEEWAY_SEC, type VerificationReport } from '../core/tokens/verify';
import { check, poolOf, print, str, tokenFromStdin, UsageError, type CommandContext, type CommandSpec } from './common';

const SIGN_IN_KEYS = { id: 'IdToken', access: 'AccessToken', refresh: 'RefreshToken' } as const;
type Which = keyof typeof SIGN_IN_KEYS;

function clientIdFromToken(decoded: DecodedToken): string | undefined {
  const { payload } = decoded;
  const candidate = decoded.kind === 'access' ? payload.client_id : Array.isArray(payload.aud) ? payload.aud[0] : (payload.aud ?? payload.client_id);
  return typeof candidate === 'string' ? candidate : undefined;
}

function leewayOf(ctx: CommandContext, cmd: string): number | undefined {
  const text = str(ctx.values, 'leeway') ?? str(ctx.values, 'clock-tolerance');
  if (text === undefined) return undefined;
  const leeway = parseLeeway(text);
  if (leeway === undefined) throw new UsageError(`--leeway must be a whole number of seconds from 0 to ${MAX_LEEWAY_SEC}.`, cmd);
  return leeway;
}

/** Which token of a sign-in JSON to take: --token, else the kind --token-use asks for, else the ID token. */
function whichOf(ctx: CommandContext, cmd: string, tokenUse: string | undefined): Which | undefined {
  const which = str(ctx.values, 'token');
  if (which === undefined) return tokenUse === 'access' ? 'access' : undefined;
  if (!(which in SIGN_IN_KEYS)) throw new UsageError(`--token must be id, access or refresh, not "${displayValue(which)}".`, cmd);
  if (ctx.values.verify && which === 'refresh') {
    throw new UsageError('--verify checks ID and access tokens; a refresh token is opaque to clients (Cognito encrypts it), so decode it without --verify.', cmd);
  }
  return which as Which;
}

async function verdict(ctx: CommandContext, cmd: string, token: string, decoded: DecodedToken, tokenUse: 'id' | 'access' | undefined): Promise<VerificationReport> {
  const jwksUrl = str(ctx.values, 'jwks-url');
  if (jwksUrl) check(validateEndpointUrl(jwksUrl)?.replace('endpoint URL', 'JWKS URL'), cmd);
  const pinned = str(ctx.values, 'issuer');
  if (pinned) check(validateEndpointUrl(pinned)?.replace('endpoint URL', 'issuer'), cmd);
  const clockToleranceSec = leewayOf(ctx, cmd);
  const pool = poolOf(ctx, cmd, pinned ? { payload: { iss: pinned } } : decoded);
  const clientId = str(ctx.values, 'client-id') ?? clientIdFromToken(decoded);
  if (!pool && !pinned) {
    const iss = displayValue(JSON.stringify(decoded.payload.iss ?? null));
    const hint = str(ctx.values, 'endpoint-url') || ctx.io.env.AWS_ENDPOINT_URL ? '' : ', or --endpoint-url for a token from an emulator';
    throw new UserFacingError(`Cannot verify: the token's issuer ${iss} is not a Cognito user pool issuer; pass --user-pool-id${hint}.`, 'NoPool');
  }
  if (!clientId) throw new UserFacingError('Cannot verify: the token names no app client (no aud or client_id); pass --client-id.', 'NoClient');
  if (pool) return verifyForPool(token, { ...pool, clientId }, tokenUse, { issuer: pinned, jwksUrl, clockToleranceSec });
  // A pinned issuer that names no pool: its keys are at --jwks-url, else on the issuer's own host.
  return verifyToken(token, { issuer: [pinnedIssuer(pinned!, {}, jwksUrl)], jwksUrl, clientId, expectedUse: tokenUse, clockToleranceSec, issuerHint: mismatchHint({}, true) });
}

export const decodeCommand: CommandSpec = {
  options: {
    verify: { type: 'boolean' },
    token: { type: 'string' },
    issuer: { type: 'string' },
    'jwks-url': { type: 'string' },
    'token-use': { type: 'string' },
    leeway: { type: 'string' },
    'clock-tolerance': { type: 'string' },
  },
  positionals: 1,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'decode';
    const arg = ctx.positionals[0];
    const tokenUse = str(ctx.values, 'token-use');
    if (tokenUse && tokenUse !== 'id' && tokenUse !== 'access') throw new UsageError(`--token-use must be id or access, not "${displayValue(tokenUse)}".`, cmd);
    const which = whichOf(ctx, cmd, tokenUse);
    const keys = which ? [SIGN_IN_KEYS[which]] : undefined;
    const token = arg && arg !== '-' ? arg : await tokenFromStdin(ctx, cmd, 'Token', keys);
    registerSecret(normalizeToken(token));
    const decoded = decodeToken(token);
    const base = { header: decoded.header, payload: decoded.payload, times: decoded.times };
    if (!ctx.values.verify) {
      print(ctx, { ...base, verified: null, reason: null });
      return 0;
    }
    const report = await verdict(ctx, cmd, token, decoded, tokenUse as 'id' | 'access' | undefined);
    print(ctx, { ...base, verified: report.verified, reason: report.reason ?? null, checks: report.checks, ...(report.clockSkewSec !== undefined ? { clockSkewSec: report.clockSkewSec } : {}) });
    if (!report.verified) throw new UserFacingError(`Verification failed: ${report.reason}`, 'VerificationFailed');
    return 0;
  },
};
