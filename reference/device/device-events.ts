/**
 * What the device did, one record per event. `main.ts` writes each as one JSON line to stderr; tests
 * wait on them. Fields are flat and JSON-safe.
 */
export type DeviceEvent = { at: string } & (
  | { event: 'started'; edition: string; deviceId: string; faults: string[] }
  | { event: 'onboarded'; clientId: string }
  | { event: 'capabilities-sent'; deviceId: string; method: string; status: number }
  | { event: 'poll'; status: number; ifNoneMatch?: string; etag?: string }
  | { event: 'manifest-applied'; manifestVersion: number; etag: string }
  | { event: 'manifest-rejected'; reason: string; requirement: string; security?: boolean }
  | { event: 'install'; deploymentId: string; component: string; outcome: 'installed' | 'failed'; error?: string }
  | { event: 'remove'; deploymentId: string; component: string }
  | { event: 'wasm-run'; deploymentId: string; component: string; exitCode?: number; trap?: string; stdout: string }
  | { event: 'deployment-failed'; deploymentId: string; code: string; reason: string }
  | { event: 'status-sent'; deploymentId: string; state: string; status: number }
  | { event: 'request-failed'; method: string; path: string; status?: number; reason: string }
  | { event: 'backoff'; delayMs: number; reason: string }
  | { event: 'wfm-identity-rejected'; problems: string[] }
  | { event: 'svid-renewed'; notAfter: string }
  | { event: 'svid-kept'; reason: string }
  | { event: 'trust-bundle-accepted'; sequence?: number; anchors: number }
  | { event: 'trust-bundle-rejected'; reason: string; requirement: string }
  | { event: 'trust-bundle-failed'; reason: string }
  | { event: 'skipped'; reason: 'downtime' | 'outside-polling-period' | 'no-trust-bundle' }
  | { event: 'config-error'; reason: string }
  | { event: 'stopped' }
);

export type DeviceEventName = DeviceEvent['event'];

/** Distributes the Omit over the union so each variant keeps its own fields. */
type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;
export type DeviceEventInput = WithoutAt<DeviceEvent>;

export interface WaitOptions {
  /** @default 10000 */
  timeoutMs?: number;
  /** Index in `events` from which to look; `events.length` waits for new events only. @default 0 */
  since?: number;
}

export interface EventLog {
  emit(event: DeviceEventInput): void;
  readonly events: readonly DeviceEvent[];
  /** Resolves with the first event matching `predicate`, recorded at index `since` (default 0) or later. */
  waitFor(predicate: (event: DeviceEvent) => boolean, options?: WaitOptions): Promise<DeviceEvent>;
}

const DEFAULT_WAIT_MS = 10_000;

export function createEventLog(now: () => number, onEvent?: (event: DeviceEvent) => void): EventLog {
  const events: DeviceEvent[] = [];
  const waiters = new Set<{ predicate: (event: DeviceEvent) => boolean; resolve: (event: DeviceEvent) => void }>();
  return {
    events,
    emit(input) {
      const event = { at: new Date(now()).toISOString(), ...input } as DeviceEvent;
      events.push(event);
      onEvent?.(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
          waiters.delete(waiter);
          waiter.resolve(event);
        }
      }
    },
    waitFor(predicate, { timeoutMs = DEFAULT_WAIT_MS, since = 0 } = {}) {
      const past = events.slice(since).find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (event: DeviceEvent) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const last = events.slice(-5).map((e) => e.event).join(', ');
          reject(new Error(`reference device: no matching event after ${timeoutMs} ms (last events: ${last || 'none'})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
