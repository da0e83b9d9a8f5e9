import type { DeviceContext } from '../device-context.js';

/**
 * A deployment caught mid-install or mid-removal by a stop is failed on restart, with a report, rather
 * than silently shown as still in progress (DS-029). It is installed again when its revision changes.
 */
export async function recoverInterrupted(context: DeviceContext): Promise<void> {
  let changed = false;
  for (const record of Object.values(context.store.data.deployments)) {
    const interrupted = record.components.filter((component) => component.state === 'pending' || component.state === 'installing' || component.state === 'removing');
    if (interrupted.length === 0) continue;
    const error = { code: 'interrupted', message: 'the device stopped before this component was done' };
    for (const component of interrupted) Object.assign(component, { state: 'failed', error });
    record.error ??= error;
    context.status.report(record);
    changed = true;
  }
  if (changed) await context.store.save();
}
