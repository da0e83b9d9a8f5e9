import type { Edition } from '../../../core/catalog/editions.js';
import { routeOf, type RecordedExchange, type TrafficLog } from '../../../instruments/mock-wfm/index.js';
import type { DeploymentType } from '../context.js';
import type { CapabilitiesFile } from '../session.js';
import { defaultCapabilities } from './default-capabilities.js';

/** The children a gateway scenario puts behind the device: two it can reach, one it cannot (ST-010 code 102). */
export const CHILDREN = { first: 'child-a', second: 'child-b', unreachable: 'child-c' } as const;
/** A child id the gateway does not have (ST-010 code 101). */
export const UNKNOWN_CHILD = 'child-unknown';

/** What a rc.3 device reports when it hosts workloads (CAP-008, CAP-009, DEV-011). */
export const HOSTING_FIELDS = ['cpus', 'memory', 'storage', 'peripherals', 'interfaces', 'otelCollector', 'supportedRuntimes', 'supportedDeploymentTypes'];
const IDENTITY_FIELDS = ['id', 'vendor', 'modelNumber', 'serialNumber'];

/**
 * The capabilities file of a gateway scenario (launch contract, feature gateway): the gateway itself,
 * hosting workloads or not, and three hosting children of the profile's deployment type. The unreachable
 * child comes first, so a gateway that ignores reachability places an autonomous deployment on it (DEV-013).
 */
export function gatewayCapabilitiesFile(edition: Edition, gatewayId: string, type: DeploymentType, hosting: boolean): CapabilitiesFile {
  const own = defaultCapabilities(edition, gatewayId, type);
  const properties = hosting ? own.properties : Object.fromEntries(Object.entries(own.properties).filter(([name]) => IDENTITY_FIELDS.includes(name)));
  const child = (id: string, reachable = true) => {
    const capabilities = defaultCapabilities(edition, id, type);
    return { ...capabilities, properties: { ...capabilities.properties, id }, ...(reachable ? {} : { reachable: false }) };
  };
  return { properties, ...(hosting && own.labels ? { labels: own.labels } : {}), children: [child(CHILDREN.unreachable, false), child(CHILDREN.first), child(CHILDREN.second)] };
}

/** One capabilities report: the device the path names and the body's properties. */
export interface CapabilitiesReport {
  exchange: RecordedExchange;
  deviceId: string;
  properties: Record<string, unknown>;
  accepted: boolean;
}

export function capabilitiesReports(traffic: TrafficLog, edition: Edition): CapabilitiesReport[] {
  return traffic.exchanges
    .filter((e) => e.route === 'capabilities' && e.method !== 'DELETE')
    .map((exchange) => {
      const body = (exchange.json ?? {}) as Record<string, unknown>;
      const properties = (typeof body['properties'] === 'object' && body['properties'] !== null ? body['properties'] : {}) as Record<string, unknown>;
      const deviceId = routeOf(edition, exchange.method, exchange.path)?.params['deviceId'] ?? String(properties['id'] ?? '');
      return { exchange, deviceId, properties, accepted: exchange.response !== undefined && exchange.response.status < 300 };
    });
}

/** Whether a report says its device hosts workloads: it names a runtime or a deployment type (rc.3 schema comment). */
export function reportsHosting(properties: Record<string, unknown>): boolean {
  const some = (name: string) => Array.isArray(properties[name]) && (properties[name] as unknown[]).length > 0;
  return some('supportedRuntimes') || some('supportedDeploymentTypes');
}

/** Waits (without throwing) until the gateway and every child of the file had a report accepted, or the time is up. */
export async function waitForGatewayReports(traffic: TrafficLog, edition: Edition, gatewayId: string, timeoutMs: number): Promise<void> {
  const expected = [gatewayId, ...Object.values(CHILDREN).map((child) => `${gatewayId}/${child}`)];
  await traffic
    .waitUntil(() => expected.every((id) => capabilitiesReports(traffic, edition).some((r) => r.deviceId === id && r.accepted)), { timeoutMs, what: 'accepted capabilities reports of the gateway and its three children' })
    .catch(() => undefined);
}
