import type { Edition } from '../../../core/catalog/editions.js';
import type { TrafficLog } from '../../../instruments/mock-wfm/index.js';
import { statusReports, type StatusReport } from './observations.js';

/** The first report that ends an install: the deployment installed or failed. */
export function finalReport(traffic: TrafficLog, edition: Edition, deploymentId: string): StatusReport | undefined {
  return statusReports(traffic, edition, deploymentId).find((r) => r.state === 'installed' || r.state === 'failed');
}

/** Waits (without throwing) until every deployment has a final report, or the time is up. */
export async function waitForFinalReports(traffic: TrafficLog, edition: Edition, deploymentIds: string[], timeoutMs: number): Promise<void> {
  await traffic
    .waitUntil(() => deploymentIds.every((id) => finalReport(traffic, edition, id) !== undefined), { timeoutMs, what: 'a final state (installed or failed) for every deployment' })
    .catch(() => undefined);
}

/** The error messages a report carries, overall and per component (ST-008 judges their shape, not this). */
export function errorMessages(report: StatusReport): string[] {
  return [report.error, ...report.components.map((c) => c.error)]
    .map((error) => (typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['message'] : error))
    .filter((message): message is string => typeof message === 'string' && message.trim() !== '');
}

/** What the device logged its Wasm module writing (reference device: `wasm-run` events), for evidence; empty when it logs nothing. */
export function moduleOutput(logs: string, deploymentId: string): string[] {
  const out: string[] = [];
  for (const line of logs.split('\n')) {
    if (!line.includes('"wasm-run"') || !line.includes(deploymentId)) continue;
    try {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (event['deploymentId'] === deploymentId && typeof event['stdout'] === 'string') out.push(event['stdout']);
    } catch {
      // not one of ours
    }
  }
  return out;
}
