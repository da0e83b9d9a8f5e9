import { X509Certificate } from 'node:crypto';
import type { HttpResponse } from '../../../core/http/index.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest } from '../support/desired-state.js';
import { exactManifestVersion } from '../support/bytes.js';
import { answered, errorFindings, expectStatus, fail, guarded, passIfUndecided, skip } from '../support/findings.js';

const REQUIREMENT = 'ID-020';

/**
 * ID-020 (MSB wfm-identity-svid-2): a client reports status with its first X.509-SVID, then comes back with a
 * renewed one (same SPIFFE ID, new key pair, later validity; not put on the policy again). The WFM serves it
 * the same desired state (manifestVersion, deployment, the old ETag still current) and files its next status report
 * as an update of the record the first SVID created.
 */
export const svidRenewal = defineCheck<WfmContext>({
  id: 'wfm-api/svid-renewal',
  title: "A client's renewed SVID is accepted and the client's state is kept",
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      if (context.edition.api.auth !== 'mtls') return skip([REQUIREMENT], `${context.edition.id} clients hold no X.509-SVID.`);
      const deployment = await deployToFreshClient(context, 'svid-renewal');
      const first = await fetchManifest(deployment.client);
      const manifestVersion = Number(exactManifestVersion(first.response.body) ?? 1n);
      const etag = first.response.headers['etag'];
      const status = (state: string) => apiFacts(context.edition).status({ deploymentId: deployment.deploymentId, manifestVersion, state, components: deployment.components });
      const post = (client: typeof deployment.client, state: string) => client.call({ method: 'POST', endpoint: 'status', params: { deploymentId: deployment.deploymentId }, json: status(state) });
      const created = await post(deployment.client, 'installing');
      if (created.status !== context.edition.api.statusReport.create) return errorFindings([REQUIREMENT], `${answered(created)} to the first status report with the first SVID, so the client's state could not be set up (see ST-009).`, created.exchange);

      // Same name: the same SPIFFE ID, freshly issued (new key, new validity); the policy is not touched again.
      const renewed = await context.newClient('svid-renewal', { accept: false });
      const [before, after] = [new X509Certificate(deployment.client.certPem), new X509Certificate(renewed.certPem)];
      if (renewed.spiffeId !== deployment.client.spiffeId || before.publicKey.export({ type: 'spki', format: 'der' }).equals(after.publicKey.export({ type: 'spki', format: 'der' }))) {
        return errorFindings([REQUIREMENT], `The kit could not issue a renewed SVID (same SPIFFE ID ${deployment.client.spiffeId ?? '?'}, new key), so ${REQUIREMENT} was not exercised. This is a harness fault.`);
      }
      const findings: Finding[] = [];
      const responses: HttpResponse[] = [first.response, created];
      const manifest = await renewed.call({ method: 'GET', endpoint: 'deployments', headers: { accept: apiFacts(context.edition).manifestMediaType } });
      responses.push(manifest);
      if (manifest.status !== 200) {
        findings.push(fail(REQUIREMENT, `${answered(manifest)} to the client's renewed SVID (same SPIFFE ID ${renewed.spiffeId ?? ''}, new key, valid from ${after.validFrom}); expected 200 (${REQUIREMENT}). Authorise clients by SPIFFE ID, not by a pinned certificate or key.`, manifest.exchange));
        return findings;
      }
      const version = exactManifestVersion(manifest.body);
      if (version === undefined || Number(version) !== manifestVersion || !manifest.body.toString('utf8').includes(deployment.deploymentId)) {
        findings.push(fail(REQUIREMENT, `${answered(manifest)} with manifestVersion ${String(version)} ${manifest.body.toString('utf8').includes(deployment.deploymentId) ? 'listing' : 'without'} deployment ${deployment.deploymentId}, to the renewed SVID; expected the desired state served to the first SVID, manifestVersion ${manifestVersion} (${REQUIREMENT}). Keep the client's state under its SPIFFE ID.`, manifest.exchange));
      }
      if (etag !== undefined) {
        const again = await renewed.call({ method: 'GET', endpoint: 'deployments', headers: { accept: apiFacts(context.edition).manifestMediaType, 'if-none-match': etag } });
        responses.push(again);
        // Continuity shows as a 304, or as a 200 carrying the same ETag: whether the WFM answers conditional
        // requests with 304 at all is DS-007's, not this requirement's.
        const sameState = again.status === 304 || (again.status === 200 && again.headers['etag'] === etag);
        if (!sameState) findings.push(...expectStatus(REQUIREMENT, again, 304, `The desired state did not change with the SVID: answer 304 (or 200 with the same ETag) to the ETag the first SVID was given.`));
      }
      const update = await post(renewed, 'installed');
      responses.push(update);
      findings.push(...expectStatus(REQUIREMENT, update, context.edition.api.statusReport.update, `A status report under the renewed SVID updates the record made under the first; keep status records under the SPIFFE ID.`));
      return passIfUndecided([REQUIREMENT], findings, `The renewed SVID of ${renewed.spiffeId ?? ''} (new key) was served the same desired state and its status report updated the existing record.`, responses);
    }),
});
