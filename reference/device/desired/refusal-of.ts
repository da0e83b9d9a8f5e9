import { ineligibility } from '../../eligibility/evaluate-eligibility.js';
import type { DeviceContext } from '../device-context.js';
import type { DeviceCapabilities } from '../device-options.js';
import type { ParsedDeployment } from './parse-deployment.js';

/** Why the device will not install a deployment at all; it is then reported failed with this error. */
export interface Refusal {
  code: string;
  message: string;
  /** The device that raised the error, where it is not the one hosting the deployment (ST-010: a gateway). */
  source?: string;
}

/** A device that would host a deployment: this device, or a gateway's child. */
export interface Host {
  deviceId: string;
  capabilities: DeviceCapabilities;
}

/**
 * Checks against the capabilities of the device that would host a deployment, made before any component
 * is touched: the profile type (PKG-017) and the eligibility rules (DS-032, DS-034).
 */
export function refusalOf(context: DeviceContext, deployment: ParsedDeployment, host: Host): Refusal | undefined {
  const { faults } = context;
  const { capabilities } = host;
  const runner = host.deviceId === context.deviceId ? 'this device' : `device "${host.deviceId}"`;
  const supported = context.facts.supportedProfileTypes(capabilities.properties, context.edition);
  // installs-unsupported-profile-type: the device's own type check is skipped (a gateway's children keep theirs).
  const checksType = !(faults.has('installs-unsupported-profile-type') && host.deviceId === context.deviceId);
  if (checksType && !supported.includes(deployment.profileType)) {
    return { code: 'unsupported-profile-type', message: `profile type "${deployment.profileType}" is not one ${runner} runs (${supported.join(', ') || 'none'}) (PKG-017)` };
  }
  const ineligible = faults.has('ignores-eligibility-rules') ? undefined : ineligibility(deployment.deviceConstraints, { properties: capabilities.properties, labels: capabilities.labels ?? {} }, { containsAllAsAny: faults.has('contains-all-as-any') });
  return ineligible ? { code: 'not-eligible', message: `${ineligible} (DS-032)` } : undefined;
}
