import type { DeviceFaultSet } from '../faults.js';

/** The six lowercase states (ST-005), most severe first (ST-006, catalog note on the garbled precedence). */
export const STATE_SEVERITY = ['failed', 'removing', 'installing', 'pending', 'installed', 'removed'] as const;
export type DeploymentState = (typeof STATE_SEVERITY)[number];

/** ST-006: the overall state is the most severe component state. */
export function overallState(components: readonly { state: string }[], faults: DeviceFaultSet): DeploymentState {
  const states = components.map((component) => component.state);
  const settled = !states.some((state) => state === 'pending' || state === 'installing' || state === 'removing');
  if (faults.has('overall-installed-while-component-failed') && settled && states.includes('installed')) return 'installed';
  return STATE_SEVERITY.find((state) => states.includes(state)) ?? 'pending';
}
