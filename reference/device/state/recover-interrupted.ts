import type { DeviceContext } from '../device-context.js';

/**
 * A deployment caught mid-install or mid-removal by a stop is failed on restart, with a report, rather
 * than left in progress for ever (DS-041). It is installed again when its revision changes; a removal
 * goes on when the manifest, polled again, still leaves it out.
 */
export async function recoverInterrupted(context: DeviceContext): Promise<void> {
  let changed = false;
  for (const record of Object.values(context.store.data.deployments)) {
    // fails-installed-on-restart: every stored component counts as cut short, installed ones too.
    const interrupted = record.components.filter((component) => component.state === 'pending' || component.state === 'installing' || component.state === 'removing' || (context.faults.has('fails-installed-on-restart') && component.state === 'installed'));
    if (interrupted.length === 0) continue;
    // forgets-install-in-progress-on-restart: an unfinished install is left as it was, never reported nor retried.
    if (context.faults.has('forgets-install-in-progress-on-restart') && interrupted.every((component) => component.state !== 'removing')) continue;
    const error = { code: 'interrupted', message: 'the device stopped before this component was done' };
    for (const component of interrupted) Object.assign(component, { state: 'failed', error });
    record.error ??= error;
    context.status.report(record);
    changed = true;
  }
  if (changed) await context.store.save();
}
