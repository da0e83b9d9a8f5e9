import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { expectStatus, guarded, skip } from '../support/findings.js';

const REQUIREMENT = 'SIG-006';
const HOUR_S = 3600;

/** SIG-006 (note): a signature created an hour ago is a replay, one created an hour ahead is beyond any skew. */
export const signatureFreshness = defineCheck<WfmContext>({
  id: 'wfm-api/signature-freshness',
  title: 'Signatures created outside the replay window are refused',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      if (context.edition.api.auth !== 'http-signatures') return skip([REQUIREMENT], `The ${context.edition.id} management API does not sign requests.`);
      const client = await context.newClient('sig-006');
      const now = Math.floor(Date.now() / 1000);
      const findings: Finding[] = [];
      for (const [when, created] of [['an hour ago', now - HOUR_S], ['an hour ahead', now + HOUR_S]] as const) {
        const response = await client.call({ method: 'GET', endpoint: 'deployments', signing: { options: { created } } });
        findings.push(...expectStatus(REQUIREMENT, response, 401, `Refuse signatures created ${when} (outside the replay window) with 401.`));
      }
      return findings;
    }),
});
