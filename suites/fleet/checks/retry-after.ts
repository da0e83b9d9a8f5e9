import { defineCheck } from '../../../core/runner/check.js';
import type { FleetContext } from '../context.js';
import { tallyFindings } from '../tally-findings.js';

const ID = 'fleet/retry-after';
const REQUIREMENTS = ['ERR-006'];

/** Under fleet load every 429 and 503 carries Retry-After, and the simulated devices wait for it */
export const retryAfter = defineCheck<FleetContext>({
  id: ID,
  title: 'Under fleet load every 429 and 503 carries Retry-After, and the simulated devices wait for it',
  requirements: REQUIREMENTS,
  run: (context) => REQUIREMENTS.flatMap((requirement) => tallyFindings(context, ID, requirement, 'The WFM never answered 429 or 503 during the run, so Retry-After was never observed')),
});
