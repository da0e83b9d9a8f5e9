import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest } from '../support/desired-state.js';
import { answered, fail, guarded } from '../support/findings.js';

const REQUIREMENT = 'DS-020';
/** A well-formed digest that no document of a fresh client can have. */
const UNKNOWN_DIGEST = 'sha256:9e1e4bdcbf0ba9f0a0a1c0b29a8c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e';

export const contentNotFound = defineCheck<WfmContext>({
  id: 'wfm-api/content-not-found',
  title: 'Content-addressed endpoints answer 404 for a digest they cannot serve',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const { client } = await deployToFreshClient(context, 'ds-020');
      const { value } = await fetchManifest(client);
      const deploymentId = value.deployments?.[0]?.deploymentId ?? '00000000-0000-4000-8000-000000000000';
      const findings: Finding[] = [];
      for (const [label, endpoint, params] of [
        [`deployment ${deploymentId}`, 'deployment', { deploymentId, digest: UNKNOWN_DIGEST }],
        ['bundle', 'bundle', { digest: UNKNOWN_DIGEST }],
      ] as const) {
        const response = await client.call({ method: 'GET', endpoint, params });
        if (response.status !== 404) {
          findings.push(fail(REQUIREMENT, `${answered(response)} for the ${label} under a digest it never published; expected 404 (DS-020). Serve a content-addressed document only when its bytes have exactly that digest.`, response.exchange));
        }
      }
      return findings;
    }),
});
