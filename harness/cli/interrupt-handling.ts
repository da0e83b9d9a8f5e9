import type { DrainableCleanups } from '../launch/cleanup-registry.js';

/**
 * How long an interrupted or finished run may spend undoing what it started before the blocking last
 * resort (SIGKILL, rmSync, forced container removal) takes over: a container's 5 s stop grace plus up to
 * 10 s for the engine to stop and remove it. Local processes need at most 3 s grace + 2 s.
 */
export const DRAIN_BOUND_MS = 15_000;

/** Time for file-system calls already under way at the signal to complete and register what they made. */
const SETTLE_MS = 250;

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export interface InterruptHandlingOptions {
  cleanups: DrainableCleanups;
  stderr(text: string): void;
  exit(code: number): void;
  /** @default DRAIN_BOUND_MS */
  timeoutMs?: number;
}

/**
 * The process owner's signal handling (only the CLI, or a test driver standing in for it, installs it):
 * on SIGINT/SIGTERM it drains the cleanups, bounded, then exits 130/143; a second signal skips the wait.
 * At the 'exit' event whatever is still registered gets its blocking cleanup.
 */
export function installInterruptHandling(options: InterruptHandlingOptions): void {
  const timeoutMs = options.timeoutMs ?? DRAIN_BOUND_MS;
  const { cleanups } = options;
  process.on('exit', () => cleanups.drainSync());
  let draining = false;
  for (const [signal, code] of Object.entries(EXIT_CODES)) {
    process.on(signal, () => {
      if (draining) {
        cleanups.drainSync();
        options.exit(code);
        return;
      }
      draining = true;
      options.stderr(`margo-conformance: ${signal}: stopping the processes and containers the run started and removing its temp directories (at most ${timeoutMs} ms; send ${signal} again to kill them at once).\n`);
      void cleanups.drain({ timeoutMs }).then((report) => {
        if (report.unfinished.length > 0) options.stderr(`margo-conformance: not undone within ${timeoutMs} ms, so killed or removed without waiting: ${report.unfinished.join('; ')}.\n`);
        // A scenario that created its temp dir just before the signal registers it a moment later: let it, then undo it.
        setTimeout(() => {
          cleanups.drainSync();
          options.exit(code);
        }, SETTLE_MS);
      });
    });
  }
}
