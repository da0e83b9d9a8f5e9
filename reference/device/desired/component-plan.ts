import type { RuntimeComponent } from '../runtime/workload-runtime.js';

/** How one component is installed: whether the next waits for it (PKG-015) and its time limit (PKG-014). */
export interface ComponentPlan {
  wait: boolean;
  timeoutMs: number | undefined;
}

const TIMEOUT = /^(\d+)m(\d+)s$/;

/** `wait` defaults to true and may come as a string (preview-1 examples write "true"); `timeout` is `##m##s`. */
export function componentPlan(component: RuntimeComponent): ComponentPlan {
  const wait = component.properties['wait'];
  const timeout = TIMEOUT.exec(String(component.properties['timeout'] ?? ''));
  return {
    wait: !(wait === false || wait === 'false'),
    timeoutMs: timeout ? (Number(timeout[1]) * 60 + Number(timeout[2])) * 1000 : undefined,
  };
}
