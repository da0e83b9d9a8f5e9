import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EDITIONS } from '../../../core/catalog/editions.js';
import type { EditionId } from '../../../core/catalog/types.js';
import { createTestPki, type TestPki } from '../../../core/identity/index.js';
import { startWfm, type RunningWfm, type WfmOptions } from '../../wfm/start-wfm.js';
import { control, fixtureText } from '../../wfm/test-support/wfm-test-client.js';
import type { DeviceOptions } from '../device-options.js';
import { startDevice, type RunningDevice } from '../start-device.js';

/** A reference WFM, a test PKI and the device's credentials for one edition; the device starts on demand. */
export interface Bench {
  edition: EditionId;
  pki: TestPki;
  wfm: RunningWfm;
  stateDir: string;
  trust: DeviceOptions['trust'];
  /** The client reference the control adapter knows: SPIFFE ID (rc.3) or, once onboarded, clientId. */
  clientRef(device: RunningDevice): string;
  start(overrides?: Partial<DeviceOptions>): Promise<RunningDevice>;
  /** Loads our line-monitor package and assigns `profileId` to the device. */
  assign(device: RunningDevice, profileId: string, parameters?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const PACKAGE_FIXTURES: Record<EditionId, string> = {
  '1.0.0-rc.3': 'packages/rc3/valid/line-monitor/margo.yaml',
  'preview-1': 'packages/preview-1/valid/line-monitor/margo.yaml',
};

export async function createBench(edition: EditionId, wfmOptions: Partial<WfmOptions> = {}): Promise<Bench> {
  const pki = await createTestPki();
  const wfm = await startWfm({ edition, tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem }, ...wfmOptions });
  const stateDir = await mkdtemp(join(tmpdir(), 'margo-device-'));
  let trust: DeviceOptions['trust'];
  let spiffeId = '';
  if (EDITIONS[edition].api.auth === 'mtls') {
    const svid = await pki.issueClient('device-client-1');
    spiffeId = svid.spiffeId;
    trust = { kind: 'svid', bundlePem: pki.bundlePem, certPem: svid.certPem, keyPem: svid.keyPem };
    await control(wfm.controlUrl, 'POST', '/clients', { spiffeId });
  } else {
    const certificate = await pki.issueClientCertificate('device-client-1');
    trust = { kind: 'signature', wfmCaPem: pki.bundlePem, certPem: certificate.certPem, keyPem: certificate.keyPem };
    await control(wfm.controlUrl, 'POST', '/clients', { certificatePem: certificate.certPem });
  }
  await control(wfm.controlUrl, 'POST', '/packages', { descriptionYaml: fixtureText(PACKAGE_FIXTURES[edition]) });
  const devices: RunningDevice[] = [];
  const clientRef = (device: RunningDevice) => {
    if (spiffeId) return spiffeId;
    const onboarded = device.events.find((event) => event.event === 'onboarded');
    return onboarded && 'clientId' in onboarded ? onboarded.clientId : '';
  };
  return {
    edition,
    pki,
    wfm,
    stateDir,
    trust,
    clientRef,
    async start(overrides = {}) {
      const device = await startDevice({ edition: EDITIONS[edition], wfmUrl: wfm.url, trust, deviceId: 'device-1', stateDir, pollIntervalMs: 50, ...overrides });
      devices.push(device);
      return device;
    },
    async assign(device, profileId, parameters = {}) {
      const created = await control(wfm.controlUrl, 'POST', '/deployments', { client: clientRef(device), deviceId: 'device-1', applicationId: 'com-brightfield-line-monitor', profileId, parameters });
      if (created.status !== 201) throw new Error(`control adapter: POST /deployments answered ${created.status}: ${created.body.toString()}`);
      return (created.json() as { deploymentId: string }).deploymentId;
    },
    async close() {
      await Promise.all(devices.map((device) => device.stop()));
      await wfm.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
