import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { choosePlacement, type PlacementCandidate } from './desired/place-deployment.js';
import { createFaultSet, type WfmFaultId } from './faults.js';
import { startWfm, type RunningWfm } from './start-wfm.js';
import { control, createTlsAgent, fixtureText, send } from './test-support/wfm-test-client.js';

const PROPERTIES = { id: 'device-1', vendor: 'Acme', modelNumber: 'M1', serialNumber: 'S1', cpus: [{ cores: 4, architecture: 'amd64' }], memory: '8Gi', storage: '64Gi', otelCollector: true, supportedDeploymentTypes: ['helm'] };
const LABELS = { env: 'prod', 'example.com/site': 'plant-7' };

/** A capabilities body: the hosting device above with some properties replaced (undefined removes one). */
const device = (properties: Record<string, unknown> = {}, labels: Record<string, unknown> = LABELS) => ({
  properties: Object.fromEntries(Object.entries({ ...PROPERTIES, ...properties }).filter(([, value]) => value !== undefined)),
  labels,
});
const cpus = (...entries: [number, string?][]) => ({ cpus: entries.map(([cores, architecture]) => ({ cores, ...(architecture ? { architecture } : {}) })) });
const capacity = (capacityRequirements: object) => ({ capacityRequirements });
const labelRule = (...matchExpressions: object[]) => ({ labelSelector: { matchExpressions } });
const propertyRule = (...matchExpressions: object[]) => ({ propertySelector: { matchExpressions } });
const rules = (...eligibilityRules: object[]) => ({ eligibilityRules });

interface Row {
  title: string;
  candidates: unknown[];
  deviceConstraints?: object;
  type?: string;
  faults?: WfmFaultId[];
  /** Index of the chosen candidate; null when none fits. */
  chosen: number | null;
}

