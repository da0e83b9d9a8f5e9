import type { Edition } from '../../../core/catalog/editions.js';
import { routeOf, type RecordedExchange, type TrafficLog } from '../../../instruments/mock-wfm/index.js';

/** One status report the device sent, states in lower case (ST-005 judges the case, nobody else). */
export interface StatusReport {
  exchange: RecordedExchange;
  deploymentId: string;
  state: string;
  components: { name: string; state: string; error?: unknown }[];
  error?: unknown;
  adoptedManifestVersion?: unknown;
  /** rc.3: the device hosting the deployment, as a gateway reports it (ST-010). */
  deviceId?: unknown;
}

export function statusReports(traffic: TrafficLog, edition: Edition, deploymentId?: string, since = 0): StatusReport[] {
  return traffic.exchanges
    .slice(since)
    .filter((e) => e.route === 'status')
    .map((exchange) => reportOf(exchange, edition))
    .filter((report): report is StatusReport => report !== undefined && (deploymentId === undefined || report.deploymentId === deploymentId));
}

function reportOf(exchange: RecordedExchange, edition: Edition): StatusReport | undefined {
  const body = exchange.json;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const deploymentId = routeOf(edition, exchange.method, exchange.path)?.params['deploymentId'] ?? String(record['deploymentId'] ?? '');
  const status = (record['status'] ?? {}) as Record<string, unknown>;
  const components = Array.isArray(record['components']) ? (record['components'] as Record<string, unknown>[]) : [];
  return {
    exchange,
    deploymentId,
    state: String(status['state'] ?? '').toLowerCase(),
    components: components.map((c) => ({ name: String(c?.['name'] ?? ''), state: String(c?.['state'] ?? '').toLowerCase(), ...(c?.['error'] !== undefined ? { error: c['error'] } : {}) })),
    ...(status['error'] !== undefined ? { error: status['error'] } : {}),
    ...('adoptedManifestVersion' in record ? { adoptedManifestVersion: record['adoptedManifestVersion'] } : {}),
    ...('deviceId' in record ? { deviceId: record['deviceId'] } : {}),
  };
}

/** Waits for a status report of the deployment with overall `state` (any case). */
export async function waitForState(traffic: TrafficLog, edition: Edition, deploymentId: string, state: string, options: { since?: number; timeoutMs: number }): Promise<StatusReport> {
  const exchange = await traffic.waitFor((e) => e.route === 'status' && reportOf(e, edition)?.deploymentId === deploymentId && reportOf(e, edition)?.state === state, {
    ...options,
    what: `a status report "${state}" for deployment ${deploymentId}`,
  });
  return reportOf(exchange, edition) as StatusReport;
}

/** The first report of the deployment with state failed from `since` on: the traffic that proves an install was refused. */
export function failedReport(traffic: TrafficLog, edition: Edition, deploymentId: string, since = 0): StatusReport | undefined {
  return statusReports(traffic, edition, deploymentId, since).find((r) => r.state === 'failed');
}

/**
 * Manifest polls a device that ignores a change gets after it: the suite's proof standard for "did not
 * react", counted in the device's own polling cycles (a device busy polling is not merely slow), never
 * in wall time.
 */
export const IGNORED_POLLS = 3;

/**
 * The traffic that proves the device ignored a change of deployment `deploymentId` made at `since`: it
 * polled the manifest (answered 200 or 304) IGNORED_POLLS times since and sent no status report for the
 * deployment with one of `reactions` (any state when absent: a new deployment's first report is its
 * reaction). Returns the last of those polls, else undefined.
 */
export function ignoredChange(traffic: TrafficLog, edition: Edition, deploymentId: string, since: number, reactions?: readonly string[]): RecordedExchange | undefined {
  const polls = manifestPolls(traffic, since).filter((e) => e.response?.status === 200 || e.response?.status === 304);
  const reacted = statusReports(traffic, edition, deploymentId, since).some((r) => !reactions || reactions.includes(r.state));
  if (polls.length < IGNORED_POLLS || reacted) return undefined;
  return polls.at(-1);
}

/** Manifest polls (`GET` of the deployments endpoint) from `since` on. */
export function manifestPolls(traffic: TrafficLog, since = 0): RecordedExchange[] {
  return traffic.exchanges.slice(since).filter((e) => e.route === 'deployments');
}

/**
 * Waits until the device has polled the manifest `count` more times after `since`: the bounded
 * observation window for things that must not happen (no install, no removal), measured in the device's
 * own polling cycles rather than in wall time.
 */
export function waitForPolls(traffic: TrafficLog, count: number, options: { since: number; timeoutMs: number }): Promise<void> {
  return traffic.waitUntil(() => manifestPolls(traffic, options.since).length >= count, { timeoutMs: options.timeoutMs, what: `${count} more manifest polls` });
}

/** `POST /api/v1/...`: method and path of an exchange, for messages. */
export function requestLine(exchange: RecordedExchange): string {
  return `${exchange.method} ${exchange.path}`;
}
