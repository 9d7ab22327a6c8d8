/** The User Pools view's settings, parsed without VS Code so the rules are unit-testable. */
import { validateEndpointUrl, validateRegion } from '../../core/connection';
import { mergeAttrMaps, parseAttrMap, type AttrMap } from '../../core/pools/attrMap';
import type { AdminTarget } from '../../core/pools/adminTarget';

/** Whose AWS credentials the view uses and where it looks. No keys: a profile name or the default chain. */
export interface PoolAccess {
  /** undefined: AWS_PROFILE, then the SDK's default chain. */
  profile?: string;
  regions: string[];
  /** Only for emulators (moto, cognito-local): every admin call goes here. */
  endpointUrl?: string;
  /** Whether the user chose any of this; until then the view shows its welcome text instead of guessing. */
  configured: boolean;
}

export const DEFAULT_REGIONS = ['us-east-1'];

/** Reads the three `cognitoExplorer.userPools.*` values; bad entries are dropped with one sentence each. */
export function parsePoolAccess(raw: { profile?: unknown; regions?: unknown; endpointUrl?: unknown; regionsSet?: boolean }): { access: PoolAccess; problems: string[] } {
  const problems: string[] = [];
  const profile = typeof raw.profile === 'string' && raw.profile.trim() ? raw.profile.trim() : undefined;
  let regions: string[] = [];
  if (Array.isArray(raw.regions)) {
    for (const r of raw.regions) {
      if (typeof r === 'string' && !validateRegion(r.trim())) regions.push(r.trim());
      else problems.push(`The region ${JSON.stringify(r)} in cognitoExplorer.userPools.regions is not an AWS region (like us-east-1); it was skipped.`);
    }
  } else if (raw.regions !== undefined) problems.push('The setting cognitoExplorer.userPools.regions must be a list of regions, like ["us-east-1"].');
  regions = [...new Set(regions)];
  if (regions.length === 0) regions = [...DEFAULT_REGIONS];
  let endpointUrl: string | undefined;
  if (typeof raw.endpointUrl === 'string' && raw.endpointUrl.trim()) {
    const problem = validateEndpointUrl(raw.endpointUrl.trim());
    if (problem) problems.push(`cognitoExplorer.userPools.endpointUrl: ${problem}`);
    else endpointUrl = raw.endpointUrl.trim();
  }
  const configured = Boolean(raw.regionsSet || profile || endpointUrl);
  return { access: { ...(profile ? { profile } : {}), regions, ...(endpointUrl ? { endpointUrl } : {}), configured }, problems };
}

export function targetFor(access: Pick<PoolAccess, 'profile' | 'endpointUrl'>, region: string): AdminTarget {
  return { region, ...(access.profile ? { profile: access.profile } : {}), ...(access.endpointUrl ? { endpointUrl: access.endpointUrl } : {}) };
}

/** The region a pool id names (`us-east-1_AbC` -> us-east-1); cognito-local's ids have none. */
export function regionOfPool(poolId: string): string | undefined {
  const m = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)_/.exec(poolId);
  return m?.[1];
}

export interface AttributeMaps {
  forPool(poolId: string): AttrMap;
  /** One sentence per invalid map (each reported once by the caller). */
  problems: string[];
}

/** The global map and the per-pool maps; an invalid map is ignored (empty) and named in `problems`. */
export function parseAttributeMaps(globalRaw: unknown, byPoolRaw: unknown): AttributeMaps {
  const problems: string[] = [];
  const global = parseAttrMap(globalRaw ?? {});
  if (global.error) problems.push(`cognitoExplorer.attributeMap is ignored: ${global.error}`);
  const perPool = new Map<string, AttrMap>();
  if (byPoolRaw !== undefined && byPoolRaw !== null) {
    if (typeof byPoolRaw !== 'object' || Array.isArray(byPoolRaw)) problems.push('cognitoExplorer.attributeMapsByPool is ignored: it must be an object of pool ids to attribute maps.');
    else {
      for (const [poolId, raw] of Object.entries(byPoolRaw as Record<string, unknown>)) {
        const parsed = parseAttrMap(raw);
        if (parsed.error) problems.push(`The attribute map of pool ${poolId} in cognitoExplorer.attributeMapsByPool is ignored: ${parsed.error}`);
        else perPool.set(poolId, parsed.map);
      }
    }
  }
  return { forPool: (poolId) => mergeAttrMaps(global.map, perPool.get(poolId)), problems };
}
