/** What the host pushes to the token panel, built from core results. No `vscode` here, so it is unit-tested. */
import type { Connection } from '../../core/connection';
import { connectionOfIssuer, issuerPool } from '../../core/tokens/issuers';
import { explainError } from '../../core/errors';
import { displayValue } from '../../core/text';
import type { StoredSession } from '../../core/session';
import { decodeToken, normalizeToken } from '../../core/tokens/decode';
import { explainClaims } from '../../core/tokens/explain';
import { clientOf, summarizeToken } from '../../core/tokens/scan';
import { verifyForConnection, type VerificationReport } from '../../core/tokens/verify';
import { TOKEN_WHICH, type PanelState, type TokenView, type TokenWhich, type VerificationState } from '../../shared/protocol';

export type Verifications = Record<TokenWhich, VerificationState>;

export const PENDING: Verifications = { id: { status: 'pending' }, access: { status: 'pending' } };

export function rawToken(session: StoredSession, which: TokenWhich): string {
  return which === 'id' ? session.tokens.idToken : session.tokens.accessToken;
}

/** Decodes and explains one token; a malformed token becomes a view with `decodeError` instead of a throw. */
export function tokenView(which: TokenWhich, token: string, verification: VerificationState): TokenView {
  try {
    const decoded = decodeToken(token);
    return {
      which,
      header: decoded.header,
      payload: decoded.payload,
      kind: decoded.kind,
      times: decoded.times,
      claims: explainClaims(decoded.payload),
      verification,
    };
  } catch (err) {
    return { which, decodeError: explainError(err), header: {}, payload: {}, kind: 'unknown', times: {}, claims: [], verification };
  }
}

export function buildPanelState(
  connection: Connection,
  session: StoredSession,
  selected: TokenWhich,
  selectSeq: number,
  verifications: Verifications,
  only?: TokenWhich,
): PanelState {
  const { name, region, userPoolId, clientId, endpointUrl } = connection;
  return {
    ...(only ? { only } : {}),
    connection: endpointUrl ? { name, region, userPoolId, clientId, endpointUrl } : { name, region, userPoolId, clientId },
    username: session.username,
    selected,
    selectSeq,
    tokens: {
      id: tokenView('id', session.tokens.idToken, verifications.id),
      access: tokenView('access', session.tokens.accessToken, verifications.access),
    },
  };
}

export type Verifier = (token: string, conn: Connection, expectedUse: TokenWhich) => Promise<VerificationReport>;

/**
 * Verifies both tokens side by side (or just `only`); a verifier that throws becomes an `error` state holding its
 * sentence.
 */
export async function verifyBoth(connection: Connection, session: StoredSession, verify: Verifier = verifyForConnection, only?: TokenWhich): Promise<Verifications> {
  const results = await Promise.all(
    TOKEN_WHICH.map(async (which): Promise<VerificationState> => {
      if (only && which !== only) return { status: 'pending' };
      try {
        return { status: 'done', result: await verify(rawToken(session, which), connection, which) };
      } catch (err) {
        return { status: 'error', error: explainError(err, { action: `verify the ${which} token`, endpointUrl: connection.endpointUrl }) };
      }
    }),
  );
  return { id: results[0], access: results[1] };
}

/** One log line per verification, naming outcomes and reasons but never a token. */
export function verificationSummary(connection: Connection, verifications: Verifications, only?: TokenWhich): string {
  const part = (which: TokenWhich) => {
    const v = verifications[which];
    if (only && which !== only) return undefined;
    if (v.status === 'pending') return `${which} pending`;
    if (v.status === 'error') return `${which} not verified (${v.error})`;
    return v.result.verified ? `${which} verified` : `${which} rejected (${v.result.reason ?? 'no reason'})`;
  };
  return `Token panel for "${connection.name}": ${TOKEN_WHICH.map(part).filter(Boolean).join(', ')}.`;
}

/** The connection id given to an editor token's stand-in connection; its panel is keyed apart from sessions. */
export const EDITOR_SUBJECT_ID = 'editor-token';

/** A token found in the editor, shaped as a one-token session so the same panel can show it. */
export interface EditorTokenSubject {
  connection: Connection;
  session: StoredSession;
  which: TokenWhich;
  /** The saved connection it matched by pool (and app client), if any: its endpoint serves the keys. */
  matched?: string;
  /** Undefined when the token names a Cognito pool; else why there is nothing to verify it against. */
  unverifiable?: string;
}

/**
 * Decodes an editor token (throws the decoder's sentence when it is not a JWT) and finds the saved connection of
 * its pool (an emulator's issuer only one with an endpoint, the one whose issuer forms include it first), preferring
 * one with the same app client.
 */
export function editorTokenSubject(token: string, connections: readonly Connection[], nowMs: number): EditorTokenSubject {
  const decoded = decodeToken(token);
  const which: TokenWhich = decoded.kind === 'access' ? 'access' : 'id';
  const p = decoded.payload;
  const pool = issuerPool(p.iss);
  const clientId = clientOf(p);
  const match = connectionOfIssuer(p.iss, clientId, connections);
  const summary = summarizeToken(decoded, nowMs);
  const iat = decoded.times.issuedAt?.epoch;
  const exp = decoded.times.expiresAt?.epoch;
  const raw = normalizeToken(token);
  const session: StoredSession = {
    username: summary.who ?? 'an unnamed user',
    tokens: {
      idToken: which === 'id' ? raw : '',
      accessToken: which === 'access' ? raw : '',
      expiresIn: iat !== undefined && exp !== undefined ? Math.max(0, exp - iat) : 0,
      tokenType: 'Bearer',
      obtainedAt: iat !== undefined ? iat * 1000 : nowMs,
    },
  };
  const base = { id: EDITOR_SUBJECT_ID, name: match ? `Token from the editor, matched to ${match.name}` : 'Token from the editor' };
  if (match) return { connection: { ...match, ...base }, session, which, matched: match.name };
  if (pool && !pool.emulatorOrigin) return { connection: { ...base, region: pool.region ?? '', userPoolId: pool.userPoolId, clientId }, session, which };
  if (pool) {
    return {
      connection: { ...base, region: pool.region ?? '', userPoolId: pool.userPoolId, clientId },
      session,
      which,
      unverifiable: `This token was issued by an emulator at ${displayValue(pool.emulatorOrigin)} (pool ${pool.userPoolId}), and no saved connection has that pool with an endpoint URL; add one (Add Connection, endpoint ${displayValue(pool.emulatorOrigin)}) to verify it.`,
    };
  }
  return {
    connection: { ...base, region: '', userPoolId: summary.pool ?? '(no issuer)', clientId },
    session,
    which,
    unverifiable: `This token was not issued by a Cognito user pool (its iss is ${summary.pool ?? 'missing'}), so there is no pool key set to verify it against.`,
  };
}
