import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type Svid, type TestPki } from '../../core/identity/index.js';
import { startWfm } from './start-wfm.js';
import { control, createTlsAgent, fixtureText, send } from './test-support/wfm-test-client.js';

describe('reference WFM restarts', () => {
  let pki: TestPki;
  let svid: Svid;
  const dirs: string[] = [];
  beforeAll(async () => {
    pki = await createTestPki();
    svid = await pki.issueClient('device-1');
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** Runs one WFM lifetime on `stateDir`: the manifestVersion served before `change` (0 without a client) and after it. */
  async function lifetime(stateDir: string, change: (controlUrl: string) => Promise<void>, faults: string[] = []): Promise<number[]> {
    const wfm = await startWfm({ edition: '1.0.0-rc.3', stateDir, faults, tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem } });
    const agent = createTlsAgent(pki.bundlePem, svid);
    try {
      const version = async () => (await send(agent, `${wfm.url}/api/v1/deployments`)).json().manifestVersion as number;
      const before = (await control(wfm.controlUrl, 'GET', `/clients/${encodeURIComponent(svid.spiffeId)}`)).status === 200 ? await version() : 0;
      await change(wfm.controlUrl);
      return [before, await version()];
    } finally {
      await agent.close();
      await wfm.close();
    }
  }

  const deploy = async (controlUrl: string) => {
    await control(controlUrl, 'POST', '/deployments', { client: svid.spiffeId, deviceId: 'dev', applicationId: 'com-brightfield-line-monitor', profileId: 'line-monitor-helm' });
  };
  const setup = async (controlUrl: string) => {
    await control(controlUrl, 'POST', '/clients', { spiffeId: svid.spiffeId });
    await control(controlUrl, 'POST', '/packages', { descriptionYaml: fixtureText('packages/rc3/valid/line-monitor/margo.yaml') });
    await deploy(controlUrl);
  };

  it.each([
    { faults: [], expected: [[0, 2], [2, 3]] },
    { faults: ['manifest-version-reset-on-restart'], expected: [[0, 2], [1, 2]] },
  ])('keeps manifestVersion increasing across a restart unless faulted ($faults)', async ({ faults, expected }) => {
    const stateDir = mkdtempSync(join(tmpdir(), 'wfm-state-'));
    dirs.push(stateDir);
    const runs = [await lifetime(stateDir, setup, faults), await lifetime(stateDir, deploy, faults)];
    expect(runs).toEqual(expected);
  });
});
