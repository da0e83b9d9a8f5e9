import type { RunResults } from '../core/results/model.js';

/** The file the run-wide traffic log is written to, beside results.json. */
export const TRAFFIC_FILE = 'traffic.json';

/**
 * results.json: the results model with its evidence by reference. The traffic log itself goes to
 * traffic.json (`renderTraffic`), so results.json stays small however much traffic a run made.
 */
export function renderJson(results: RunResults): string {
  const { traffic, ...rest } = results;
  const out: RunResults = traffic && traffic.length > 0 ? { ...rest, trafficLog: { file: TRAFFIC_FILE, records: traffic.length } } : rest;
  return JSON.stringify(out, null, 2) + '\n';
}

/** traffic.json: every record findings cite, in the order observed. */
export function renderTraffic(results: RunResults): string {
  return JSON.stringify({ format: 'margo-conformance-traffic', formatVersion: 1, records: results.traffic ?? [] }, null, 2) + '\n';
}
