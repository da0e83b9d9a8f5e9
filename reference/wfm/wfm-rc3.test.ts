import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { startWfm, type RunningWfm } from './start-wfm.js';
import { control, createTlsAgent, fixtureText, send } from './test-support/wfm-test-client.js';
import { listArchive } from './test-support/list-archive.js';

const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const capabilities = (id: string) => ({ properties: { id, vendor: 'Acme', modelNumber: 'M1', serialNumber: 'S1', supportedDeploymentTypes: ['helm'] } });

describe('reference WFM, rc.3 happy path', () => {
  let pki: TestPki;
  let wfm: RunningWfm;
  let agent: ReturnType<typeof createTlsAgent>;
  let spiffeId: string;

  beforeAll(async () => {
    pki = await createTestPki({ trustDomain: 'margo.test', wfmId: 'wfm-1' });
    wfm = await startWfm({ edition: '1.0.0-rc.3', tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem } });
    const svid = await pki.issueClient('device-1');
    spiffeId = svid.spiffeId;
    agent = createTlsAgent(pki.bundlePem, svid);
  });
  afterAll(async () => {
    await agent.close();
    await wfm.close();
  });

  it('refuses a client that is not on the accepted-client policy with 403 not-authorized', async () => {
    const response = await send(agent, `${wfm.url}/api/v1/deployments`);
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json().type).toBe('https://docs.margo.org/specification/problem-types#not-authorized');
  });

  it('serves desired state, documents and bundle whose digests match, and records status', async () => {
    expect((await control(wfm.controlUrl, 'POST', '/clients', { spiffeId })).status).toBe(201);
    const loaded = await control(wfm.controlUrl, 'POST', '/packages', { descriptionYaml: fixtureText('packages/rc3/valid/line-monitor/margo.yaml') });
    expect(loaded.json()).toEqual({ applicationId: 'com-brightfield-line-monitor' });

    const empty = await send(agent, `${wfm.url}/api/v1/deployments`);
    expect(empty.status).toBe(200);
    expect(empty.body.toString()).toBe('{"bundle":null,"deployments":[],"manifestVersion":1}');
    expect(empty.headers['cache-control']).toBe('private');

    const orphan = await send(agent, `${wfm.url}/api/v1/capabilities/gw/child`, { method: "PUT", body: capabilities("gw/child") });
    expect([orphan.status, orphan.json().type]).toEqual([404, "https://docs.margo.org/specification/problem-types#gateway-not-found"]);
    expect((await send(agent, `${wfm.url}/api/v1/capabilities/gw`, { method: 'PUT', body: capabilities('gw') })).status).toBe(201);
    expect((await send(agent, `${wfm.url}/api/v1/capabilities/gw`, { method: 'PUT', body: capabilities('gw') })).status).toBe(200);
    const mismatch = await send(agent, `${wfm.url}/api/v1/capabilities/gw`, { method: 'PUT', body: capabilities('other') });
    expect([mismatch.status, mismatch.json().errors[0].field]).toEqual([422, 'properties.id']);
    const envelope = await send(agent, `${wfm.url}/api/v1/capabilities/gw`, { method: 'PUT', body: { apiVersion: 'v1', ...capabilities('gw') } });
    expect(envelope.status).toBe(400);

    const created = await control(wfm.controlUrl, 'POST', '/deployments', {
      client: spiffeId, deviceId: 'gw', applicationId: 'com-brightfield-line-monitor', profileId: 'line-monitor-helm', parameters: { pollSeconds: 10 },
    });
    const { deploymentId } = created.json();

    const manifest = await send(agent, `${wfm.url}/api/v1/deployments`, { headers: { accept: 'application/vnd.margo.manifest.v1+json' } });
    expect(manifest.headers['content-type']).toBe('application/vnd.margo.manifest.v1+json');
    expect(manifest.headers['etag']).toBe(`"${sha(manifest.body)}"`);
    const body = manifest.json();
    expect(body.manifestVersion).toBe(2);
    expect(body.deployments.map((d: { deploymentId: string }) => d.deploymentId)).toEqual([deploymentId]);
    expect((await send(agent, `${wfm.url}/api/v1/deployments`, { headers: { 'if-none-match': manifest.headers['etag']! } })).status).toBe(304);
    expect((await send(agent, `${wfm.url}/api/v1/deployments`, { headers: { accept: 'text/html' } })).status).toBe(406);

    const [reference] = body.deployments;
    const yaml = await send(agent, `${wfm.url}${reference.url}`, { headers: { 'accept-encoding': 'gzip' } });
    expect([yaml.status, yaml.headers['content-type'], yaml.headers['etag'], sha(yaml.body)]).toEqual([200, 'application/yaml', `"${reference.digest}"`, reference.digest]);
    expect(yaml.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(yaml.body.toString()).toContain(`id: ${deploymentId}`);
    expect(yaml.body.toString()).toContain('x-brightfield-extensions');
    expect((await send(agent, `${wfm.url}/api/v1/deployments/${deploymentId}/sha256:${'0'.repeat(64)}`)).status).toBe(404);

    const bundle = await send(agent, `${wfm.url}${body.bundle.url}`);
    expect([bundle.headers['content-type'], sha(bundle.body)]).toEqual(['application/vnd.margo.bundle.v1+tar+gzip', body.bundle.digest]);
    expect(await listArchive(bundle.body)).toEqual([{ name: `${deploymentId}.yaml`, content: yaml.body.toString() }]);

    const status = { deploymentId, adoptedManifestVersion: 2, status: { state: 'installed' }, components: [{ name: 'tag-collector', state: 'installed' }, { name: 'line-dashboard', state: 'installed' }] };
    const statusUrl = `${wfm.url}/api/v1/deployments/${deploymentId}/status`;
    expect((await send(agent, statusUrl, { method: 'POST', body: status })).status).toBe(201);
    expect((await send(agent, statusUrl, { method: 'POST', body: status })).status).toBe(200);
    expect((await send(agent, statusUrl, { method: 'POST', body: { ...status, status: { state: 'Installed' } } })).status).toBe(422);

    const record = await control(wfm.controlUrl, 'GET', `/clients/${encodeURIComponent(spiffeId)}`);
    expect(Object.keys(record.json().capabilities)).toEqual(['gw']);
    expect(record.json().statuses[deploymentId]).toEqual(status);
  });

  it('serves the trust discovery document and SPIFFE bundle without a client certificate', async () => {
    const anonymous = createTlsAgent(pki.bundlePem);
    const discovery = await send(anonymous, `${wfm.url}/.well-known/margo`);
    expect(discovery.json()).toEqual({ trustDomain: 'margo.test', trustBundleUri: `${wfm.url}/.well-known/spiffe/bundle.json` });
    const bundle = await send(anonymous, discovery.json().trustBundleUri);
    expect(bundle.json().keys[0].use).toBe('x509-svid');
    expect((await send(anonymous, discovery.json().trustBundleUri, { headers: { 'if-none-match': bundle.headers['etag']! } })).status).toBe(304);
    expect((await send(anonymous, `${wfm.url}/api/v1/deployments`)).status).toBe(403);
    await anonymous.close();
  });
});
