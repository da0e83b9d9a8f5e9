import { parse } from 'yaml';
import { EDITIONS } from '../../../harness/catalog/editions.js';
import type { EditionId } from '../../../harness/catalog/types.js';
import { createHttpClient } from '../../../harness/http/index.js';
import { createTestPki } from '../../../harness/identity/index.js';
import { apiFacts } from '../api-facts.js';
import { createControlClient } from '../control-client.js';
import type { WfmContext } from '../context.js';
import { createClientFactory } from '../device-client.js';
import { decodedBody, parseJson } from '../support/bytes.js';
import { deployToFreshClient, fetchManifest, pathOfUrl } from '../support/desired-state.js';
import type { BodyKind } from '../validate-body.js';
import { inProcessReference } from './in-process-launcher.js';

export interface CollectedBody {
  kind: BodyKind;
  what: string;
  value: unknown;
}

/** Every kind of body the reference WFM serves (and the suite sends), from one short session. */
export async function collectReferenceBodies(editionId: EditionId): Promise<CollectedBody[]> {
  const edition = EDITIONS[editionId];
  const pki = await createTestPki();
  const sut = await inProcessReference({ edition: editionId })(pki).start();
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
