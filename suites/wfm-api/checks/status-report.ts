import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest } from '../support/desired-state.js';
import type { HttpResponse } from '../../../core/http/index.js';
import { answered, expectStatus, fail, guarded, passIfUndecided } from '../support/findings.js';
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
  // Below the top level: a valid overall state over component entries whose state is outside the enumeration.
  { requirement: 'ST-005', defect: 'a component state "Installed"', change: (b) => ({ ...b, components: (b.components as Body[]).map((c) => ({ ...c, state: 'Installed' })) }) },
  // MSB step-6.7, flex-status-reject-deploymentid-mismatch: ST-012 applies to rc.3 too (catalog note).
  { requirement: 'ST-012', defect: 'a deploymentId other than the path names', change: (b) => ({ ...b, deploymentId: '00000000-0000-4000-8000-000000000000' }) },
  { requirement: 'ST-009', defect: 'a components list missing a component', change: (b) => ({ ...b, components: (b.components as unknown[]).slice(1) }) },
  // MSB step-6.6, flex-status-reject-missing-component-name: name is required in every component entry (OAS).
  { requirement: 'ST-009', defect: 'a component entry without name', change: (b) => ({ ...b, components: (b.components as Body[]).map((c, i) => (i === 0 ? without(c, 'name') : c)) }) },
];

/**
 * Valid reports after the first (pending, a create), in lifecycle order, so every state of the status
 * enumeration is reported once: each is an update (MSB flex-*-status-*-removed: the removal states), a
 * failed one carries an error with code and message (ST-008), and where the edition's body has an optional
 * deviceId (rc.3), a report names the device the deployment was assigned to (MSB flex-status-post-with-deviceid).
 */
const FIRST_STATE = 'pending';
const LATER_REPORTS: { state: string; withDeviceId?: boolean; error?: { code: string; message: string } }[] = [
  { state: 'installing' },
  { state: 'installed', withDeviceId: true },
  { state: 'failed', error: { code: 'CONTAINER_EXITED', message: 'The workload container exited with code 1.' } },
  { state: 'removing' },
  { state: 'removed' },
];

export const statusReport = defineCheck<WfmContext>({
  id: 'wfm-api/status-report',
  title: 'Status reports succeed with the specified status and invalid ones get 422',
  requirements: [...new Set(['ST-009', ...CASES.map((c) => c.requirement)])],
  run: (context) =>
    guarded(['ST-003', 'ST-004', 'ST-005', 'ST-009', 'ST-012'], async () => {
      const sent = new Map<string, HttpResponse[]>();
      const note = (requirement: string, response: HttpResponse) => sent.set(requirement, [...(sent.get(requirement) ?? []), response]);
      const deployment = await deployToFreshClient(context, 'st-009');
      const { response: manifest } = await fetchManifest(deployment.client);
      const manifestVersion = Number(exactManifestVersion(manifest.body) ?? 1n);
      const valid = (state: string) => apiFacts(context.edition).status({ deploymentId: deployment.deploymentId, manifestVersion, state, components: deployment.components });
      const post = (json: unknown) => deployment.client.call({ method: 'POST', endpoint: 'status', params: { deploymentId: deployment.deploymentId }, json });
      const findings: Finding[] = [];
      const { create, update } = context.edition.api.statusReport;

      // Valid reports first: a WFM that wrongly accepts a defective row would otherwise turn the first valid report into an update.
      const first = await post(valid(FIRST_STATE));
      note('ST-009', first);
      findings.push(...expectStatus('ST-009', first, create, `Answer ${create} to the first status report of a deployment (state ${FIRST_STATE}).`));
      for (const row of CASES) {
        if (!context.scope.has(row.requirement)) continue;
        const body = row.change(valid('installing'));
        // A row whose change is a no-op in this edition (e.g. no kind to remove) would be a valid report.
        if (JSON.stringify(body) === JSON.stringify(valid('installing'))) continue;
        const response = await post(body);
        note(row.requirement, response);
        if (response.status !== 422) {
          findings.push(fail(row.requirement, `${answered(response)} to a status body with ${row.defect}; expected 422 (${row.requirement}). Validate the report and refuse it with 422 semantic-error.`, response.exchange, { expected: 422, actual: response.status }));
        }
      }
      // Later valid reports come after the refusals, so a refusal wrongly accepted cannot turn them into creates.
      for (const later of LATER_REPORTS) {
        const report = later.error ? { ...valid(later.state), status: { state: later.state, error: later.error } } : valid(later.state);
        const body = later.withDeviceId && context.edition.api.adoptedManifestVersion ? { ...report, deviceId: deployment.deviceId } : report;
        const response = await post(body);
        note('ST-009', response);
        const what = `${later.state}${'deviceId' in body ? ' naming its deviceId' : ''}`;
        findings.push(...expectStatus('ST-009', response, update, `Answer ${update} to a later, valid status report (${what}).`));
      }
      return [...sent].flatMap(([requirement, responses]) => passIfUndecided([requirement], findings.filter((f) => f.requirement === requirement), `The WFM answered each valid status report with the edition's success status and refused each invalid one with 422 (${requirement}).`, responses));
    }),
});

function without(body: Body, key: string): Body {
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));
}
