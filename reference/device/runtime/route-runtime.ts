import { isWasmComponent } from './wasm-settings.js';
import type { WorkloadRuntime } from './workload-runtime.js';

/**
 * The reference device's runtime: Wasm components (those carrying the Wasm extension, WASM-001) run in
 * the Wasm runtime, everything else in the simulated one, whatever the profile type. Removal gets the
 * stored component without its extensions, so both are asked; each ignores what it never ran.
 */
export function routeRuntime(runtimes: { wasm: WorkloadRuntime; other: WorkloadRuntime }): WorkloadRuntime {
  return {
    install: (component, deployment, signal) => (isWasmComponent(component) ? runtimes.wasm : runtimes.other).install(component, deployment, signal),
    async remove(component, deployment, signal) {
      await runtimes.wasm.remove(component, deployment, signal);
      await runtimes.other.remove(component, deployment, signal);
    },
    async close() {
      await Promise.all([runtimes.wasm.close?.(), runtimes.other.close?.()]);
    },
  };
}
