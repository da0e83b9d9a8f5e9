import type { DeviceContext } from '../device-context.js';
import type { DeploymentRecord } from '../state/device-state.js';

/**
 * DS-028: takes a deployment away, components last to first, reporting removing and then removed
 * (DS-029). Reading for ST-011: removal reports carry the version of the manifest that dropped the
 * deployment, the desired state being applied. A stop in the middle leaves the deployment removing on
 * disk, so the restart reports it and removes it again (DS-041).
 */
export async function removeDeployment(context: DeviceContext, record: DeploymentRecord, manifestVersion: number): Promise<void> {
  const target = { deploymentId: record.deploymentId, profileType: record.profileType, parameters: {} };
  record.adoptedManifestVersion = manifestVersion;
  record.error = undefined;
  for (const component of record.components) Object.assign(component, { state: 'removing', error: undefined });
  context.status.report(record);
  // forgets-removal-in-progress-on-restart: the deployment leaves the state when its removal starts, not when it ends.
  if (context.faults.has('forgets-removal-in-progress-on-restart')) delete context.store.data.deployments[record.deploymentId];
  await context.store.save();
  for (const component of [...record.components].reverse()) {
    await context.runtime.remove(component, target, context.signal).catch(() => undefined);
    if (context.signal.aborted) return;
    component.state = 'removed';
    context.log.emit({ event: 'remove', deploymentId: record.deploymentId, component: component.name });
  }
  context.status.report(record);
  delete context.store.data.deployments[record.deploymentId];
  await context.store.save();
}
