import type { DeviceContext } from '../device-context.js';
import type { RuntimeComponent, RuntimeDeployment } from '../runtime/workload-runtime.js';
import type { ComponentRecord, DeploymentRecord } from '../state/device-state.js';
import { componentPlan, type ComponentPlan } from './component-plan.js';
import type { ParsedDeployment } from './parse-deployment.js';
import { placeDeployment } from './place-deployment.js';

export interface InstallRequest {
  deployment: ParsedDeployment;
  digest: string;
  /** The manifest this revision is taken from (ST-011). */
  manifestVersion: number;
}

type ComponentError = NonNullable<ComponentRecord['error']>;

/**
 * Installs (or updates to) one revision of a deployment: placement and refusal checks first (a gateway
 * records the hosting device for its status reports, ST-010), then the components in listed order
 * (PKG-016), each waiting for the previous one unless it says `wait: false` (PKG-015), each within its
 * `timeout`. Every state change is reported (DS-029, ST-001) and persisted; a component that finishes and
 * the next that starts are one change. A gateway's children run in the same runtime.
 */
export async function installDeployment(context: DeviceContext, request: InstallRequest): Promise<void> {
  const { store, faults, runtime } = context;
  const { deployment } = request;
  const previous = store.data.deployments[deployment.deploymentId];
  const placement = placeDeployment(context, deployment);
  const record: DeploymentRecord = {
    deploymentId: deployment.deploymentId,
    ...(deployment.applicationId !== undefined ? { applicationId: deployment.applicationId } : {}),
    digest: request.digest,
    adoptedManifestVersion: request.manifestVersion,
    firstManifestVersion: previous?.firstManifestVersion ?? request.manifestVersion,
    ...(placement.hostDeviceId !== undefined ? { hostDeviceId: placement.hostDeviceId } : {}),
    profileType: deployment.profileType,
    components: deployment.components.map((component) => ({ name: component.name, state: 'pending', properties: component.properties })),
  };
  store.data.deployments[deployment.deploymentId] = record;
  const commit = async () => {
    context.status.report(record);
    await store.save();
  };
  const target: RuntimeDeployment = { deploymentId: deployment.deploymentId, profileType: deployment.profileType, parameters: deployment.parameters };

  const { refusal } = placement;
  if (refusal) {
    // ST-006: a refused deployment is failed, so every component carries the failure.
    for (const component of record.components) Object.assign(component, { state: 'failed', error: refusal });
    record.error = refusal;
    context.log.emit({ event: 'deployment-failed', deploymentId: record.deploymentId, code: refusal.code, reason: refusal.message });
    await commit();
    return;
  }
  await commit();
  // An update that drops a component takes it away before the new revision starts.
  for (const old of previous?.components ?? []) {
    if (!record.components.some((component) => component.name === old.name)) await runtime.remove(old, target).catch(() => undefined);
  }

  const order = faults.has('installs-out-of-order') ? [...record.components].reverse() : record.components;
  const outstanding: Promise<void>[] = [];
  for (const [index, component] of order.entries()) {
    const plan = componentPlan(component);
    component.state = 'installing';
    await commit();
    const parsed = deployment.components.find((c) => c.name === component.name);
    const finished = runComponent(context, { name: component.name, properties: component.properties, ...(parsed?.extensions ? { extensions: parsed.extensions } : {}) }, plan, target).then((error) => {
      // The device is stopping: the component stays installing on disk, and the restart reports it (DS-041).
      if (error === STOPPED) return error;
      Object.assign(component, error ? { state: 'failed', error } : { state: 'installed' });
      if (error) record.error ??= error;
      context.log.emit({ event: 'install', deploymentId: record.deploymentId, component: component.name, outcome: error ? 'failed' : 'installed', ...(error ? { error: error.message } : {}) });
      return error;
    });
    if (!plan.wait || faults.has('ignores-wait')) {
      outstanding.push(finished.then((error) => (error === STOPPED ? undefined : commit())));
      continue;
    }
    const error = await finished;
    if (error === STOPPED) return;
    // Otherwise the next component's start is reported together with this one's end.
    if (error || index === order.length - 1) await commit();
    if (error) break;
  }
  await Promise.all(outstanding);
  if (context.signal.aborted) return;
  if (record.error) context.log.emit({ event: 'deployment-failed', deploymentId: record.deploymentId, code: record.error.code, reason: record.error.message });
}

/** A component whose install the device's stop abandoned: neither installed nor failed. */
const STOPPED = 'stopped';

async function runComponent(context: DeviceContext, component: RuntimeComponent, plan: ComponentPlan, target: RuntimeDeployment): Promise<ComponentError | typeof STOPPED | undefined> {
  const controller = new AbortController();
  // A stop while the previous step was being saved: nothing was started.
  if (context.signal.aborted) return STOPPED;
  const stop = () => controller.abort(new Error('the device is stopping'));
  context.signal.addEventListener('abort', stop, { once: true });
  const timer = plan.timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new Error(`not installed within ${String(component.properties['timeout'])}`)), plan.timeoutMs);
  try {
    await Promise.race([
      context.runtime.install(component, target, controller.signal),
      new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true })),
    ]);
    return undefined;
  } catch (cause) {
    if (context.signal.aborted) return STOPPED;
    const timedOut = controller.signal.aborted;
    return { code: timedOut ? 'install-timeout' : 'install-failed', message: `component ${component.name}: ${(cause as Error).message}` };
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', stop);
  }
}
