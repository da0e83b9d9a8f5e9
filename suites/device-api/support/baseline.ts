import type { Baseline } from '../context.js';
import type { Session } from '../session.js';
import { waitForPolls, waitForState } from './observations.js';
import { steady } from './session-scope.js';
import type { TestApplication } from './test-application.js';

/** Three slow components, so each install step is visible in its own status report (PKG-015, PKG-016, DS-029). */
export const BASELINE_APPLICATION: TestApplication = {
  id: 'baseline',
  components: [
    { name: 'alpha', plan: 'slow' },
    { name: 'bravo', plan: 'slow' },
    { name: 'charlie', plan: 'slow' },
  ],
};

/**
 * The baseline scenario many checks judge: the device onboards, reports capabilities, polls, gets one
 * assignment, installs it and keeps polling. A device that never gets there leaves the checks undecided.
 */
export async function runBaseline(session: Session, waitMs: number): Promise<Baseline> {
  await steady(session, waitMs);
  const deployment = await session.assign(BASELINE_APPLICATION);
  await waitForState(session.mock.traffic, session.mock.edition, deployment.deploymentId, 'installed', { timeoutMs: waitMs });
  await waitForPolls(session.mock.traffic, 2, { since: session.mock.traffic.mark(), timeoutMs: waitMs });
  return { session, deployment };
}
