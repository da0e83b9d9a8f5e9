import type { DeviceFacts } from '../device-facts.js';
import type { DeviceCapabilities } from '../device-options.js';

/** The reference device's capabilities when none are configured: a hosting device running Helm and Compose. */
export function defaultCapabilities(deviceId: string, facts: DeviceFacts): DeviceCapabilities {
  return {
    properties: {
      id: deviceId,
      vendor: 'margo-conformance',
      modelNumber: 'reference-device',
      serialNumber: `sn-${deviceId.replace(/\//g, '-')}`,
      ...structuredClone(facts.defaultProperties),
    },
  };
}
