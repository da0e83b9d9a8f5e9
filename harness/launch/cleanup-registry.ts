import type { Cleanup, CleanupRegistry } from '../../core/launch/cleanups.js';

export type { Cleanup, CleanupRegistry } from '../../core/launch/cleanups.js';

/** What a drain could not finish within its bound (they got their blocking last resort instead). */
export interface DrainReport {
  unfinished: string[];
}

/** A registry the app can drain: asynchronously and bounded (signals, end of run) or blocking (the 'exit' event). */
export interface DrainableCleanups extends CleanupRegistry {
  /** Registered and not yet released or drained. */
  pending(): string[];
  /**
   * Runs every pending cleanup, processes before files, each phase's cleanups side by side. Cleanups
   * registered while draining (a run still starting a scenario) are drained too. What is still running at
   * `timeoutMs` gets its `runSync`. Never throws.
   */
  drain(options: { timeoutMs: number }): Promise<DrainReport>;
  /** Runs every pending cleanup's `runSync`, processes first. For the 'exit' event, where nothing can be awaited. */
  drainSync(): void;
}

const PHASES = ['process', 'files'] as const;

export function createCleanupRegistry(): DrainableCleanups {
  const entries = new Set<Cleanup>();
  let closed = false;
  const take = (phase: Cleanup['phase']) => {
    const taken = [...entries].filter((entry) => entry.phase === phase);
    for (const entry of taken) entries.delete(entry);
    return taken;
  };
  const runSync = (entry: Cleanup) => {
    try {
      entry.runSync?.();
    } catch {
      // Last resort: nothing more to try.
    }
  };
  return {
    add(cleanup) {
      entries.add(cleanup);
      return () => {
        entries.delete(cleanup);
      };
    },
    get closed() {
      return closed;
    },
    pending: () => [...entries].map((entry) => entry.what),
    async drain({ timeoutMs }) {
      closed = true;
      const deadline = Date.now() + timeoutMs;
      const unfinished: string[] = [];
      // A few rounds: a run interrupted mid-scenario may register a cleanup while the first round runs.
      for (let round = 0; round < 5 && entries.size > 0; round++) {
        for (const phase of PHASES) {
          const batch = take(phase);
          if (batch.length === 0) continue;
          const done = new Set<Cleanup>();
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            Promise.all(batch.map((entry) => entry.run().then(() => done.add(entry), () => done.add(entry)))),
            new Promise((resolve) => {
              timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
            }),
          ]);
          clearTimeout(timer);
          for (const entry of batch) {
            if (done.has(entry)) continue;
            unfinished.push(entry.what);
            runSync(entry);
          }
        }
      }
      // Still registering after five rounds: stop waiting, block.
      for (const phase of PHASES) for (const entry of take(phase)) runSync(entry);
      return { unfinished };
    },
    drainSync() {
      closed = true;
      for (const phase of PHASES) for (const entry of take(phase)) runSync(entry);
    },
  };
}

/**
 * The process's registry: every launcher, session and container run registers into it by default, and
 * only the CLI (harness/cli/bin.ts) drains it and decides when the process exits. A library user that
 * installs its own signal handling drains it the same way.
 */
export const processCleanups: DrainableCleanups = createCleanupRegistry();
