/** What the host pushes to the token panel, built from core results. No `vscode` here, so it is unit-tested. */
import type { Connection } from '../../core/connection';
import { explainError } from '../../core/errors';
import type { StoredSession } from '../../core/session';
import { decodeToken } from '../../core/tokens/decode';
import { explainClaims } from '../../core/tokens/explain';
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
): PanelState {
  const { name, region, userPoolId, clientId, endpointUrl } = connection;
  return {
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

/** Verifies both tokens side by side; a verifier that throws becomes an `error` state holding its sentence. */
export async function verifyBoth(connection: Connection, session: StoredSession, verify: Verifier = verifyForConnection): Promise<Verifications> {
  const results = await Promise.all(
    TOKEN_WHICH.map(async (which): Promise<VerificationState> => {
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
export function verificationSummary(connection: Connection, verifications: Verifications): string {
  const part = (which: TokenWhich) => {
    const v = verifications[which];
    if (v.status === 'pending') return `${which} pending`;
    if (v.status === 'error') return `${which} not verified (${v.error})`;
    return v.result.verified ? `${which} verified` : `${which} rejected (${v.result.reason ?? 'no reason'})`;
  };
  return `Token panel for "${connection.name}": ${part('id')}, ${part('access')}.`;
}
