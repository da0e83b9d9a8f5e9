import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { expectStatus, guarded, skip } from '../support/findings.js';

const REQUIREMENT = 'ERR-009';

/**
 * preview-1 (ERR-009): the OpenAPI status codes the other checks do not already decide under their own
 * rows (400 SIG-007, 401 SIG-005, 403 SIG-008/ONB-006, 406 DS-003, 422 CAP-004/ST-012): 404 for an unknown client.
 */
export const errorStatusCodes = defineCheck<WfmContext>({
  id: 'wfm-api/error-status-codes',
  title: 'A clientId the WFM never assigned gets 404',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      if (!context.edition.api.paths.deployments.includes('{clientId}')) return skip([REQUIREMENT], `The ${context.edition.id} paths name no client.`);
      const client = await context.newClient('err-009');
      const findings: Finding[] = [];
      const unknown = await client.call({ method: 'GET', path: client.url('deployments').replace(client.clientId ?? '', 'no-such-client').slice(context.url.length) });
      findings.push(...expectStatus(REQUIREMENT, unknown, 404, 'Answer 404 for a clientId the WFM never assigned.'));
      return findings;
    }),
});
