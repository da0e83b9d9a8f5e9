import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest, pathOfUrl, reportDevice } from '../support/desired-state.js';
import { answered, fail, guarded, skip } from '../support/findings.js';

const REQUIREMENTS = ['ID-002', 'ID-003'];

/**
 * Two clients of one WFM: B must see and change nothing of A's (ID-003), and B is identified by its
 * SVID, so the same deviceId names B's own device (ID-002). Only for editions whose paths do not name
 * the client (rc.3): there the caller is the authenticated SVID alone.
 */
export const callerScope = defineCheck<WfmContext>({
  id: 'wfm-api/caller-scope',
  title: "A client can neither see nor change another client's devices and deployments",
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      if (context.edition.api.paths.deployments.includes('{clientId}')) return skip(REQUIREMENTS, `The ${context.edition.id} paths name the client; the caller is not identified by a client SVID.`);
      const a = await deployToFreshClient(context, 'id-003-a');
      await reportDevice(context, a.client, 'shared-device');
      const b = await context.newClient('id-003-b');
      const findings: Finding[] = [];

      const { value: aManifest } = await fetchManifest(a.client);
      const { response: bManifest, value: bValue } = await fetchManifest(b);
      if ((bValue.deployments ?? []).some((ref) => ref.deploymentId === a.deploymentId)) {
        findings.push(fail('ID-003', `${answered(bManifest)} for client B listing client A's deployment ${a.deploymentId} (ID-003). Build each manifest from the caller's own deployments.`, bManifest.exchange));
      }
      for (const ref of [...(aManifest.deployments ?? []), ...(aManifest.bundle && typeof aManifest.bundle.url === 'string' ? [{ url: aManifest.bundle.url, deploymentId: 'bundle' }] : [])]) {
        const response = await b.call({ method: 'GET', path: pathOfUrl(ref.url) });
        if (response.status !== 404 && response.status !== 403) {
          findings.push(fail('ID-003', `${answered(response)} to client B for client A's ${ref.deploymentId === 'bundle' ? 'bundle' : `deployment ${ref.deploymentId}`}; expected 404 or 403 (ID-003). Look content up in the caller's scope only.`, response.exchange));
        }
      }
      const deleted = await b.call({ method: 'DELETE', endpoint: 'capabilities', params: { deviceId: 'shared-device' } });
      if (context.edition.api.capabilities.delete && deleted.status !== 404) {
        findings.push(fail('ID-003', `${answered(deleted)} to client B for client A's device shared-device; expected 404 (ID-003). Keep deviceIds separate per client.`, deleted.exchange));
      }
      const create = context.edition.api.capabilities.create;
      const reported = await b.call({ method: create.method, endpoint: 'capabilities', params: { deviceId: 'shared-device' }, json: apiFacts(context.edition).capabilities('shared-device') });
      if (reported.status !== create.status) {
        findings.push(fail('ID-002', `${answered(reported)} to client B reporting a deviceId that client A also uses; expected ${create.status}, a new device of B's (ID-002). Identify the caller by its SVID, not by the path.`, reported.exchange));
      }
      return findings;
    }),
});
