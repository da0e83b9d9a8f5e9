import { defineCheck } from '../../../core/runner/check.js';
import type { FleetContext } from '../context.js';
import { tallyFindings } from '../tally-findings.js';

const ID = 'fleet/own-desired-state';
const REQUIREMENTS = ['DS-030', 'ID-003'];

/** Under fleet load every device sees exactly its own desired state, within the convergence bound */
export const ownDesiredState = defineCheck<FleetContext>({
  id: ID,
  title: 'Under fleet load every device sees exactly its own desired state, within the convergence bound',
  requirements: REQUIREMENTS,
  run: (context) => REQUIREMENTS.flatMap((requirement) => tallyFindings(context, ID, requirement, 'No device completed a manifest poll during the run, so whose desired state each saw was never observed')),
});
