/** Reading and building connections without VS Code, so the rules are unit-testable. */
import {
  type Connection,
  isIdentityOnly,
  validateClientId,
  validateClientMetadata,
  validateEndpointUrl,
  validateIdentityPoolId,
  validateName,
  validateRegion,
  validateUserPoolId,
} from '../../core/connection';
import { regionOfIdentityPool } from '../../core/identity/credentials';
import { identityFieldsOf, identityFieldsOfDraft, identityProblem, identitySettingOf, type IdentityDraft } from './identitySettings';

export type AuthFlow = 'srp' | 'password' | 'admin' | 'custom' | 'user-auth';
const AUTH_FLOWS: readonly AuthFlow[] = ['srp', 'password', 'admin', 'custom', 'user-auth'];

export interface ParsedConnections {
  connections: Connection[];
  /** One sentence per entry that was skipped, for the log. */
  problems: string[];
}

export function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'connection'
  );
}

/** A fresh id: readable prefix plus a random suffix, so renaming never collides with old secrets. */
export function newConnectionId(name: string): string {
  // node:crypto on first use: importing it costs ~5 ms when the extension loads.
  return `${slugOf(name)}-${process.getBuiltinModule('node:crypto').randomUUID().slice(0, 8)}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A plain copy of a valid, non-empty clientMetadata object (an empty one means none). */
function clientMetadataOf(raw: unknown): { clientMetadata?: Record<string, string> } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length === 0) return {};
  return { clientMetadata: Object.fromEntries(Object.entries(raw as Record<string, string>)) };
}

/**
 * Turns the raw `cognitoExplorer.connections` setting (hand-edited JSON included) into valid connections.
 * Entries without an id get one derived from the name, so their secrets keep a stable key.
 */
export function parseConnections(raw: unknown): ParsedConnections {
  const connections: Connection[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw)) return { connections, problems: raw === undefined || raw === null ? [] : ['The setting cognitoExplorer.connections must be an array.'] };
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    if (!entry || typeof entry !== 'object') {
      problems.push(`Connection #${index + 1} is not an object; it was skipped.`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const name = str(e.name) ?? str(e.userPoolId) ?? `connection ${index + 1}`;
    const userPoolId = str(e.userPoolId) ?? '';
    const region = str(e.region) ?? (userPoolId ? userPoolId.split('_')[0] : (regionOfIdentityPool(str(e.identityPoolId) ?? '') ?? ''));
    const conn: Connection = {
      id: str(e.id) ?? slugOf(name),
      name,
      region,
      userPoolId,
      clientId: str(e.clientId) ?? '',
      ...(str(e.identityPoolId) ? { identityPoolId: str(e.identityPoolId) } : {}),
      ...(str(e.endpointUrl) ? { endpointUrl: str(e.endpointUrl) } : {}),
      ...(e.hasClientSecret === true ? { hasClientSecret: true } : {}),
      ...(e.refreshTokenRotation === true ? { refreshTokenRotation: true } : {}),
      ...clientMetadataOf(e.clientMetadata),
      ...identityFieldsOf(e),
    };
    const problem =
      validateRegion(conn.region) ??
      userPoolProblem(conn) ??
      identityProblem(conn) ??
      validateIdentityPoolId(conn.identityPoolId ?? '', conn.region) ??
      validateEndpointUrl(conn.endpointUrl ?? '') ??
      // Sending half of what the triggers expect would be worse than not connecting, so a bad value skips the entry.
      validateClientMetadata(e.clientMetadata ?? undefined);
    if (problem) {
      problems.push(`Connection "${name}" was skipped: ${problem}`);
      return;
    }
    if (seen.has(conn.id)) {
      problems.push(`Connection "${name}" was skipped: another connection already uses the id "${conn.id}".`);
      return;
    }
    seen.add(conn.id);
    connections.push(conn);
  });
  return { connections, problems };
}

