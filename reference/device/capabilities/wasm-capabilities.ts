import { WASM_LABELS } from '../../../core/protocol/wasm-convention.js';
import type { DeviceFacts } from '../device-facts.js';
import type { DeviceCapabilities } from '../device-options.js';
import { defaultCapabilities } from './default-capabilities.js';

/** The most linear memory the reference Wasm device gives one module: 16 MiB, a small edge device's share. */
export const WASM_MAX_MEMORY_BYTES = 16 * 1024 * 1024;

/**
 * `--runtime wasm`: the reference device as a Wasm device of the draft class (profiles/device-wasm.md
 * section 1): `custom` runtime and deployment type only, and the three Wasm labels.
 */
export function wasmCapabilities(deviceId: string, facts: DeviceFacts): DeviceCapabilities {
  const base = defaultCapabilities(deviceId, facts);
  return {
    properties: { ...base.properties, supportedRuntimes: ['custom'], supportedDeploymentTypes: ['custom'] },
    labels: { ...base.labels, [WASM_LABELS.runtime]: 'node-wasi', [WASM_LABELS.wasi]: ['wasip1'], [WASM_LABELS.maxMemoryBytes]: WASM_MAX_MEMORY_BYTES },
  };
}
