/**
 * Attribute maps rename Cognito attributes for display (`{"given_name": "First name", "custom:tier": "Tier"}`),
 * globally and per pool, like warrant's attr_map. Unmapped attributes keep their Cognito names. A broken map is
 * reported in one sentence and ignored, never a crash.
 */

export interface AttrMap {
  readonly entries: ReadonlyMap<string, string>;
}

export const EMPTY_ATTR_MAP: AttrMap = { entries: new Map() };

const EXAMPLE = '{"given_name": "First name", "custom:tier": "Tier"}';

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Reads a map from settings JSON or a file's parsed content; invalid input gives an empty map and one sentence. */
export function parseAttrMap(value: unknown): { map: AttrMap; error?: string } {
  if (value === undefined || value === null) return { map: EMPTY_ATTR_MAP };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { map: EMPTY_ATTR_MAP, error: `The attribute map must be an object of Cognito attribute names to display names, for example ${EXAMPLE}, not ${kind(value)}; it was ignored.` };
  }
  const entries = new Map<string, string>();
  const byTarget = new Map<string, string>();
  for (const [rawKey, target] of Object.entries(value as Record<string, unknown>)) {
    const key = rawKey.trim();
    if (!key) return { map: EMPTY_ATTR_MAP, error: 'The attribute map has an empty attribute name; remove that entry (the map was ignored).' };
    if (typeof target !== 'string' || !target.trim()) {
      return { map: EMPTY_ATTR_MAP, error: `The attribute map's display name for "${key}" must be a non-empty string (it is ${typeof target === 'string' ? 'empty' : kind(target)}); the map was ignored.` };
    }
    const name = target.trim();
    const clash = byTarget.get(name.toLowerCase());
    if (clash !== undefined && clash !== key) {
      return { map: EMPTY_ATTR_MAP, error: `The attribute map shows both "${clash}" and "${key}" as "${name}"; give them different display names (the map was ignored).` };
    }
    byTarget.set(name.toLowerCase(), key);
    entries.set(key, name);
  }
  return { map: { entries } };
}

/** Parses a map from JSON text (the CLI's --attr-map FILE). */
export function parseAttrMapJson(text: string, source = 'The attribute map'): { map: AttrMap; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { map: EMPTY_ATTR_MAP, error: `${source} is not valid JSON; write an object such as ${EXAMPLE} (it was ignored).` };
  }
  return parseAttrMap(value);
}

/** The pool's map over the global one; a global entry whose display name the pool's map reuses is dropped. */
export function mergeAttrMaps(global: AttrMap, perPool?: AttrMap): AttrMap {
  if (!perPool || perPool.entries.size === 0) return global;
  const taken = new Set([...perPool.entries.values()].map((v) => v.toLowerCase()));
  const entries = new Map<string, string>();
  for (const [k, v] of global.entries) if (!taken.has(v.toLowerCase()) && !perPool.entries.has(k)) entries.set(k, v);
  for (const [k, v] of perPool.entries) entries.set(k, v);
  return { entries };
}

/** What to call an attribute: its mapped name, else its Cognito name (`custom:` prefix and all). */
export function displayName(map: AttrMap, attribute: string): string {
  return map.entries.get(attribute) ?? attribute;
}

/** A user's attributes keyed by display name, in the order given. */
export function mapAttributes(map: AttrMap, attributes: Record<string, string>): Record<string, string> {
  if (map.entries.size === 0) return attributes;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) out[displayName(map, k)] = v;
  return out;
}
