import { X509Certificate } from 'node:crypto';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest, listsDeployment } from '../support/desired-state.js';
import { answered, fail, guarded, notExercised, passed, skip } from '../support/findings.js';

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
      // Precondition: A's own manifest lists A's deployment; otherwise B not seeing it proves nothing.
      const own = await fetchManifest(a.client);
      if (!listsDeployment(own, a.deploymentId)) {
        return notExercised([REQUIREMENT], `Not exercised: client A's own manifest does not list the deployment assigned to it, so whether an injected Client-Cert header lets B see it cannot be judged (ID-017). See DS-030.`, [own.response]);
      }
      const b = await context.newClient('id-017-b');
      const der = new X509Certificate(a.client.certPem).raw.toString('base64');
      const { response, value } = await fetchManifest(b, { 'client-cert': `:${der}:` });
      const findings: Finding[] = [];
      if ((value.deployments ?? []).some((ref) => ref.deploymentId === a.deploymentId)) {
        findings.push(fail(REQUIREMENT, `${answered(response)} with client A's deployment to client B sending A's certificate in Client-Cert (ID-017). Ignore Client-Cert unless it comes from your own TLS-offloading proxy.`, response.exchange));
        return findings;
      }
      return passed([REQUIREMENT], "Client B sending A's certificate in Client-Cert got a manifest without A's deployment, which A's own manifest lists.", [own.response, response]);
    }),
});
