import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { canonicalJson } from '../support/canonical-json.js';
import { deployToFreshClient, fetchManifest, listsDeployment } from '../support/desired-state.js';
import { answered, fail, guarded, notExercised, passIfUndecided } from '../support/findings.js';

const REQUIREMENT = 'DS-006';

// DS-006 reading: two fetches of an unchanged state are byte-identical and equal their RFC 8785 form.
export const manifestDeterminism = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-determinism',
  title: 'The manifest JSON is serialised deterministically (RFC 8785)',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const { client, deploymentId } = await deployToFreshClient(context, 'ds-006');
      const first = await fetchManifest(client);
      // Precondition: a manifest with content (the deployment just created), not merely some JSON.
      if (!listsDeployment(first, deploymentId)) {
        return notExercised([REQUIREMENT], `Not exercised: ${answered(first.response)} with a manifest that does not list deployment ${deploymentId} created through the control adapter, so DS-006 cannot be judged on a manifest with content (see API-008, DS-012).`, [first.response]);
      }
      const second = await fetchManifest(client);
      const findings: Finding[] = [];
      if (!first.response.body.equals(second.response.body)) {
        findings.push(fail(REQUIREMENT, `${answered(second.response)} with other bytes than the fetch before it, for the same state (DS-006). Serialise the manifest deterministically (RFC 8785).`, second.response.exchange));
      }
      const canonical = canonicalJson(first.value);
      if (first.response.body.toString('utf8') !== canonical) {
        findings.push(fail(REQUIREMENT, `${answered(first.response)} with a body that is not in RFC 8785 canonical form (DS-006). Sort members and drop insignificant whitespace (JCS).`, first.response.exchange, { canonical: canonical.slice(0, 400) }));
      }
      return passIfUndecided([REQUIREMENT], findings, `Two fetches of an unchanged manifest listing deployment ${deploymentId} were byte-identical and in RFC 8785 form.`, [first.response, second.response]);
    }),
});
