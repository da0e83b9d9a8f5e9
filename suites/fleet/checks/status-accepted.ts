import { defineCheck } from '../../../core/runner/check.js';
import type { FleetContext } from '../context.js';
import { tallyFindings } from '../tally-findings.js';

const ID = 'fleet/status-accepted';
const REQUIREMENTS = ['ST-009'];

/** Under fleet load valid status reports are accepted and recorded */
export const statusAccepted = defineCheck<FleetContext>({
  id: ID,
  title: 'Under fleet load valid status reports are accepted and recorded',
  requirements: REQUIREMENTS,
  run: (context) => REQUIREMENTS.flatMap((requirement) => tallyFindings(context, ID, requirement, 'No device had a deployment to report status for during the run')),
});
