import type { CheckResult } from '../results/model.js';
import { worstOutcome } from '../results/outcome.js';
import type { Outcome } from '../results/outcome.js';

/** What a long run tells its caller while it works; the CLI renders it, the core never prints. */
export type RunProgress =
  | { kind: 'start'; total: number; timeScale: { factor: number; source: string } }
  | { kind: 'check-start'; check: string; title: string; done: number; total: number }
  /** A scenario began waiting for `what` (the device suite's waits on traffic). */
  | { kind: 'await'; scenario: string; what: string }
  | { kind: 'check-end'; check: string; title: string; outcome: Outcome; requirements: string[]; done: number; total: number; durationMs: number };

export type OnProgress = (event: RunProgress) => void;

export interface ProgressReporter {
  started(check: { id: string; title: string }): void;
  finished(check: { id: string; title: string }, results: readonly CheckResult[]): void;
}

/**
 * Counts checks (a device check is one scenario group) as they start and end and forwards events. A
 * listener that throws must not break the run, so its errors are swallowed.
 */
export function createProgressReporter(onProgress: OnProgress | undefined, total: number, timeScale: { factor: number; source: string }): ProgressReporter {
  const emit = (event: RunProgress) => {
    try {
      onProgress?.(event);
    } catch {
      // a renderer's problem is not the run's
    }
  };
  let started = 0;
  let done = 0;
  const startedAt = new Map<string, number>();
  emit({ kind: 'start', total, timeScale });
  return {
    started(check) {
      started += 1;
      startedAt.set(check.id, performance.now());
      emit({ kind: 'check-start', check: check.id, title: check.title, done, total: Math.max(total, started) });
    },
    finished(check, results) {
      if (results.length === 0) return;
      done += 1;
      const durationMs = Math.round(performance.now() - (startedAt.get(check.id) ?? performance.now()));
      const outcome = worstOutcome(results.map((r) => r.outcome));
      emit({ kind: 'check-end', check: check.id, title: check.title, outcome, requirements: results.map((r) => r.requirement), done, total: Math.max(total, done), durationMs });
    },
  };
}
