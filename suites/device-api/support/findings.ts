import { LaunchError } from '../../../core/launch/launcher.js';
import { WaitTimeoutError, type RecordedExchange, type TrafficLog } from '../../../instruments/mock-wfm/index.js';
import type { EvidenceRef, Finding } from '../../../core/results/model.js';

export function fail(requirement: string, message: string, exchange?: RecordedExchange, evidence?: Record<string, unknown>): Finding {
  return { requirement, outcome: 'fail', message, ...(exchange ? { location: exchange.evidence } : {}), ...(evidence ? { evidence } : {}) };
}

/**
 * A pass for each requirement, citing the device's exchanges that prove it (by their ids in the run-wide
 * traffic log). Every early "nothing wrong" of a scenario says what it saw, instead of `return []`.
 */
export function passed(requirements: readonly string[], message: string, exchanges: readonly (RecordedExchange | undefined)[]): Finding[] {
  const observed: EvidenceRef[] = [...new Set(exchanges.flatMap((e) => (e?.evidence.id ? [e.evidence.id] : [])))].map((id) => ({ kind: 'traffic' as const, id }));
  return requirements.map((requirement) => ({ requirement, outcome: 'pass' as const, message, ...(observed.length > 0 ? { observed } : {}) }));
}

/** The exchange a wait found, or undefined when it timed out (the awaited behaviour is what is judged). */
export async function awaited<T>(wait: Promise<T>): Promise<T | undefined> {
  try {
    return await wait;
  } catch (cause) {
    if (cause instanceof WaitTimeoutError) return undefined;
    throw cause;
  }
}

export function skip(requirements: readonly string[], message: string): Finding[] {
  return requirements.map((requirement) => ({ requirement, outcome: 'skip' as const, message }));
}

/** The step a requirement depends on did not happen, so it could not be decided: `error`, never `fail`. */
export function undecided(requirements: readonly string[], message: string): Finding[] {
  return requirements.map((requirement) => ({ requirement, outcome: 'error' as const, message }));
}

/** Appended to every expired-wait message: how a lab widens the deadlines. */
export const WIDEN_HINT = 'A deadline that expires proves nothing against the device; rerun on a less busy machine or widen the deadlines with --time-scale.';

/**
 * A wait on the behaviour under test expired and the traffic shows nothing that proves a deviation:
 * `error`, never `fail` (a missed wall-clock deadline is not evidence). Says what was awaited, for how
 * long, and what the device did in the meantime.
 */
export function expired(requirements: readonly string[], options: { awaited: string; waitMs: number; traffic: TrafficLog; since?: number; why?: string }): Finding[] {
  const why = options.why ? ` ${options.why}` : '';
  return undecided(requirements, `Awaited ${options.awaited} for ${options.waitMs} ms, saw ${sawSince(options.traffic, options.since ?? 0)}.${why} ${WIDEN_HINT}`);
}

/** What the device sent from `since` on, for expired-wait messages: "5 requests (3 GET deployments, 2 PUT status)". */
export function sawSince(traffic: TrafficLog, since: number): string {
  const seen = traffic.exchanges.slice(since);
  if (seen.length === 0) return 'no request from the device';
  const counts = new Map<string, number>();
  for (const e of seen) {
    const key = `${e.method} ${e.route ?? 'unrouted'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, n]) => `${n} ${key}`);
  return `${seen.length} request${seen.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}

/**
 * Runs a scenario and turns set-up trouble into findings: a device that could not be launched, or a
 * prerequisite the device never reached (a wait that timed out outside the behaviour under test), is
 * `error` for the scenario's requirements. Waits on the behaviour under test are caught by the check.
 */
export async function guarded(requirements: readonly string[], body: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await body();
  } catch (cause) {
    if (cause instanceof WaitTimeoutError) return undecided(requirements, `Could not be decided: ${cause.message}. Check that the device under test is configured per the launch contract and talks to the suite's WFM. ${WIDEN_HINT}`);
    if (cause instanceof LaunchError) return undecided(requirements, cause.message.split('\n')[0] ?? cause.message);
    throw cause;
  }
}

/** Resolves true when `wait` settles in time, false when it times out (the awaited behaviour is what is judged). */
export async function happened(wait: Promise<unknown>): Promise<boolean> {
  try {
    await wait;
    return true;
  } catch (cause) {
    if (cause instanceof WaitTimeoutError) return false;
    throw cause;
  }
}
