import { defineCheck } from '../../../core/runner/check.js';
import type { WfmContext } from '../context.js';
import { fetchManifest } from '../support/desired-state.js';
import { answered, fail, guarded } from '../support/findings.js';

const REQUIREMENT = 'DS-012';

export const emptyManifest = defineCheck<WfmContext>({
  id: 'wfm-api/empty-manifest',
  title: 'With no deployments the manifest has bundle null, and no empty archive is offered',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const client = await context.newClient('ds-012');
      const { response, value } = await fetchManifest(client);
      const deployments = Array.isArray(value.deployments) ? value.deployments.length : undefined;
      if (deployments !== 0) return [fail(REQUIREMENT, `${answered(response)} for a client with no deployments with ${deployments ?? 'no'} deployments entries; expected an empty deployments array (DS-012).`, response.exchange)];
      if (!('bundle' in value)) {
        return [fail(REQUIREMENT, `${answered(response)} with no deployments and bundle left out; expected "bundle": null (DS-012). Always send bundle, as null when there are no deployments.`, response.exchange)];
      }
      if (value.bundle !== null) {
        return [fail(REQUIREMENT, `${answered(response)} with no deployments and bundle ${JSON.stringify(value.bundle)}; expected null (DS-012). Do not offer an empty archive; send "bundle": null.`, response.exchange)];
      }
      return [];
    }),
});
