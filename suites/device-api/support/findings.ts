import { LaunchError } from '../../../core/launch/launcher.js';
import { WaitTimeoutError, type RecordedExchange } from '../../../instruments/mock-wfm/index.js';
import type { Finding } from '../../../core/results/model.js';

export function fail(requirement: string, message: string, exchange?: RecordedExchange, evidence?: Record<string, unknown>): Finding {
  return { requirement, outcome: 'fail', message, ...(exchange ? { location: exchange.evidence } : {}), ...(evidence ? { evidence } : {}) };
}

export function skip(requirements: readonly string[], message: string): Finding[] {
  return requirements.map((requirement) => ({ requirement, outcome: 'skip' as const, message }));
}

/** The step a requirement depends on did not happen, so it could not be decided: `error`, never `fail`. */
export function undecided(requirements: readonly string[], message: string): Finding[] {
  return requirements.map((requirement) => ({ requirement, outcome: 'error' as const, message }));
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
    if (cause instanceof WaitTimeoutError) return undecided(requirements, `Could not be decided: ${cause.message}. Check that the device under test is configured per the launch contract and talks to the suite's WFM.`);
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
