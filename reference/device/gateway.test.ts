import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { control } from '../wfm/test-support/wfm-test-client.js';
import { readCapabilitiesFile } from './capabilities/read-capabilities-file.js';
import type { DeviceEvent } from './device-events.js';
import type { DeviceCapabilities } from './device-options.js';
import type { DeviceFaultId } from './faults.js';
import type { RunningDevice } from './start-device.js';
import { createBench, type Bench } from './test-support/device-under-test.js';
import { fillPath } from './transport/fill-path.js';

const GATEWAY = 'gateway-1';
const APPLICATION = 'com-brightfield-line-monitor';
const identity = (id: string) => ({ id, vendor: 'acme', modelNumber: 'edge-gw', serialNumber: `sn-${id}` });
const hosting = (types: string[]) => ({
  cpus: [{ cores: 2, architecture: 'arm64' }],
  memory: '4Gi',
  storage: '32Gi',
  peripherals: [],
  interfaces: [{ type: 'ethernet' }],
  otelCollector: true,
  supportedRuntimes: ['oci'],
  supportedDeploymentTypes: types,
});
/** In file order: a Helm child, an unreachable Compose child, a Compose child. */
const CHILDREN = [
  { properties: { ...identity('child-a'), ...hosting(['helm']) }, labels: { 'example.com/line': 'a' } },
  { properties: { ...identity('child-offline'), ...hosting(['compose']) }, reachable: false },
  { properties: { ...identity('child-b'), ...hosting(['compose']) } },
];
const NON_HOSTING_GATEWAY: DeviceCapabilities = { properties: identity(GATEWAY), children: CHILDREN };
const HOSTING_GATEWAY: DeviceCapabilities = { properties: { ...identity(GATEWAY), ...hosting(['compose']) }, children: CHILDREN };
const CHILD_IDS = ['gateway-1/child-a', 'gateway-1/child-offline', 'gateway-1/child-b'];

const is = (name: DeviceEvent['event'], match: Record<string, unknown> = {}) => (event: DeviceEvent) =>
  event.event === name && Object.entries(match).every(([key, value]) => (event as Record<string, unknown>)[key] === value);

interface Scene {
  bench: Bench;
  device: RunningDevice;
}

/** A reference WFM and a gateway device reading its capabilities (with children) from a file. */
async function startGateway(options: { capabilities?: DeviceCapabilities; faults?: DeviceFaultId[] } = {}): Promise<Scene> {
  const bench = await createBench('1.0.0-rc.3');
  const file = join(bench.stateDir, 'capabilities.json');
  await writeFile(file, JSON.stringify(options.capabilities ?? NON_HOSTING_GATEWAY));
  const device = await bench.start({ deviceId: GATEWAY, capabilities: () => readCapabilitiesFile(file), faults: options.faults ?? [] });
  await device.waitFor(is('capabilities-sent', { deviceId: CHILD_IDS.at(-1) }));
  return { bench, device };
}

/** Rewrites the capabilities file and waits until a whole cycle has run on it (it is re-read at the start of each). */
async function rewrite(scene: Scene, capabilities: DeviceCapabilities): Promise<void> {
  await writeFile(join(scene.bench.stateDir, 'capabilities.json'), JSON.stringify(capabilities));
  for (let cycle = 0; cycle < 2; cycle += 1) await scene.device.waitFor(is('poll'), { since: scene.device.events.length });
}

/** What the WFM recorded for the device's client: capabilities per deviceId and the last status per deployment. */
async function recorded(scene: Scene): Promise<{ capabilities: Record<string, { properties: Record<string, unknown> }>; statuses: Record<string, any> }> {
  return (await control(scene.bench.wfm.controlUrl, 'GET', `/clients/${encodeURIComponent(scene.bench.clientRef(scene.device))}`)).json();
}

/** Assigns a profile of the line-monitor package to `deviceId` and returns the last status the WFM received once it settled. */
async function deploy(scene: Scene, deviceId: string, profileId: string): Promise<any> {
  const created = await control(scene.bench.wfm.controlUrl, 'POST', '/deployments', { client: scene.bench.clientRef(scene.device), deviceId, applicationId: APPLICATION, profileId, parameters: {} });
  expect(created.status).toBe(201);
  const { deploymentId } = created.json() as { deploymentId: string };
  await scene.device.waitFor((event) => is('status-sent', { deploymentId })(event) && (is('status-sent', { state: 'installed' })(event) || is('status-sent', { state: 'failed' })(event)));
  return (await recorded(scene)).statuses[deploymentId];
}

