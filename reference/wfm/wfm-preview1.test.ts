import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf, type RequestSigner } from '../../core/http-signatures/index.js';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { startWfm, type RunningWfm } from './start-wfm.js';
import { listArchive } from './test-support/list-archive.js';
import { control, createTlsAgent, fixtureText, send } from './test-support/wfm-test-client.js';

const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const capabilities = {
  apiVersion: 'device.margo.org/v1alpha1',
  kind: 'DeviceCapabilitiesManifest',
  properties: {
    id: 'device-1', vendor: 'Acme', modelNumber: 'M1', serialNumber: 'S1', roles: ['Standalone Device'],
    resources: { cpu: { cores: 4, architecture: 'amd64' }, memory: '8Gi', storage: '64Gi', peripherals: [], interfaces: [{ type: 'ethernet' }] },
  },
};

describe('reference WFM, preview-1 happy path', () => {
  let pki: TestPki;
  let wfm: RunningWfm;
  let agent: ReturnType<typeof createTlsAgent>;
  let device: Awaited<ReturnType<TestPki['issueClientCertificate']>>;
  let signer: RequestSigner;

  beforeAll(async () => {
    pki = await createTestPki();
    wfm = await startWfm({ edition: 'preview-1', tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem } });
    device = await pki.issueClientCertificate('device-1');
    signer = { privateKeyPem: device.keyPem, keyId: keyIdOf(device.publicKeyPem), algorithm: 'ecdsa-p256-sha256' };
    agent = createTlsAgent(pki.bundlePem);
  });
  afterAll(async () => {
    await agent.close();
    await wfm.close();
  });

  it('onboards an accepted certificate and serves its signed desired state', async () => {
    const root = await send(agent, `${wfm.url}/api/v1/onboarding/certificate`);
    expect(Buffer.from(root.json().certificate, 'base64').toString()).toBe(pki.bundlePem);

    const onboarding = { apiVersion: 'onboarding.margo.org/v1alpha1', kind: 'OnboardingRequest', certificate: Buffer.from(device.certPem).toString('base64') };
    expect((await send(agent, `${wfm.url}/api/v1/onboarding`, { method: 'POST', body: onboarding, signer })).status).toBe(403);
    expect((await control(wfm.controlUrl, 'POST', '/clients', { certificatePem: device.certPem })).status).toBe(201);
    expect((await send(agent, `${wfm.url}/api/v1/onboarding`, { method: 'POST', body: onboarding })).status).toBe(401);
    const onboarded = await send(agent, `${wfm.url}/api/v1/onboarding`, { method: 'POST', body: onboarding, signer });
    expect(onboarded.status).toBe(201);
    const { clientId } = onboarded.json();
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    const base = `${wfm.url}/api/v1/clients/${clientId}`;

    expect((await send(agent, `${base}/capabilities`, { method: 'POST', body: capabilities, signer })).status).toBe(201);
    expect((await send(agent, `${base}/capabilities`, { method: 'PUT', body: capabilities, signer })).status).toBe(201);
    expect((await send(agent, `${base}/capabilities`, { method: 'PUT', body: capabilities })).status).toBe(401);
    const unknown = await send(agent, `${wfm.url}/api/v1/clients/nobody/deployments`, { signer });
    expect([unknown.status, unknown.headers['content-type'], typeof unknown.json().error]).toEqual([404, 'application/json', 'string']);

    await control(wfm.controlUrl, 'POST', '/packages', { descriptionYaml: fixtureText('packages/preview-1/valid/line-monitor/margo.yaml') });
    const { deploymentId } = (await control(wfm.controlUrl, 'POST', '/deployments', {
      client: clientId, deviceId: 'device-1', applicationId: 'com-brightfield-line-monitor', profileId: 'line-monitor-compose',
    })).json();

    const manifest = await send(agent, `${base}/deployments`, { signer });
    expect([manifest.status, manifest.headers['cache-control'], manifest.headers['etag']]).toEqual([200, 'no-cache', `"${sha(manifest.body)}"`]);
    const body = manifest.json();
    expect(body.manifestVersion).toBe(2);
    const [reference] = body.deployments;
    expect(reference.url).toBe(`/api/v1/clients/${clientId}/deployments/${deploymentId}/${reference.digest}`);
    const yaml = await send(agent, `${wfm.url}${reference.url}`, { signer });
    expect([sha(yaml.body), yaml.headers['cache-control']]).toEqual([reference.digest, 'public, max-age=31536000, immutable']);
    expect(yaml.body.toString()).toContain('kind: ApplicationDeployment');
    expect(yaml.body.toString()).toContain(`id: ${deploymentId}`);
    const bundle = await send(agent, `${wfm.url}${body.bundle.url}`, { signer });
    expect(sha(bundle.body)).toBe(body.bundle.digest);
    expect((await listArchive(bundle.body)).map((e) => e.name)).toEqual([`${deploymentId}.yaml`]);

    const status = {
      apiVersion: 'deployment.margo.org/v1alpha1', kind: 'DeploymentStatusManifest', deploymentId,
      status: { state: 'installing' }, components: [{ name: 'line-monitor', state: 'installing' }],
    };
    expect((await send(agent, `${base}/deployments/${deploymentId}/status`, { method: 'POST', body: status, signer })).status).toBe(200);
    expect((await send(agent, `${base}/deployments/${deploymentId}/status`, { method: 'POST', body: status, signer, headers: {} })).status).toBe(200);
    const record = await control(wfm.controlUrl, 'GET', `/clients/${clientId}`);
    expect(record.json().statuses[deploymentId]).toEqual(status);

    expect((await control(wfm.controlUrl, 'DELETE', `/clients/${clientId}`)).status).toBe(204);
    expect((await send(agent, `${base}/deployments`, { signer })).status).toBe(403);
  });
});
