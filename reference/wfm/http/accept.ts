/**
 * Whether an Accept header admits `mediaType`: absent or empty admits everything (DS-003), otherwise
 * an entry naming the type, its `type/*` or `*\/*` with q > 0 (q=0 is "not acceptable", RFC 9110 §12.4.2);
 * `ignoreQ` is the fault accept-ignores-q-values.
 */
export function accepts(header: string | undefined, mediaType: string, ignoreQ = false): boolean {
  if (header === undefined || header.trim() === '') return true;
  const [type] = mediaType.split('/');
  return header.split(',').some((entry) => {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0) && !ignoreQ) return false;
    return range === mediaType || range === `${type}/*` || range === '*/*';
  });
}