describe('see-thru gateway against the reference WFM (1.0.0-rc.3)', () => {
  let scene: Scene;
  beforeAll(async () => {
    scene = await startGateway();
  });
  afterAll(() => scene.bench.close());

  it('reports itself first, then each child in file order under <gateway>/<child> (CAP-013, CAP-014, DEV-010)', async () => {
    const sent = scene.device.events.filter(is('capabilities-sent')).map((event) => ('deviceId' in event ? event.deviceId : ''));
    expect(sent).toEqual([GATEWAY, ...CHILD_IDS]);
    expect(scene.device.events.filter(is('request-failed'))).toEqual([]);
    const { capabilities } = await recorded(scene);
    expect(Object.fromEntries(Object.entries(capabilities).map(([id, body]) => [id, body.properties['id']]))).toEqual(Object.fromEntries([GATEWAY, ...CHILD_IDS].map((id) => [id, id])));
    // CAP-009: a gateway hosting nothing reports no hosting field.
    expect(Object.keys(capabilities[GATEWAY]?.properties ?? {}).sort()).toEqual(['id', 'modelNumber', 'serialNumber', 'vendor']);
    expect(capabilities['gateway-1/child-a']).toEqual({ properties: { ...CHILDREN[0]?.properties, id: 'gateway-1/child-a' }, labels: { 'example.com/line': 'a' } });
  });

  it('fills the capabilities path with the slash of a child deviceId unescaped', () => {
    expect(fillPath('/api/v1/capabilities/{deviceId}', { deviceId: 'gateway-1/child-a' })).toBe('/api/v1/capabilities/gateway-1/child-a');
  });

  it('places an autonomous deployment on the first reachable child that runs it and names that child (DEV-013, ST-010)', async () => {
    const status = await deploy(scene, 'gateway-1/*', 'line-monitor-compose');
    expect(status).toMatchObject({ deviceId: 'gateway-1/child-b', status: { state: 'installed' }, components: [{ name: 'line-monitor', state: 'installed' }] });
  });

  it('installs a deployment directed at a reachable child and names it in deviceId (ST-010)', async () => {
    const status = await deploy(scene, 'gateway-1/child-a', 'line-monitor-helm');
    expect(status).toMatchObject({ deviceId: 'gateway-1/child-a', status: { state: 'installed' } });
  });

  it.each([
    { title: 'an unknown child', deviceId: 'gateway-1/nobody', code: '101' },
    { title: 'a deeper path', deviceId: 'gateway-1/child-a/grandchild', code: '101' },
    { title: 'an unreachable child', deviceId: 'gateway-1/child-offline', code: '102' },
  ])('fails a deployment for $title with code $code and the gateway as source, without deviceId (DEV-013, ST-010)', async ({ deviceId, code }) => {
    const status = await deploy(scene, deviceId, 'line-monitor-compose');
    const error = { code, source: GATEWAY, message: expect.any(String) };
    expect(status).toMatchObject({ status: { state: 'failed', error }, components: [{ name: 'line-monitor', state: 'failed', error }] });
    expect(status).not.toHaveProperty('deviceId');
  });

  it('refuses a deployment for itself when it hosts nothing, naming itself (PKG-017, ST-010)', async () => {
    const status = await deploy(scene, GATEWAY, 'line-monitor-compose');
    expect(status).toMatchObject({ deviceId: GATEWAY, status: { state: 'failed', error: { code: 'unsupported-profile-type' } } });
  });

  it('reports again only the child whose capabilities changed (CAP-002)', async () => {
    const since = scene.device.events.length;
    const changed = CHILDREN.map((child, index) => (index === 2 ? { ...child, properties: { ...child.properties, storage: '64Gi' } } : child));
    await rewrite(scene, { ...NON_HOSTING_GATEWAY, children: changed });
    const sent = scene.device.events.slice(since).filter(is('capabilities-sent')).map((event) => ('deviceId' in event ? event.deviceId : ''));
    expect(sent).toEqual(['gateway-1/child-b']);
  });

  it('fails an autonomous deployment that no reachable child can run with no-eligible-child (DEV-013)', async () => {
    await rewrite(scene, { ...NON_HOSTING_GATEWAY, children: CHILDREN.slice(0, 2) });
    const status = await deploy(scene, 'gateway-1/*', 'line-monitor-compose');
    expect(status).toMatchObject({ status: { state: 'failed', error: { code: 'no-eligible-child', source: GATEWAY } } });
    expect(status.status.error.message).toMatch(/gateway-1\/child-a: profile type "compose" is not one device "gateway-1\/child-a" runs .*gateway-1\/child-offline: unreachable/);
    expect(status).not.toHaveProperty('deviceId');
  });
});

