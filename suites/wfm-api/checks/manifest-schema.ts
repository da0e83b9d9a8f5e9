import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest, listsDeployment, type Manifest } from '../support/desired-state.js';
import { answered, guarded, notExercised, passed } from '../support/findings.js';
import { schemaFindings } from '../support/schema-findings.js';

const REQUIREMENTS = ['API-008', 'DS-011', 'DS-012', 'DS-013', 'DS-016'];

/**
 * What each requirement needs to have been served before "no schema problem" means anything: a field the
 * schema had to judge. Absent, the requirement was not exercised (a `{}` body breaks no DS-016 rule, and
 * proves none).
 */
const EXERCISED_BY: Record<string, { what: string; seen: (empty: Manifest, deployed: Manifest, deploymentId: string) => boolean }> = {
  'API-008': { what: 'a manifest listing the deployment created', seen: (_empty, deployed, id) => listsDeployment(deployed, id) },
  'DS-011': { what: 'a manifestVersion', seen: (empty, deployed) => empty.value.manifestVersion !== undefined && deployed.value.manifestVersion !== undefined },
  'DS-012': { what: 'a bundle member in the manifest of a client with no deployments', seen: (empty) => 'bundle' in empty.value },
  'DS-013': { what: 'a bundle entry in the manifest listing a deployment', seen: (_empty, deployed) => typeof deployed.value.bundle === 'object' && deployed.value.bundle !== null },
  'DS-016': { what: 'a digest (a deployment entry or the bundle)', seen: (_empty, deployed) => digestsOf(deployed).length > 0 },
};

export const manifestSchema = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-schema',
  title: 'State Manifests match the edition schema, empty and with a deployment',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const empty = await fetchManifest(await context.newClient('api-008-empty'));
      const { client, deploymentId } = await deployToFreshClient(context, 'api-008');
      const deployed = await fetchManifest(client);
      const findings: Finding[] = [empty, deployed].flatMap(({ response, value }) => schemaFindings(context, { kind: 'StateManifest', value, what: answered(response), exchange: response.exchange }));
      const decided = new Set(findings.map((finding) => finding.requirement));
      const responses = [empty.response, deployed.response];
      for (const requirement of REQUIREMENTS.filter((id) => !decided.has(id))) {
        const precondition = EXERCISED_BY[requirement];
        if (!precondition || precondition.seen(empty, deployed, deploymentId)) {
          findings.push(...passed([requirement], `${answered(empty.response)} for a client with no deployments and ${answered(deployed.response)} listing deployment ${deploymentId}, both matching the ${context.edition.id} StateManifest schema.`, responses));
        } else {
          findings.push(...notExercised([requirement], `Not exercised: the manifests served (${answered(empty.response)}, ${answered(deployed.response)}) do not hold ${precondition.what}, so ${requirement} cannot be judged against the schema.`, responses));
        }
      }
      return findings;
    }),
});

function digestsOf(manifest: Manifest): unknown[] {
  const entries = Array.isArray(manifest.value.deployments) ? manifest.value.deployments.map((ref) => ref?.digest) : [];
  const bundle = manifest.value.bundle && typeof manifest.value.bundle === 'object' ? [manifest.value.bundle.digest] : [];
  return [...entries, ...bundle].filter((digest) => digest !== undefined);
}