const ROWS: Row[] = [
  { title: 'the first of several that fit', candidates: [device(), device()], chosen: 0 },
  { title: 'a device that reported no capabilities is skipped', candidates: [undefined, device()], chosen: 1 },
  { title: 'a device not running the deployment type is skipped', candidates: [device({ supportedDeploymentTypes: ['compose'] }), device()], chosen: 1 },
  { title: 'a device without supportedDeploymentTypes runs nothing', candidates: [device({ supportedDeploymentTypes: undefined })], chosen: null },
  { title: 'a custom type needs custom', type: 'custom', candidates: [device(), device({ supportedDeploymentTypes: ['helm', 'custom'] })], chosen: 1 },
  // CAP-010: cores of one cpus entry, never several added up.
  { title: '3 cores do not fit entries of 2 and 2', deviceConstraints: capacity({ cpu: { cores: 3 } }), candidates: [device(cpus([2], [2])), device(cpus([4]))], chosen: 1 },
  { title: 'fault: 3 cores fit entries of 2 and 2 added up', faults: ['sums-cores-across-cpus'], deviceConstraints: capacity({ cpu: { cores: 3 } }), candidates: [device(cpus([2], [2])), device(cpus([4]))], chosen: 0 },
  { title: 'cores equal to one entry fit', deviceConstraints: capacity({ cpu: { cores: 4 } }), candidates: [device(cpus([1], [4]))], chosen: 0 },
  { title: 'fractional cores', deviceConstraints: capacity({ cpu: { cores: 1.5 } }), candidates: [device(cpus([1])), device(cpus([2]))], chosen: 1 },
  { title: 'no cpus reported', deviceConstraints: capacity({ cpu: { cores: 0.5 } }), candidates: [device({ cpus: undefined })], chosen: null },
  { title: 'the entry with enough cores must have an allowed architecture', deviceConstraints: capacity({ cpu: { cores: 4, architectures: ['arm64'] } }), candidates: [device(cpus([8, 'amd64'], [2, 'arm64']))], chosen: null },
  { title: 'an allowed architecture with enough cores', deviceConstraints: capacity({ cpu: { cores: 2, architectures: ['arm', 'arm64'] } }), candidates: [device(cpus([8, 'amd64'], [2, 'arm64']))], chosen: 0 },
  { title: 'an entry without architecture does not match architectures', deviceConstraints: capacity({ cpu: { cores: 1, architectures: ['amd64'] } }), candidates: [device(cpus([4]))], chosen: null },
  // CAP-010: memory and storage in binary units.
  { title: '512Mi memory fits 1Gi', deviceConstraints: capacity({ memory: '512Mi' }), candidates: [device({ memory: '1Gi' })], chosen: 0 },
  { title: '2Gi memory fits 2048Mi exactly', deviceConstraints: capacity({ memory: '2Gi' }), candidates: [device({ memory: '2048Mi' })], chosen: 0 },
  { title: '3Gi memory does not fit 2048Mi', deviceConstraints: capacity({ memory: '3Gi' }), candidates: [device({ memory: '2048Mi' })], chosen: null },
  { title: '1Ti storage does not fit 64Gi', deviceConstraints: capacity({ storage: '1Ti' }), candidates: [device()], chosen: null },
  { title: '1Ei storage fits 1024Pi exactly (beyond 2^53 bytes)', deviceConstraints: capacity({ storage: '1Ei' }), candidates: [device({ storage: '1024Pi' })], chosen: 0 },
  { title: 'one Ki over does not fit', deviceConstraints: capacity({ storage: '67108865Ki' }), candidates: [device()], chosen: null },
  { title: 'a device without memory does not fit', deviceConstraints: capacity({ memory: '1Ki' }), candidates: [device({ memory: undefined })], chosen: null },
  { title: 'decimal units on the device do not fit', deviceConstraints: capacity({ memory: '1Mi' }), candidates: [device({ memory: '8GB' }), device({ memory: '8 Gi' })], chosen: null },
  { title: 'a requirement that is not a binary quantity fits nothing', deviceConstraints: capacity({ memory: '1.5Gi' }), candidates: [device()], chosen: null },
  // DS-033, DS-034: eligibility rules.
  { title: 'values are case-sensitive', deviceConstraints: rules(labelRule({ key: 'env', operator: 'In', values: ['prod'] })), candidates: [device({}, { env: 'Prod' }), device()], chosen: 1 },
  { title: 'fault: values compared ignoring case', faults: ['matches-values-ignoring-case'], deviceConstraints: rules(labelRule({ key: 'env', operator: 'In', values: ['prod'] })), candidates: [device({}, { env: 'Prod' }), device()], chosen: 0 },
  { title: 'values compare by type', deviceConstraints: rules(propertyRule({ key: '/otelCollector', operator: 'In', values: ['true'] })), candidates: [device()], chosen: null },
  { title: 'AND within a rule', deviceConstraints: rules(labelRule({ key: 'env', operator: 'In', values: ['prod'] }, { key: 'example.com/site', operator: 'In', values: ['plant-9'] })), candidates: [device()], chosen: null },
  { title: 'OR across rules', deviceConstraints: rules(labelRule({ key: 'env', operator: 'In', values: ['test'] }), labelRule({ key: 'example.com/site', operator: 'In', values: ['plant-7'] })), candidates: [device()], chosen: 0 },
  { title: 'property keys are JSON Pointers', deviceConstraints: rules(propertyRule({ key: '/cpus/0/architecture', operator: 'In', values: ['arm64'] })), candidates: [device(), device(cpus([4, 'arm64']))], chosen: 1 },
  { title: 'a property key without the leading slash is no pointer', deviceConstraints: rules(propertyRule({ key: 'otelCollector', operator: 'In', values: [true] })), candidates: [device()], chosen: null },
  { title: 'fault: eligibility ignored, the first with capacity is chosen', faults: ['places-without-eligibility-check'], deviceConstraints: { ...rules(labelRule({ key: 'env', operator: 'In', values: ['qa'] })), ...capacity({ cpu: { cores: 3 } }) }, candidates: [device(cpus([2])), device(cpus([4]))], chosen: 1 },
  { title: 'fault: eligibility ignored, the deployment type still counts', faults: ['places-without-eligibility-check'], deviceConstraints: rules(labelRule({ key: 'env', operator: 'In', values: ['qa'] })), candidates: [device({ supportedDeploymentTypes: ['compose'] }), device()], chosen: 1 },
];

const candidatesOf = (capabilities: unknown[]): PlacementCandidate[] => capabilities.map((body, index) => ({ client: `client-${index}`, deviceId: 'device-1', capabilities: body }));

describe('choosePlacement (CAP-010, DS-033, DS-034)', () => {
  it.each(ROWS)('$title -> $chosen', ({ candidates, deviceConstraints, type, faults, chosen }) => {
    const profile = { id: 'p', type: type ?? 'helm', ...(deviceConstraints ? { deviceConstraints } : {}) };
    const decision = choosePlacement(candidatesOf(candidates), profile, createFaultSet(faults));
    expect('chosen' in decision ? decision.chosen.client : null).toBe(chosen === null ? null : `client-${chosen}`);
  });

  it('says why each candidate does not fit', () => {
    const profile = { id: 'p', type: 'helm', deviceConstraints: { ...capacity({ cpu: { cores: 3 } }), ...rules(labelRule({ key: 'env', operator: 'In', values: ['prod'] })) } };
    const decision = choosePlacement(candidatesOf([undefined, device(cpus([2], [2])), device({}, { env: 'Prod' })]), profile, createFaultSet());
    expect(decision).toEqual({
      reasons: [
        'client-0 device "device-1": no capabilities reported',
        'client-1 device "device-1": no single cpus entry has 3 cores (the largest has 2) (CAP-010)',
        expect.stringMatching(/^client-2 device "device-1": no eligibility rule holds for this device \(rule 1: labelSelector .*\) \(DS-033, DS-034\)$/),
      ],
    });
  });
});

