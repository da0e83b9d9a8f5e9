import { defineCheck } from '../../../core/runner/check.js';
import type { FleetContext } from '../context.js';
import { tallyFindings } from '../tally-findings.js';

const ID = 'fleet/no-server-errors';
const REQUIREMENTS = ['API-001'];

/** Under fleet load the WFM answers without 5xx, or sheds load with 503 and Retry-After */
export const noServerErrors = defineCheck<FleetContext>({
  id: ID,
  title: 'Under fleet load the WFM answers without 5xx, or sheds load with 503 and Retry-After',
  requirements: REQUIREMENTS,
  run: (context) => REQUIREMENTS.flatMap((requirement) => tallyFindings(context, ID, requirement, 'No device request got an answer during the run')),
});
