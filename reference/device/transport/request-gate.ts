import type { EventLog } from '../device-events.js';
import type { DeviceFaultSet } from '../faults.js';
import { WfmIdentityError } from './wfm-agent.js';
import { WfmStatusError, type WfmClient } from './wfm-client.js';
import { retryDecision } from './retry-policy.js';

/**
 * When the device may talk to the WFM again after a failure (ERR-007). Every request path asks `isOpen`
 * first; a failure closes the gate until the retry delay has passed.
 */
export interface RequestGate {
  isOpen(now: number): boolean;
  /** Milliseconds until the gate opens; 0 when open. */
  waitMs(now: number): number;
  succeeded(): void;
  /**
   * Records a failed exchange and returns the delay before the next attempt. During downtime errors are
   * ignored (POLL-003): no backoff, no retry scheduling.
   */
  failed(error: unknown, context: { now: number; quiet: boolean }): number;
}

export interface RequestGateOptions {
  baseMs: number;
  maxMs: number;
  pollIntervalMs: number;
  faults: DeviceFaultSet;
  log: EventLog;
  client: WfmClient;
}

export function createRequestGate(options: RequestGateOptions): RequestGate {
  let notBefore = 0;
  let attempt = 0;
  return {
    isOpen: (now) => now >= notBefore,
    waitMs: (now) => Math.max(0, notBefore - now),
    succeeded() {
      attempt = 0;
    },
    failed(error, { now, quiet }) {
      const status = error instanceof WfmStatusError ? error.answer : undefined;
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof WfmIdentityError) options.log.emit({ event: 'wfm-identity-rejected', problems: error.problems });
      else if (error instanceof WfmStatusError) options.log.emit({ event: 'request-failed', ...error.request, status: error.answer.status, reason });
      else options.log.emit({ event: 'request-failed', method: '-', path: '-', reason });
      if (status?.problem) dereferenceType(status.problem, options);
      if (quiet) return options.pollIntervalMs;
      const decision = retryDecision(status ?? {}, { baseMs: options.baseMs, maxMs: options.maxMs, attempt: attempt + 1, now });
      if (!decision.retry) {
        // A refusal is no overload signal: only a Retry-After it carries holds the next request back.
        notBefore = now + decision.delayMs;
        return Math.max(decision.delayMs, options.pollIntervalMs);
      }
      attempt += 1;
      // ERR-007: never earlier than Retry-After; the fault comes back at the polling rate regardless.
      const delayMs = options.faults.has('ignores-retry-after') ? options.pollIntervalMs : decision.delayMs;
      notBefore = now + delayMs;
      options.log.emit({ event: 'backoff', delayMs, reason: decision.reason });
      return delayMs;
    },
  };
}

/** ERR-003 forbids this; only the fault does it. */
function dereferenceType(problem: Record<string, unknown>, options: RequestGateOptions): void {
  const type = problem['type'];
  if (!options.faults.has('dereferences-problem-type') || typeof type !== 'string' || !type.startsWith('https://')) return;
  options.client.send({ method: 'GET', path: type }).catch(() => undefined);
}