describe('control adapter POST /placements', () => {
  let pki: TestPki;

  beforeAll(async () => {
    pki = await createTestPki();
  });

  describe('rc.3', () => {
    let wfm: RunningWfm;
    const clients: { spiffeId: string; agent: ReturnType<typeof createTlsAgent> }[] = [];

    beforeAll(async () => {
      wfm = await startWfm({ edition: '1.0.0-rc.3', tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem } });
      // The fixture's Helm profile needs 1.5 cores of amd64 or arm64: the first device has them only added up.
      for (const [name, body] of [['split-cores', device(cpus([1, 'amd64'], [1, 'amd64']))], ['fits', device()]] as const) {
        const svid = await pki.issueClient(name);
        const agent = createTlsAgent(pki.bundlePem, svid);
        clients.push({ spiffeId: svid.spiffeId, agent });
        await control(wfm.controlUrl, 'POST', '/clients', { spiffeId: svid.spiffeId });
        expect((await send(agent, `${wfm.url}/api/v1/capabilities/device-1`, { method: 'PUT', body })).status).toBe(201);
      }
      await control(wfm.controlUrl, 'POST', '/packages', { descriptionYaml: fixtureText('packages/rc3/valid/line-monitor/margo.yaml') });
    });
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.agent.close()));
      await wfm.close();
    });

    const place = (candidates: { client: string; deviceId: string }[]) =>
      control(wfm.controlUrl, 'POST', '/placements', { candidates, applicationId: 'com-brightfield-line-monitor', profileId: 'line-monitor-helm' });

    it('is listed in GET /capabilities', async () => {
      expect((await control(wfm.controlUrl, 'GET', '/capabilities')).json().operations).toContain('place-deployment');
    });

    it('assigns the deployment to the first candidate that fits, as POST /deployments would', async () => {
      const [split, fits] = clients as [(typeof clients)[0], (typeof clients)[0]];
      const placed = await place([{ client: split.spiffeId, deviceId: 'device-1' }, { client: fits.spiffeId, deviceId: 'device-1' }]);
      expect(placed.status).toBe(201);
      const { deploymentId } = placed.json();
      expect(placed.json()).toEqual({ deploymentId, client: fits.spiffeId, deviceId: 'device-1' });

      const manifest = (await send(fits.agent, `${wfm.url}/api/v1/deployments`)).json();
      expect([manifest.manifestVersion, manifest.deployments.map((d: { deploymentId: string }) => d.deploymentId)]).toEqual([2, [deploymentId]]);
      const document = await send(fits.agent, `${wfm.url}${manifest.deployments[0].url}`);
      expect(document.body.toString()).toContain('deviceId: device-1');
      expect((await send(split.agent, `${wfm.url}/api/v1/deployments`)).json().deployments).toEqual([]);
    });

    it('answers 409 saying why when no candidate fits', async () => {
      const [split] = clients as [(typeof clients)[0]];
      const refused = await place([{ client: split.spiffeId, deviceId: 'device-1' }, { client: 'spiffe://margo.test/margo/wfm/wfm-1/client/nobody', deviceId: 'device-1' }, { client: split.spiffeId, deviceId: 'device-2' }]);
      expect(refused.status).toBe(409);
      expect(refused.json().error).toMatch(/^No candidate can host profile "line-monitor-helm" of com-brightfield-line-monitor: .*no single cpus entry of architecture amd64 or arm64 has 1\.5 cores.*\(CAP-010\); .*client\/nobody device "device-1": no capabilities reported; .*device "device-2": no capabilities reported\.$/);
      expect((await send(split.agent, `${wfm.url}/api/v1/deployments`)).json().manifestVersion).toBe(1);
    });

    it('refuses a request without candidates (400) or naming an unknown application (404)', async () => {
      expect((await place([])).status).toBe(400);
      const unknown = await control(wfm.controlUrl, 'POST', '/placements', { candidates: [{ client: 'x', deviceId: 'device-1' }], applicationId: 'nope', profileId: 'p' });
      expect(unknown.status).toBe(404);
    });
  });

  it('does not exist in preview-1 (501, not listed)', async () => {
    const wfm = await startWfm({ edition: 'preview-1', tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem } });
    try {
      expect((await control(wfm.controlUrl, 'GET', '/capabilities')).json().operations).not.toContain('place-deployment');
      const placed = await control(wfm.controlUrl, 'POST', '/placements', { candidates: [{ client: 'c', deviceId: 'device-1' }], applicationId: 'a', profileId: 'p' });
      expect([placed.status, typeof placed.json().error]).toEqual([501, 'string']);
    } finally {
      await wfm.close();
    }
  });
});
