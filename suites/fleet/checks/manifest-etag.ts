import { defineCheck } from '../../../core/runner/check.js';
import type { FleetContext } from '../context.js';
import { tallyFindings } from '../tally-findings.js';

const ID = 'fleet/manifest-etag';
const REQUIREMENTS = ['DS-005'];

/** Under fleet load every manifest ETag is the digest of the body sent to that device */
export const manifestEtag = defineCheck<FleetContext>({
  id: ID,
  title: 'Under fleet load every manifest ETag is the digest of the body sent to that device',
  requirements: REQUIREMENTS,
  run: (context) => REQUIREMENTS.flatMap((requirement) => tallyFindings(context, ID, requirement, 'No device received a 200 manifest during the run')),
});
