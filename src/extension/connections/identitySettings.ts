/** The identity-pool fields of a connection: read from settings, validated, and written back. No VS Code here. */
import type { Connection, DeveloperBackendSettings, DeveloperIdentitySettings } from '../../core/connection';
import { IDENTITY_FLOWS, type IdentityFlow } from '../../core/identity/credentials';
import { validateBackend, validateProviderName } from '../../core/identity/developer';

type IdentityFields = Pick<Connection, 'identityFlow' | 'developerBackend' | 'developerIdentity'>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Drops undefined values so settings.json gets only what is set. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The identity fields of a raw settings entry (unknown values kept as typed strings, so validation can name them). */
export function identityFieldsOf(e: Record<string, unknown>): IdentityFields {
  const out: IdentityFields = {};
  const flow = str(e.identityFlow);
  if (flow) out.identityFlow = flow as IdentityFlow;
  const b = obj(e.developerBackend);
  if (b && str(b.loginUrl)) {
    out.developerBackend = compact<DeveloperBackendSettings>({
      loginUrl: str(b.loginUrl)!,
      identityUrl: str(b.identityUrl),
      loginFormat: str(b.loginFormat) as DeveloperBackendSettings['loginFormat'],
      username: str(b.username),
    });
  }
  const d = obj(e.developerIdentity);
  if (d && str(d.providerName)) {
    out.developerIdentity = compact<DeveloperIdentitySettings>({ providerName: str(d.providerName)!, userIdentifier: str(d.userIdentifier), awsProfile: str(d.awsProfile) });
  }
  return out;
}

/** One sentence for the first problem in the identity fields, else undefined. */
export function identityProblem(conn: Pick<Connection, 'identityFlow' | 'developerBackend' | 'developerIdentity' | 'identityPoolId' | 'userPoolId'>): string | undefined {
  const flow = conn.identityFlow;
  if (flow && !IDENTITY_FLOWS.includes(flow)) return `identityFlow "${flow}" is not one of ${IDENTITY_FLOWS.join(', ')}.`;
  if ((flow === 'guest' || flow === 'developer') && !conn.identityPoolId) return `The ${flow} flow needs an identity pool id.`;
  if (conn.developerBackend) {
    const problem = validateBackend(conn.developerBackend);
    if (problem) return problem;
  }
  if (conn.developerIdentity) {
    const problem = validateProviderName(conn.developerIdentity.providerName);
    if (problem) return problem;
  }
  if (flow === 'developer' && !conn.developerBackend && !conn.developerIdentity) {
    return 'The developer flow needs your backend\'s login URL (developerBackend) or a developer provider name (developerIdentity).';
  }
  return undefined;
}

/** The identity fields as written to settings: only what is set. */
export function identitySettingOf(conn: Connection): IdentityFields {
  return compact<IdentityFields>({
    identityFlow: conn.identityFlow && conn.identityFlow !== 'enhanced' ? conn.identityFlow : undefined,
    developerBackend: conn.developerBackend ? compact({ ...conn.developerBackend }) : undefined,
    developerIdentity: conn.developerIdentity ? compact({ ...conn.developerIdentity }) : undefined,
  });
}

/** What the connection steps collect for the identity pool, as flat strings. */
export interface IdentityDraft {
  identityFlow?: string;
  loginUrl?: string;
  identityUrl?: string;
  loginFormat?: string;
  backendUsername?: string;
  providerName?: string;
  userIdentifier?: string;
  awsProfile?: string;
}

/** The identity fields a draft describes (developer settings only for the developer flow). */
export function identityFieldsOfDraft(d: IdentityDraft): IdentityFields {
  const flow = (d.identityFlow?.trim() || undefined) as IdentityFlow | undefined;
  if (flow !== 'developer') return flow && flow !== 'enhanced' ? { identityFlow: flow } : {};
  return identityFieldsOf({
    identityFlow: flow,
    developerBackend: { loginUrl: d.loginUrl, identityUrl: d.identityUrl, loginFormat: d.loginFormat, username: d.backendUsername },
    developerIdentity: d.loginUrl?.trim() ? undefined : { providerName: d.providerName, userIdentifier: d.userIdentifier, awsProfile: d.awsProfile },
  });
}

/** A connection's identity fields as draft strings, for the edit steps. */
export function draftOfIdentity(conn: Connection): IdentityDraft {
  return compact<IdentityDraft>({
    identityFlow: conn.identityFlow,
    loginUrl: conn.developerBackend?.loginUrl,
    identityUrl: conn.developerBackend?.identityUrl,
    loginFormat: conn.developerBackend?.loginFormat,
    backendUsername: conn.developerBackend?.username,
    providerName: conn.developerIdentity?.providerName,
    userIdentifier: conn.developerIdentity?.userIdentifier,
    awsProfile: conn.developerIdentity?.awsProfile,
  });
}
