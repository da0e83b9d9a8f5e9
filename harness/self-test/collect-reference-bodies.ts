import { parse } from 'yaml';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { createHttpClient } from '../../core/http/index.js';
import { createTestPki } from '../../core/identity/index.js';
import { apiFacts } from '../../core/protocol/api-facts.js';
import { createControlClient } from '../../suites/wfm-api/control-client.js';
import type { WfmContext } from '../../suites/wfm-api/context.js';
import { createClientFactory } from '../../suites/wfm-api/device-client.js';
import { decodedBody, parseJson } from '../../suites/wfm-api/support/bytes.js';
import { deployToFreshClient, fetchManifest, pathOfUrl } from '../../suites/wfm-api/support/desired-state.js';
import type { BodyKind } from '../../core/api-bodies/validate-body.js';
import type { DeploymentShape } from '../../reference/wfm/desired/render-deployment.js';
import { inProcessReference } from './in-process-wfm-launcher.js';

export interface CollectedBody {
  kind: BodyKind;
  what: string;
  value: unknown;
}

/** Every kind of body the reference WFM serves (and the suite sends), from one short session. */
export async function collectReferenceBodies(editionId: EditionId, deploymentShape?: DeploymentShape): Promise<CollectedBody[]> {
  const edition = EDITIONS[editionId];
  const pki = await createTestPki();
  const sut = await inProcessReference({ edition: editionId, ...(deploymentShape ? { deploymentShape } : {}) })(pki).start();
  const http = createHttpClient();
  try {
    const control = createControlClient({ url: sut.controlUrl, http });
    const runId = 'schemas';
    const context: WfmContext = { edition, url: sut.url, http, control, pki, runId, scope: new Set(), newClient: createClientFactory({ edition, url: sut.url, http, control, pki, runId }) };
    const bodies: CollectedBody[] = [];
    const empty = await fetchManifest(await context.newClient('empty'));
    bodies.push({ kind: 'StateManifest', what: 'empty manifest', value: empty.value });
    const deployment = await deployToFreshClient(context, 'deployed');
    const manifest = await fetchManifest(deployment.client);
    bodies.push({ kind: 'StateManifest', what: 'manifest with a deployment', value: manifest.value });
    for (const ref of manifest.value.deployments ?? []) {
      const yaml = await deployment.client.call({ method: 'GET', path: pathOfUrl(ref.url) });
      bodies.push({ kind: 'ApplicationDeployment', what: `deployment ${ref.deploymentId}`, value: parse(decodedBody(yaml).toString('utf8')) });
    }
    const facts = apiFacts(edition);
    bodies.push({ kind: 'DeviceCapabilitiesManifest', what: 'capabilities as the suite sends them', value: facts.capabilities('device-1') });
    bodies.push({ kind: 'DeploymentStatusManifest', what: 'status as the suite sends it', value: facts.status({ deploymentId: deployment.deploymentId, manifestVersion: 1, state: 'installed', components: deployment.components }) });
    if (edition.api.errorMediaType === 'application/problem+json') {
      const refused = await deployment.client.call({ method: 'GET', endpoint: 'deployments', headers: { accept: 'application/xml' } });
      bodies.push({ kind: 'ProblemDetail', what: '406 problem', value: parseJson(refused.body)?.value });
    }
    if (edition.api.paths.trustDiscovery) {
      const discovery = await deployment.client.call({ method: 'GET', endpoint: 'trustDiscovery' });
      const document = parseJson(discovery.body)?.value as { trustBundleUri: string };
      bodies.push({ kind: 'DiscoveryDocument', what: 'discovery document', value: document });
      const bundle = await deployment.client.call({ method: 'GET', path: pathOfUrl(document.trustBundleUri) });
      bodies.push({ kind: 'SpiffeBundle', what: 'SPIFFE bundle', value: parseJson(bundle.body)?.value });
    }
    return bodies;
  } finally {
    await http.close();
    await sut.stop();
  }
}
