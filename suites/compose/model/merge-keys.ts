/**
 * Resolves YAML merge keys (`<<: *base`, `<<: [*a, *b]`) in a plain value, as Compose's YAML 1.1 loader
 * does: keys written beside `<<` win, and among merged maps the earlier one wins. Our safe parser keeps
 * `<<` as an ordinary key (YAML 1.2), so the merge happens here, on the already alias-bounded value.
 */
export function resolveMergeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveMergeKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ('<<' in record) {
    const sources = Array.isArray(record['<<']) ? (record['<<'] as unknown[]) : [record['<<']];
    for (const source of [...sources].reverse()) {
      const resolved = resolveMergeKeys(source);
      if (resolved !== null && typeof resolved === 'object' && !Array.isArray(resolved)) Object.assign(out, resolved);
    }
  }
  for (const [key, child] of Object.entries(record)) {
    if (key !== '<<') out[key] = resolveMergeKeys(child);
  }
  return out;
}
