import type { Edition } from '../../../core/catalog/editions.js';
import type { DeviceFaultSet } from '../faults.js';
import type { DeploymentRecord } from '../state/device-state.js';
import { overallState } from './overall-state.js';

/**
 * A DeploymentStatusManifest for a deployment as it stands: the edition's envelope (ST-003), the overall
 * state (ST-006), exactly one entry per component (ST-007), lowercase states (ST-005), `error {code,
 * message}` where failed (ST-008) and, where the edition requires it, `adoptedManifestVersion`: the
 * manifest the deployment's current revision came from (ST-004, ST-011). A gateway adds `deviceId`, the
 * device hosting the deployment, and `error.source` where it raised the error itself (ST-010).
 */
export function statusBody(edition: Edition, record: DeploymentRecord, faults: DeviceFaultSet): Record<string, unknown> {
  const envelope = edition.api.envelope;
  const text = (state: string) => (faults.has('reports-capitalised-state') ? state.charAt(0).toUpperCase() + state.slice(1) : state);
  const error = (value: DeploymentRecord['error']) =>
    value === undefined
      ? {}
      : { error: faults.has('error-without-code') ? { message: value.message } : { code: value.code, ...(value.source !== undefined ? { source: value.source } : {}), message: value.message } };
  const components = faults.has('one-status-for-two-components') ? record.components.slice(0, 1) : record.components;
  const adopted = faults.has('adopted-version-of-first-revision') ? record.firstManifestVersion : record.adoptedManifestVersion;
  return {
    ...(envelope ? { apiVersion: envelope.apiVersion.status, kind: envelope.kind.status } : {}),
    deploymentId: record.deploymentId,
    ...(record.hostDeviceId !== undefined ? { deviceId: record.hostDeviceId } : {}),
    ...(edition.api.adoptedManifestVersion && !faults.has('omits-adopted-manifest-version') ? { adoptedManifestVersion: adopted } : {}),
    status: { state: text(overallState(record.components, faults)), ...error(record.error) },
    components: components.map((component) => ({ name: component.name, state: text(component.state), ...error(component.error) })),
  };
}
