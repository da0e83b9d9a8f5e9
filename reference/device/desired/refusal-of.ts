import { WASM_EXTENSION } from '../../../suites/wasm/wasm-convention.js';
import type { DeviceContext } from '../device-context.js';
import { ineligibility } from './evaluate-eligibility.js';
import type { ParsedDeployment } from './parse-deployment.js';

/** Why the device will not install a deployment at all; it is then reported failed with this error. */
export interface Refusal {
  code: string;
  message: string;
}

/**
 * Checks made before any component is touched: the profile type (PKG-017), the targeted device (DS-030)
 * and the eligibility rules (DS-032, DS-034). Unknown `x-*-extensions` are not a reason (DS-038).
 */
export function refusalOf(context: DeviceContext, deployment: ParsedDeployment): Refusal | undefined {
  const { faults } = context;
  const capabilities = context.capabilities();
  // The Wasm extension is the device's own (its Wasm runtime reads it), so it is never unknown.
  const unknown = deployment.extensions.filter((key) => key !== WASM_EXTENSION);
  if (faults.has('fails-on-unknown-extensions') && unknown.length > 0) {
    return { code: 'unknown-extension', message: `unsupported extensions ${unknown.join(', ')}` };
  }
  if (deployment.deviceId !== undefined && deployment.deviceId !== context.deviceId) {
    return { code: 'wrong-device', message: `the deployment targets device "${deployment.deviceId}"; this is "${context.deviceId}" (DS-030)` };
  }
  const supported = context.facts.supportedProfileTypes(capabilities.properties, context.edition);
  if (!supported.includes(deployment.profileType)) {
    return { code: 'unsupported-profile-type', message: `profile type "${deployment.profileType}" is not one this device runs (${supported.join(', ') || 'none'}) (PKG-017)` };
  }
  const ineligible = faults.has('ignores-eligibility-rules') ? undefined : ineligibility(deployment.deviceConstraints, { properties: capabilities.properties, labels: capabilities.labels ?? {} });
  return ineligible ? { code: 'not-eligible', message: `${ineligible} (DS-032)` } : undefined;
}
