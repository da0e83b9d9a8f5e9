import { defineCheck } from '../../../core/runner/check.js';
import type { HttpResponse } from '../../../core/http/index.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest, loadExampleApplication, type Manifest } from '../support/desired-state.js';
import { answered, fail, guarded, passIfUndecided } from '../support/findings.js';

const REQUIREMENT = 'DS-040';

/** The deployment ids a manifest lists, in its order. */
function listed(manifest: Manifest): string[] {
  return Array.isArray(manifest.value.deployments) ? manifest.value.deployments.map((ref) => String(ref?.deploymentId)) : [];
}

/**
 * DS-040: a client's State Manifest is its whole desired state. With two deployments assigned to one device
 * both are listed; after one is deleted through the control adapter only the other is. A manifest that lists
 * one of two, or keeps a deleted one, would make a reconciling device (DS-028) remove or keep the wrong
 * workload. The bundle's content for several deployments stays DS-014's (bundle-archive).
 */
export const multiDeploymentManifest = defineCheck<WfmContext>({
  id: 'wfm-api/multi-deployment-manifest',
  title: 'The manifest lists every deployment assigned to the client, and none deleted',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const first = await deployToFreshClient(context, 'ds-040');
      const application = await loadExampleApplication(context);
      const { deploymentId: second } = await context.control.createDeployment({ client: first.client.ref, deviceId: first.deviceId, applicationId: application.applicationId, profileId: application.profileId });
      const findings: Finding[] = [];
      const judged: HttpResponse[] = [];
      const expectListed = (manifest: Manifest, expected: string[], after: string) => {
        judged.push(manifest.response);
        const ids = listed(manifest);
        const missing = expected.filter((id) => !ids.includes(id));
        const extra = ids.filter((id) => !expected.includes(id));
        if (missing.length > 0 || extra.length > 0) {
          findings.push(fail(REQUIREMENT, `${answered(manifest.response)} ${after} listing [${ids.join(', ')}]; expected exactly [${expected.join(', ')}]${missing.length > 0 ? `, missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `, extra ${extra.join(', ')}` : ''} (DS-040). List one entry for every deployment assigned to the client, and drop a deployment once it is deleted.`, manifest.response.exchange, { expected, actual: ids }));
        }
      };
      expectListed(await fetchManifest(first.client), [first.deploymentId, second], 'after two deployments were assigned to one device');
      await context.control.deleteDeployment(second);
      expectListed(await fetchManifest(first.client), [first.deploymentId], `after deployment ${second} was deleted`);
      return passIfUndecided([REQUIREMENT], findings, `The manifest listed both assigned deployments, then only ${first.deploymentId} once ${second} was deleted (${judged.map(answered).join('; ')}).`, judged);
    }),
});
