import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest, listsDeployment, pathOfUrl } from '../support/desired-state.js';
import { answered, fail, guarded, notExercised, passIfUndecided } from '../support/findings.js';

const REQUIREMENT = 'DS-017';

/** DS-017: every url is the edition's content-addressed path for its entry, with the entry's own digest. */
export const contentUrls = defineCheck<WfmContext>({
  id: 'wfm-api/content-urls',
  title: 'Manifest urls have the content-addressed form and embed the entry digest',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const { client, deploymentId } = await deployToFreshClient(context, 'ds-017');
      const manifest = await fetchManifest(client);
      const { response, value } = manifest;
      // Precondition: a url to judge, i.e. the manifest lists the deployment just created.
      if (!listsDeployment(manifest, deploymentId)) {
        return notExercised([REQUIREMENT], `Not exercised: ${answered(response)} with a manifest that does not list deployment ${deploymentId} created through the control adapter, so no url could be judged and DS-017 cannot be judged (see API-008).`, [response]);
      }
      const findings: Finding[] = [];
      const check = (label: string, url: unknown, expected: string) => {
        if (typeof url === 'string' && pathOfUrl(url) === new URL(expected).pathname) return;
        findings.push(fail(REQUIREMENT, `${answered(response)} with ${label} url ${JSON.stringify(url)}; expected ${new URL(expected).pathname} (DS-017). Build each url from the endpoint path and the entry's digest.`, response.exchange));
      };
      for (const ref of value.deployments ?? []) {
        check(`deployment ${ref.deploymentId}`, ref.url, client.url('deployment', { deploymentId: ref.deploymentId, digest: ref.digest }));
      }
      if (value.bundle && typeof value.bundle.digest === 'string') check('bundle', value.bundle.url, client.url('bundle', { digest: value.bundle.digest }));
      return passIfUndecided([REQUIREMENT], findings, `${answered(response)} with every url (deployment ${deploymentId}${value.bundle ? ' and the bundle' : ''}) in the content-addressed form embedding its entry's digest.`, [response]);
    }),
});
