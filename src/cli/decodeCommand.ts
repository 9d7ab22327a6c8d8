/** `decode`: a JWT's header, payload and times, and with --verify the verdict against the user pool's keys. */
import { issuerOf, jwksUrlOf, validateEndpointUrl } from '../core/connection';
import { UserFacingError } from '../core/errors';
import { registerSecret } from '../core/redact';
import { decodeToken, normalizeToken, type DecodedToken } from '../core/tokens/decode';
import { verifyToken, type VerificationReport } from '../core/tokens/verify';
import { check, poolOf, print, str, tokenFromStdin, UsageError, type CommandSpec } from './common';

function clientIdFromToken(decoded: DecodedToken): string | undefined {
  const { payload } = decoded;
  const candidate = decoded.kind === 'access' ? payload.client_id : Array.isArray(payload.aud) ? payload.aud[0] : (payload.aud ?? payload.client_id);
  return typeof candidate === 'string' ? candidate : undefined;
}

export const decodeCommand: CommandSpec = {
  options: {
    verify: { type: 'boolean' },
    'jwks-url': { type: 'string' },
    'token-use': { type: 'string' },
    'clock-tolerance': { type: 'string' },
  },
  positionals: 1,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'decode';
    const arg = ctx.positionals[0];
    const tokenUse = str(ctx.values, 'token-use');
    if (tokenUse && tokenUse !== 'id' && tokenUse !== 'access') throw new UsageError(`--token-use must be id or access, not "${tokenUse}".`, cmd);
    const toleranceText = str(ctx.values, 'clock-tolerance');
    const tolerance = toleranceText === undefined ? undefined : Number(toleranceText);
    if (tolerance !== undefined && (!Number.isInteger(tolerance) || tolerance < 0)) {
      throw new UsageError('--clock-tolerance must be a whole number of seconds, 0 or more.', cmd);
    }
    const jwksUrl = str(ctx.values, 'jwks-url');
    if (jwksUrl) check(validateEndpointUrl(jwksUrl)?.replace('endpoint URL', 'JWKS URL'), cmd);
    const token = arg && arg !== '-' ? arg : await tokenFromStdin(ctx, cmd, 'Token');
    registerSecret(normalizeToken(token));
    const decoded = decodeToken(token);
    const base = { header: decoded.header, payload: decoded.payload, times: decoded.times };
    if (!ctx.values.verify) {
      print(ctx, { ...base, verified: null, reason: null });
      return 0;
    }
    const pool = poolOf(ctx, cmd, decoded);
    if (!pool) {
      throw new UserFacingError(
        `Cannot verify: the token's issuer ${JSON.stringify(decoded.payload.iss ?? null)} is not a Cognito user pool; pass --user-pool-id.`,
        'NoPool',
      );
    }
    const clientId = str(ctx.values, 'client-id') ?? clientIdFromToken(decoded);
    if (!clientId) throw new UserFacingError('Cannot verify: the token names no app client (no aud or client_id); pass --client-id.', 'NoClient');
    const report: VerificationReport = await verifyToken(token, {
      jwksUrl: jwksUrl ?? jwksUrlOf(pool),
      issuer: issuerOf(pool),
      clientId,
      expectedUse: tokenUse as 'id' | 'access' | undefined,
      clockToleranceSec: tolerance,
    });
    print(ctx, { ...base, verified: report.verified, reason: report.reason ?? null, checks: report.checks });
    if (!report.verified) throw new UserFacingError(`Verification failed: ${report.reason}`, 'VerificationFailed');
    return 0;
  },
};
