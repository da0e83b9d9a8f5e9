import { X509Certificate } from 'node:crypto';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest } from '../support/desired-state.js';
import { answered, fail, guarded, skip } from '../support/findings.js';

const REQUIREMENT = 'ID-017';

/**
 * ID-017 (note): without a TLS-offloading proxy, an injected RFC 9440 Client-Cert header must be
 * ignored: client B sending client A's certificate in Client-Cert still gets B's own manifest.
 */
export const clientCertHeader = defineCheck<WfmContext>({
  id: 'wfm-api/client-cert-header',
  title: 'An injected Client-Cert header does not change who the caller is',
  requirements: [REQUIREMENT],
  run: (context) =>
    guarded([REQUIREMENT], async () => {
      if (context.edition.api.auth !== 'mtls') return skip([REQUIREMENT], `The ${context.edition.id} management API does not use mutual TLS.`);
      const a = await deployToFreshClient(context, 'id-017-a');
      const b = await context.newClient('id-017-b');
      const der = new X509Certificate(a.client.certPem).raw.toString('base64');
      const { response, value } = await fetchManifest(b, { 'client-cert': `:${der}:` });
      const findings: Finding[] = [];
      if ((value.deployments ?? []).some((ref) => ref.deploymentId === a.deploymentId)) {
        findings.push(fail(REQUIREMENT, `${answered(response)} with client A's deployment to client B sending A's certificate in Client-Cert (ID-017). Ignore Client-Cert unless it comes from your own TLS-offloading proxy.`, response.exchange));
      }
      return findings;
    }),
});
