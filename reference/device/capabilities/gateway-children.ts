import type { DeviceFacts } from '../device-facts.js';
import type { ChildCapabilities, DeviceCapabilities } from '../device-options.js';

/** A device behind the gateway as a device of its own: its full deviceId and the capabilities it reports. */
export interface ChildDevice {
  deviceId: string;
  capabilities: DeviceCapabilities;
  reachable: boolean;
}

/**
 * The children a see-thru gateway relays (DEV-010), in file order: none unless the capabilities list some
 * and the edition reports devices under their own path. Each is `<gatewayId>/<segment>`, and its
 * properties.id is forced to that full path (CAP-014).
 */
export function gatewayChildren(facts: DeviceFacts, gatewayId: string, capabilities: DeviceCapabilities): ChildDevice[] {
  if (!facts.seeThruGateways) return [];
  return (capabilities.children ?? []).map((child: ChildCapabilities) => {
    const deviceId = `${gatewayId}/${String(child.properties['id'])}`;
    return {
      deviceId,
      capabilities: { properties: { ...child.properties, id: deviceId }, ...(child.labels ? { labels: child.labels } : {}) },
      reachable: child.reachable !== false,
    };
  });
}

/** Capabilities that name deployment types or runtimes say the device hosts workloads (CAP-009, DEV-011). */
export function hostsWorkloads(properties: Record<string, unknown>): boolean {
  return properties['supportedDeploymentTypes'] !== undefined || properties['supportedRuntimes'] !== undefined;
}
