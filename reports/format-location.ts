import type { Location } from '../core/results/model.js';

/**
 * One short line saying where a finding points: `margo.yaml:14:13 /metadata/catalog` for a file,
 * `GET https://host/v2/ -> 404` for an HTTP exchange. Shared by every renderer so they cannot drift.
 */
export function formatLocation(location: Location): string {
  if (location.kind === 'http') {
    const status = location.response ? String(location.response.status) : 'no response';
    return `${location.request.method} ${location.request.url} -> ${status}`;
  }
  let place = location.file;
  if (location.line !== undefined) place += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) place += `:${location.column}`;
  // The root pointer is the empty string; naming it adds nothing to the file name.
  if (location.pointer) place += ` ${location.pointer}`;
  return place;
}
