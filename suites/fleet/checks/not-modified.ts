import { defineCheck } from '../../../core/runner/check.js';
import type { FleetContext } from '../context.js';
import { tallyFindings } from '../tally-findings.js';

const ID = 'fleet/not-modified';
const REQUIREMENTS = ['DS-007'];

/** Under fleet load 304 answers exactly the If-None-Match of the current manifest */
export const notModified = defineCheck<FleetContext>({
  id: ID,
  title: 'Under fleet load 304 answers exactly the If-None-Match of the current manifest',
  requirements: REQUIREMENTS,
  run: (context) => REQUIREMENTS.flatMap((requirement) => tallyFindings(context, ID, requirement, 'No device revalidated its manifest with If-None-Match during the run')),
});