/** Guest and developer connections may have no user pool at all; any other needs a valid pool and client. */
function userPoolProblem(conn: Pick<Connection, 'userPoolId' | 'clientId' | 'region' | 'endpointUrl' | 'identityFlow'>): string | undefined {
  if (!conn.userPoolId && !conn.clientId && isIdentityOnly(conn)) return undefined;
  return validateUserPoolId(conn.userPoolId, conn.region, conn.endpointUrl) ?? validateClientId(conn.clientId);
}

/** One connection as written to settings: known fields only, empty ones left out, so parseConnections reads it back unchanged. */
export function settingOf(conn: Connection): Connection {
  const { id, name, region, userPoolId, clientId, identityPoolId, endpointUrl, hasClientSecret, refreshTokenRotation, clientMetadata } = conn;
  return {
    id,
    name,
    region,
    userPoolId,
    clientId,
    ...(identityPoolId ? { identityPoolId } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(hasClientSecret ? { hasClientSecret } : {}),
    ...(refreshTokenRotation ? { refreshTokenRotation } : {}),
    ...(clientMetadata && Object.keys(clientMetadata).length ? { clientMetadata: { ...clientMetadata } } : {}),
    ...identitySettingOf(conn),
  };
}

export function parseAuthFlow(raw: unknown): AuthFlow {
  return AUTH_FLOWS.includes(raw as AuthFlow) ? (raw as AuthFlow) : 'srp';
}

/** What the add-connection steps (or an automation caller) provide. */
export interface ConnectionDraft extends IdentityDraft {
  name: string;
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  identityPoolId?: string;
  endpointUrl?: string;
}

/** Validates a draft completely (the same rules the input steps apply while typing) and returns the first problem. */
export function draftProblem(draft: ConnectionDraft, takenNames: readonly string[] = []): string | undefined {
  return (
    validateName(draft.name ?? '', takenNames) ??
    validateRegion(draft.region ?? '') ??
    userPoolProblem({ userPoolId: draft.userPoolId?.trim() ?? '', clientId: draft.clientId?.trim() ?? '', region: draft.region, endpointUrl: draft.endpointUrl, ...identityFieldsOfDraft(draft) }) ??
    validateIdentityPoolId(draft.identityPoolId ?? '', draft.region) ??
    validateEndpointUrl(draft.endpointUrl ?? '') ??
    identityProblem({ userPoolId: draft.userPoolId?.trim() ?? '', identityPoolId: draft.identityPoolId?.trim() || undefined, ...identityFieldsOfDraft(draft) })
  );
}

/** The non-secret part of a draft, as stored in settings. */
export function connectionFromDraft(draft: ConnectionDraft, id: string): Connection {
  return {
    id,
    name: draft.name.trim(),
    region: draft.region.trim(),
    userPoolId: draft.userPoolId.trim(),
    clientId: draft.clientId.trim(),
    ...(draft.identityPoolId?.trim() ? { identityPoolId: draft.identityPoolId.trim() } : {}),
    ...(draft.endpointUrl?.trim() ? { endpointUrl: draft.endpointUrl.trim().replace(/\/+$/, '') } : {}),
    ...(draft.clientSecret ? { hasClientSecret: true } : {}),
    ...(draft.identityPoolId?.trim() ? identityFieldsOfDraft(draft) : {}),
  };
}

/** True when a change makes existing tokens meaningless (another pool, client or endpoint). */
export function changesIdentity(before: Connection, after: Connection): boolean {
  return (
    before.region !== after.region ||
    before.userPoolId !== after.userPoolId ||
    before.clientId !== after.clientId ||
    (before.endpointUrl ?? '') !== (after.endpointUrl ?? '')
  );
}

/** S3 listing page size: 1 to 1,000 (S3's own maximum), 1,000 when unset or invalid. */
/** `requestTimeoutSeconds`: 1 to 600 seconds, else the default 20, as milliseconds. */
export function parseRequestTimeout(raw: unknown): number {
  return (typeof raw === 'number' && Number.isFinite(raw) && raw >= 1 && raw <= 600 ? raw : 20) * 1000;
}

export function parsePageSize(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= 1000 ? raw : 1000;
}
