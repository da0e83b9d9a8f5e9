import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest } from '../support/desired-state.js';
import { answered, expectStatus, fail, guarded } from '../support/findings.js';
import { exactManifestVersion } from '../support/bytes.js';

type Body = Record<string, unknown>;

interface Case {
  requirement: string;
  defect: string;
  change(body: Body): Body;
}

/** One defect per row on a valid status body; each must be refused with 422 semantic-error (OpenAPI, ST-009). */
const CASES: Case[] = [
  { requirement: 'ST-004', defect: 'no adoptedManifestVersion', change: (b) => without(b, 'adoptedManifestVersion') },
  { requirement: 'ST-003', defect: 'no kind', change: (b) => without(b, 'kind') },
  { requirement: 'ST-005', defect: 'state "Installed"', change: (b) => ({ ...b, status: { state: 'Installed' } }) },
  { requirement: 'ST-012', defect: 'a deploymentId other than the path names', change: (b) => ({ ...b, deploymentId: '00000000-0000-4000-8000-000000000000' }) },
  { requirement: 'ST-009', defect: 'a components list missing a component', change: (b) => ({ ...b, components: (b.components as unknown[]).slice(1) }) },
];

export const statusReport = defineCheck<WfmContext>({
  id: 'wfm-api/status-report',
  title: 'Status reports succeed with the specified status and invalid ones get 422',
  requirements: ['ST-009', ...CASES.map((c) => c.requirement).filter((id) => id !== 'ST-009')],
  run: (context) =>
    guarded(['ST-003', 'ST-004', 'ST-005', 'ST-009', 'ST-012'], async () => {
      const deployment = await deployToFreshClient(context, 'st-009');
      const { response: manifest } = await fetchManifest(deployment.client);
      const manifestVersion = Number(exactManifestVersion(manifest.body) ?? 1n);
      const valid = (state: string) => apiFacts(context.edition).status({ deploymentId: deployment.deploymentId, manifestVersion, state, components: deployment.components });
      const post = (json: unknown) => deployment.client.call({ method: 'POST', endpoint: 'status', params: { deploymentId: deployment.deploymentId }, json });
      const findings: Finding[] = [];
      const { create, update } = context.edition.api.statusReport;

      // Valid reports first: a WFM that wrongly accepts a defective row would otherwise turn the first valid report into an update.
      findings.push(...expectStatus('ST-009', await post(valid('installing')), create, `Answer ${create} to the first status report of a deployment.`));
      findings.push(...expectStatus('ST-009', await post(valid('installed')), update, `Answer ${update} to a later status report.`));
      for (const row of CASES) {
        if (!context.scope.has(row.requirement)) continue;
        const body = row.change(valid('installing'));
        // A row whose change is a no-op in this edition (e.g. no kind to remove) would be a valid report.
        if (JSON.stringify(body) === JSON.stringify(valid('installing'))) continue;
        const response = await post(body);
        if (response.status !== 422) {
          findings.push(fail(row.requirement, `${answered(response)} to a status body with ${row.defect}; expected 422 (${row.requirement}). Validate the report and refuse it with 422 semantic-error.`, response.exchange, { expected: 422, actual: response.status }));
        }
      }
      return findings;
    }),
});

function without(body: Body, key: string): Body {
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));
}
