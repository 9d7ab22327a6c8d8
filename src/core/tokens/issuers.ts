/**
 * Which `iss` values a pool's tokens may carry, why each is accepted, and where each one's keys are: AWS's two forms
 * always; with an endpoint URL also the emulator's own form, LocalStack's forms and what its discovery document names.
 */
import { awsIssuer, parseCognitoIssuer, poolOfIssuer, type AwsIssuerForm, type Connection } from '../connection';

export interface IssuerForm {
  issuer: string;
  /** Why this issuer is accepted, as a phrase ("AWS's UPDATED issuer form"). */
  why: string;
  /** Where the keys of tokens with this issuer are fetched. */
  jwksUrl: string;
}

export type PoolRef = Pick<Connection, 'region' | 'userPoolId' | 'endpointUrl'>;

/** LocalStack issues with its public host name or localhost, whatever address it is reached at. */
export const LOCALSTACK_ORIGINS = ['http://localhost.localstack.cloud:4566', 'http://localhost:4566'];
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const AWS_FORMS: AwsIssuerForm[] = ['ORIGINAL', 'UPDATED'];

function trimmed(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The JWKS an emulator serves for a pool: `<endpoint>/<poolId>/.well-known/jwks.json`. */
export function endpointJwksUrl(endpointUrl: string, userPoolId: string): string {
  return `${trimmed(endpointUrl)}/${userPoolId}/.well-known/jwks.json`;
}

/** The endpoint as given, plus the same server under the other loopback names (localhost is 127.0.0.1). */
function endpointOrigins(endpointUrl: string): string[] {
  const base = trimmed(endpointUrl);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return [base];
  }
  if (!LOOPBACK.includes(url.hostname)) return [base];
  const path = url.pathname.replace(/\/+$/, '');
  return [base, ...LOOPBACK.map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}${path}`)];
}

/**
 * Every issuer accepted for the pool, each with why and where its keys are. Without an endpoint the keys come from
 * the issuer's own host (AWS); with one, always from the endpoint, which is where the emulator serves them.
 */
export function issuerForms(pool: PoolRef, discovered?: string): IssuerForm[] {
  const endpoint = pool.endpointUrl?.trim() ? trimmed(pool.endpointUrl) : undefined;
  const forms: IssuerForm[] = [];
  const add = (issuer: string, why: string, jwksUrl: string) => {
    if (!forms.some((f) => f.issuer === issuer)) forms.push({ issuer, why, jwksUrl });
  };
  const emulatorJwks = endpoint ? endpointJwksUrl(endpoint, pool.userPoolId) : undefined;
  for (const form of AWS_FORMS) {
    const issuer = awsIssuer(pool.region, pool.userPoolId, form);
    add(issuer, `AWS's ${form} issuer form`, emulatorJwks ?? `${issuer}/.well-known/jwks.json`);
  }
  if (endpoint && emulatorJwks) {
    for (const origin of endpointOrigins(endpoint)) add(`${origin}/${pool.userPoolId}`, "the endpoint's own form", emulatorJwks);
    for (const origin of LOCALSTACK_ORIGINS) add(`${origin}/${pool.userPoolId}`, "LocalStack's form", emulatorJwks);
    if (discovered) add(discovered, `named by ${endpoint}/${pool.userPoolId}/.well-known/openid-configuration`, emulatorJwks);
  }
  return forms;
}

/** One exact issuer (CLI --issuer); its keys at `jwksUrl`, else the endpoint's JWKS, else the issuer's own. */
export function pinnedIssuer(issuer: string, pool: Partial<PoolRef>, jwksUrl?: string): IssuerForm {
  const keys = jwksUrl ?? (pool.endpointUrl?.trim() && pool.userPoolId ? endpointJwksUrl(pool.endpointUrl, pool.userPoolId) : `${trimmed(issuer)}/.well-known/jwks.json`);
  return { issuer, why: 'pinned with --issuer', jwksUrl: keys };
}

/** "A (why), B (why)": the expected issuers grouped by reason, for a mismatch sentence. */
export function describeForms(forms: readonly IssuerForm[]): string {
  const byWhy = new Map<string, string[]>();
  for (const f of forms) byWhy.set(f.why, [...(byWhy.get(f.why) ?? []), f.issuer]);
  return [...byWhy].map(([why, list]) => `${list.join(' or ')} (${why})`).join('; ');
}

/** Why only these issuers count, and what to do when the token's is right after all. */
export function mismatchHint(pool: Partial<PoolRef>, pinned: boolean): string {
  if (pinned) return 'The issuer was pinned with --issuer, so only that exact value is accepted.';
  if (!pool.endpointUrl?.trim()) {
    return "Without an endpoint URL only AWS's two issuer forms are real Cognito; for a token from an emulator, set the endpoint URL (CLI: --endpoint-url), or pin the issuer with --issuer.";
  }
  return 'Anything else was issued by another pool, emulator or host; if this emulator issues another form on purpose, pin it with --issuer (CLI).';
}

/** Where a token's issuer points: an AWS pool, or an emulator's `<origin>/<poolId>` (which needs an endpoint to verify). */
export interface IssuerPool {
  userPoolId: string;
  region?: string;
  /** The emulator's origin when the issuer is not one of AWS's forms. */
  emulatorOrigin?: string;
}

/** The pool a token's `iss` names, in AWS's forms or an emulator's (cognito-local, LocalStack); undefined otherwise. */
export function issuerPool(iss: unknown): IssuerPool | undefined {
  if (parseCognitoIssuer(iss)) return poolOfIssuer(iss);
  const pool = poolOfIssuer(iss, true);
  if (!pool) return undefined;
  return { ...pool, emulatorOrigin: (iss as string).slice(0, -(pool.userPoolId.length + 1)) };
}

/**
 * The saved connection a token belongs to. AWS forms match any connection of the pool (moto issues those too); an
 * emulator's form only a connection with an endpoint URL, first one whose own issuer forms include it exactly (so two
 * emulators with the same pool id are told apart), then the same app client.
 */
export function connectionOfIssuer<C extends PoolRef & Pick<Connection, 'clientId'>>(iss: unknown, clientId: string, connections: readonly C[]): C | undefined {
  const pool = issuerPool(iss);
  if (!pool) return undefined;
  const score = (c: C): number => {
    if (c.userPoolId !== pool.userPoolId) return -1;
    const sameClient = c.clientId === clientId ? 1 : 0;
    if (!pool.emulatorOrigin) return sameClient;
    if (!c.endpointUrl?.trim()) return -1;
    return (issuerForms(c).some((f) => f.issuer === iss) ? 2 : 0) + sameClient;
  };
  let best: C | undefined;
  let bestScore = -1;
  for (const c of connections) {
    const s = score(c);
    if (s > bestScore) [best, bestScore] = [c, s];
  }
  return best;
}
