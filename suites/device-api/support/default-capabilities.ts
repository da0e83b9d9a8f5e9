import type { Edition } from '../../../core/catalog/editions.js';
import type { EditionId } from '../../../core/catalog/types.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import { WASM_LABELS } from '../../../core/protocol/wasm-convention.js';
import type { DeploymentType } from '../context.js';

type Capabilities = { properties: Record<string, unknown>; labels?: Record<string, unknown> };

/** The most linear memory the suite's Wasm device declares: 16 MiB, above every module limit the scenarios set. */
export const WASM_DEVICE_MAX_MEMORY_BYTES = 16 * 1024 * 1024;

/** The labels of a device of the draft Wasm device class (profiles/device-wasm.md section 1), running wasip1 modules. */
export const WASM_DEVICE_LABELS: Record<string, unknown> = {
  [WASM_LABELS.runtime]: 'node-wasi',
  [WASM_LABELS.wasi]: ['wasip1'],
  [WASM_LABELS.maxMemoryBytes]: WASM_DEVICE_MAX_MEMORY_BYTES,
};

/**
 * How a device claims the deployment type a profile certifies, per edition: rc.3 lists it in
 * supportedDeploymentTypes, and a custom (Wasm) device also the custom runtime and the Wasm labels
 * (WASM-013); preview-1 says it through the role (Standalone Cluster runs Helm, DEV-005; Standalone
 * Device runs Compose, DEV-006) and has no custom type.
 */
const HOSTING_CLAIMS: Record<EditionId, (type: DeploymentType) => Capabilities> = {
  '1.0.0-rc.3': (type) =>
    type === 'custom'
      ? { properties: { supportedRuntimes: ['custom'], supportedDeploymentTypes: ['custom'] }, labels: WASM_DEVICE_LABELS }
      : { properties: { supportedDeploymentTypes: [type] } },
  'preview-1': (type) => ({ properties: { roles: [type === 'helm' ? 'Standalone Cluster' : 'Standalone Device'] } }),
};

/**
 * The capabilities the suite hands the device (launch contract: the capabilities file): the WFM suite's
 * valid hosting-device body of the edition, claiming the profile's deployment type, without the envelope
 * the file does not carry.
 */
export function defaultCapabilities(edition: Edition, deviceId: string, type: DeploymentType): Capabilities {
  const body = apiFacts(edition).capabilities(deviceId);
  const claim = HOSTING_CLAIMS[edition.id](type);
  const properties = { ...(body['properties'] as Record<string, unknown>), ...claim.properties };
  const labels = { ...(body['labels'] as Record<string, unknown> | undefined), ...claim.labels };
  return { properties, ...(Object.keys(labels).length > 0 ? { labels } : {}) };
}
