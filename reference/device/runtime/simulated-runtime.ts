import type { RuntimeComponent, WorkloadRuntime } from './workload-runtime.js';

/** Hosts under `sim.margo.test` (a reserved `.test` name, RFC 6761) that steer the simulated runtime. */
export const SIMULATION_HOSTS = {
  /** The install fails with an error. */
  installFails: 'install-fails.sim.margo.test',
  /** The install takes a while: `?ms=N`, or a first path segment `Nms`; 1000 ms otherwise. */
  slow: 'slow.sim.margo.test',
  /** The install never finishes; only the component's `timeout` ends it. */
  hangs: 'hangs.sim.margo.test',
  /** The install is quick, the removal takes a while: `?ms=N`, or a first path segment `Nms`; 1000 ms otherwise. */
  slowRemoval: 'slow-removal.sim.margo.test',
} as const;

const DEFAULT_SLOW_MS = 1000;
const QUICK_MS = 5;

/**
 * The default runtime: pulls nothing and runs nothing. A component's outcome follows its `repository`
 * alone, so a test scenario controls it through the package (README: simulated runtime). A real device
 * given the same references fails or hangs as well, since `.test` names never resolve.
 */
export function createSimulatedRuntime(): WorkloadRuntime {
  return {
    async install(component, _deployment, signal) {
      const plan = planOf(component);
      if (plan.kind === 'fails') throw new Error(`simulated install of ${String(component.properties['repository'])} failed`);
      await delay(plan.kind === 'slow' ? plan.ms : plan.kind === 'hangs' ? Number.POSITIVE_INFINITY : QUICK_MS, signal);
    },
    async remove(component, _deployment, signal) {
      const plan = planOf(component);
      await delay(plan.kind === 'slow-removal' ? plan.ms : QUICK_MS, signal);
    },
  };
}

type Plan = { kind: 'fails' } | { kind: 'slow'; ms: number } | { kind: 'slow-removal'; ms: number } | { kind: 'hangs' } | { kind: 'quick' };

function planOf(component: RuntimeComponent): Plan {
  const repository = component.properties['repository'];
  let url: URL;
  try {
    url = new URL(typeof repository === 'string' ? repository : '');
  } catch {
    return { kind: 'quick' };
  }
  if (url.hostname === SIMULATION_HOSTS.installFails) return { kind: 'fails' };
  if (url.hostname === SIMULATION_HOSTS.hangs) return { kind: 'hangs' };
  const kind = url.hostname === SIMULATION_HOSTS.slow ? 'slow' : url.hostname === SIMULATION_HOSTS.slowRemoval ? 'slow-removal' : undefined;
  if (!kind) return { kind: 'quick' };
  const fromQuery = url.searchParams.get('ms');
  const fromPath = /^\/(\d+)ms(\/|$)/.exec(url.pathname)?.[1];
  const ms = Number(fromQuery ?? fromPath ?? DEFAULT_SLOW_MS);
  return { kind, ms: Number.isFinite(ms) ? ms : DEFAULT_SLOW_MS };
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