interface FaultRow {
  fault: DeviceFaultId;
  capabilities?: DeviceCapabilities;
  /** What the deviation changes, seen by the WFM or in the event log. */
  observe(scene: Scene): Promise<unknown>;
  clean: unknown;
  faulty: unknown;
}

const recordedGateway = async (scene: Scene) => (await recorded(scene)).capabilities[GATEWAY]?.properties ?? {};
/** Capabilities requests in order: accepted ones by deviceId, refused ones by status and path. */
const capabilityAttempts = async (scene: Scene) =>
  scene.device.events.flatMap((event) => {
    if (event.event === 'capabilities-sent') return [`sent ${event.deviceId}`];
    if (event.event === 'request-failed' && event.path.startsWith('/api/v1/capabilities/')) return [`${event.status} ${event.path}`];
    return [];
  });

const FAULT_ROWS: FaultRow[] = [
  {
    fault: 'reports-children-before-gateway',
    observe: capabilityAttempts,
    clean: [`sent ${GATEWAY}`, ...CHILD_IDS.map((id) => `sent ${id}`)],
    faulty: [...CHILD_IDS.map((id) => `404 /api/v1/capabilities/${id}`), `sent ${GATEWAY}`, ...CHILD_IDS.map((id) => `sent ${id}`)],
  },
  {
    fault: 'non-hosting-gateway-reports-collector',
    observe: async (scene) => {
      const { id: _id, vendor: _vendor, modelNumber: _model, serialNumber: _serial, ...hostingFields } = await recordedGateway(scene);
      return hostingFields;
    },
    clean: {},
    faulty: { otelCollector: false, peripherals: [] },
  },
  {
    fault: 'hosting-gateway-omits-resources',
    capabilities: HOSTING_GATEWAY,
    observe: async (scene) => Object.keys(await recordedGateway(scene)).filter((field) => ['cpus', 'memory', 'storage'].includes(field)),
    clean: ['cpus', 'memory', 'storage'],
    faulty: [],
  },
  {
    fault: 'autonomous-status-names-gateway',
    observe: async (scene) => (await deploy(scene, 'gateway-1/*', 'line-monitor-compose')).deviceId,
    clean: 'gateway-1/child-b',
    faulty: GATEWAY,
  },
  {
    fault: 'unknown-child-reported-unreachable',
    observe: async (scene) => (await deploy(scene, 'gateway-1/nobody', 'line-monitor-compose')).status.error.code,
    clean: '101',
    faulty: '102',
  },
  {
    fault: 'gateway-error-without-source',
    observe: async (scene) => {
      const status = await deploy(scene, 'gateway-1/child-offline', 'line-monitor-compose');
      return [status.status.error.source, ...status.components.map((component: { error: { source?: string } }) => component.error.source)];
    },
    clean: [GATEWAY, GATEWAY],
    faulty: [undefined, undefined],
  },
];

describe('gateway faults (1.0.0-rc.3)', () => {
  const scenes: Scene[] = [];
  afterEach(async () => {
    await Promise.all(scenes.splice(0).map((scene) => scene.bench.close()));
  });
  const observe = async (row: FaultRow, faults: DeviceFaultId[]) => {
    const scene = await startGateway({ ...(row.capabilities ? { capabilities: row.capabilities } : {}), faults });
    scenes.push(scene);
    return row.observe(scene);
  };

  it.each(FAULT_ROWS)('$fault deviates from the clean gateway', async (row) => {
    const [clean, faulty] = await Promise.all([observe(row, []), observe(row, [row.fault])]);
    expect({ clean, faulty }).toEqual({ clean: row.clean, faulty: row.faulty });
  });

  it('leaves a device without children as it is', async () => {
    const run = async (faults: DeviceFaultId[]) => {
      const bench = await createBench('1.0.0-rc.3');
      const device = await bench.start({ faults });
      scenes.push({ bench, device });
      await device.waitFor(is('manifest-applied'));
      const deploymentId = await bench.assign(device, 'line-monitor-compose');
      await device.waitFor(is('status-sent', { deploymentId, state: 'installed' }));
      const { capabilities, statuses } = await recorded({ bench, device });
      const { deploymentId: _id, ...status } = statuses[deploymentId];
      return { capabilities, status, events: device.events.filter(is('capabilities-sent')).length };
    };
    const [clean, faulty] = await Promise.all([run([]), run(FAULT_ROWS.map((row) => row.fault))]);
    expect(faulty).toEqual(clean);
    expect(clean.status).not.toHaveProperty('deviceId');
  });
});
