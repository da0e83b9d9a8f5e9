import { defineCheck } from '../../../core/runner/check.js';
import type { Finding, HttpExchange } from '../../../core/results/model.js';
import type { DeviceClient, WfmCheck, WfmContext } from '../context.js';
import { exactManifestVersion } from '../support/bytes.js';
import { deployToFreshClient, fetchManifest, loadExampleApplication } from '../support/desired-state.js';
import { answered, fail, guarded } from '../support/findings.js';

const REQUIREMENT = 'DS-011';
const MAX = 2n ** 64n - 1n;

interface Seen {
  version: bigint | undefined;
  exchange: HttpExchange;
}

/** One manifest fetch: its exact manifestVersion, or a finding when it is out of range. */
async function versionOf(client: DeviceClient, findings: Finding[]): Promise<Seen> {
  const { response } = await fetchManifest(client);
  const version = exactManifestVersion(response.body);
  if (version === undefined || version < 1n || version > MAX) {
    findings.push(fail(REQUIREMENT, `${answered(response)} with manifestVersion ${version ?? 'missing or not an integer'}; expected an integer from 1 to 2^64-1 (DS-011).`, response.exchange));
    return { version: undefined, exchange: response.exchange };
  }
  return { version, exchange: response.exchange };
}

/**
 * DS-011: the first manifest of a new client is 1, every change raises the version, and the sequence
 * survives a restart of the WFM (when the harness launched it and can restart it).
 */
export const manifestVersion: WfmCheck = {
  // It restarts the subject, so it runs alone after the other checks.
  exclusive: true,
  ...defineCheck<WfmContext>({
  id: 'wfm-api/manifest-version',
  title: 'manifestVersion starts at 1 and strictly increases for a client, across restarts',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      const findings: Finding[] = [];
      const first = await versionOf(await context.newClient('ds-011-fresh'), findings);
      if (first.version !== undefined && first.version !== 1n) {
        findings.push(fail(REQUIREMENT, `The first manifest of a new client has manifestVersion ${first.version}; expected 1 (DS-011). Start each client's sequence at 1.`, first.exchange));
      }
      const deployment = await deployToFreshClient(context, 'ds-011');
      const application = await loadExampleApplication(context);
      let last = await versionOf(deployment.client, findings);
      // A change must raise the version; a restart alone must not lower it.
      const step = async (what: string, change: () => Promise<void>, strict = true) => {
        await change();
        const next = await versionOf(deployment.client, findings);
        if (last.version !== undefined && next.version !== undefined && (strict ? next.version <= last.version : next.version < last.version)) {
          const expected = strict ? `more than ${last.version}` : `at least ${last.version}`;
          findings.push(fail(REQUIREMENT, `After ${what}, manifestVersion is ${next.version}; expected ${expected} (DS-011). Raise manifestVersion on every change of a client's desired state, and keep it across restarts.`, next.exchange));
        }
        last = next;
      };
      const parameter = Object.keys((application.description.parameters ?? {}) as Record<string, unknown>)[0];
      if (parameter) {
        await step('a change of the deployment parameters', () => context.control.updateDeployment(deployment.deploymentId, { parameters: { [parameter]: 'changed-by-ds-011' } }));
      }
      if (context.restart) {
        const restart = context.restart;
        await step('a restart of the WFM', () => restart(), false);
        await step('a restart of the WFM and a new deployment', async () => {
          await context.control.createDeployment({ client: deployment.client.ref, deviceId: deployment.deviceId, applicationId: application.applicationId, profileId: application.profileId });
        });
      }
      return findings;
    }),
}),
};
