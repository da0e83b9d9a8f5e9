import { defineCheck } from '../../../core/runner/check.js';
import type { WfmContext } from '../context.js';
import { expectStatus, guarded, skip } from '../support/findings.js';

const REQUIREMENT = 'SIG-008';

/** SIG-008: after the operator revokes a client (control adapter), its correctly signed requests get 403. */
export const revokedClient = defineCheck<WfmContext>({
  id: 'wfm-api/revoked-client',
  title: 'A revoked client gets 403',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      if (context.edition.api.auth !== 'http-signatures') return skip([REQUIREMENT], `The ${context.edition.id} management API does not sign requests.`);
      const client = await context.newClient('sig-008');
      await context.control.revokeClient(client.ref);
      const response = await client.call({ method: 'GET', endpoint: 'deployments' });
      return expectStatus(REQUIREMENT, response, 403, 'Refuse revoked clients with 403.');
    }),
});
