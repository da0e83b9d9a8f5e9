import { isRecord } from './compose-project.js';

/** Keys Compose accepts as a list of `KEY=VALUE` or as a mapping; we keep them as mappings. */
const MAPPING_KEYS = ['environment', 'sysctls', 'labels'] as const;

export interface NormalizedService {
  config: Record<string, unknown>;
  unresolved: Map<string, string[]>;
  substituted: Set<string>;
}

/**
 * Turns list forms of `environment`, `sysctls` and `labels` into mappings, moving the pointers of unset
 * and substituted values along (`/environment/2` -> `/environment/DB_PASSWORD`).
 */
export function normalizeService(config: Record<string, unknown>, unresolved: Map<string, string[]>, substituted: Set<string>): NormalizedService {
  const out = { ...config };
  const moves = new Map<string, string>();
  for (const key of MAPPING_KEYS) {
    const value = out[key];
    if (!Array.isArray(value)) continue;
    const mapping: Record<string, unknown> = {};
    value.forEach((item, index) => {
      if (typeof item !== 'string') return;
      const cut = item.indexOf('=');
      const name = cut < 0 ? item : item.slice(0, cut);
      mapping[name] = cut < 0 ? null : item.slice(cut + 1);
      moves.set(`/${key}/${index}`, `/${key}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    });
    out[key] = mapping;
  }
  const move = (pointer: string) => moves.get(pointer) ?? pointer;
  return {
    config: out,
    unresolved: new Map([...unresolved].map(([p, v]) => [move(p), v])),
    substituted: new Set([...substituted].map(move)),
  };
}

/**
 * Merges a service over the one it extends, following the Compose merge rules closely enough for the
 * security rules: mappings merge key by key, sequences are unioned (so a base's `cap_add` or port is
 * never lost; Compose merges ports, volumes and devices without dropping base entries), scalars are overridden.
 */
export function mergeServiceConfig(base: unknown, override: unknown): Record<string, unknown> {
  return merge(base, override) as Record<string, unknown>;
}

function merge(base: unknown, override: unknown): unknown {
  if (isRecord(base) && isRecord(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) out[key] = key in base ? merge(base[key], value) : value;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(override)) {
    const seen = new Set<string>();
    return [...base, ...override].filter((item) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return override === undefined ? base : override;
}
