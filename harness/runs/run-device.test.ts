import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { createDeviceProcessLauncher } from '../launch/device-process.js';
import { runDevice } from './run-device.js';
import { inProcessDevice } from '../self-test/in-process-device.js';

describe('runDevice', () => {
  it('decides only the requirements asked for, with the device as subject', async () => {
    const results = await runDevice({ profile: 'device-helm', edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessDevice(), only: ['DS-019', 'DS-024'] });
    expect({
      subject: results.subject.kind,
      verdict: results.verdict,
      decided: results.results.map((r) => `${r.requirement} ${r.outcome}`),
    }).toEqual({ subject: 'device', verdict: 'conformant', decided: ['DS-019 pass', 'DS-024 pass'] });
  });

  it('refuses a profile that is not a device profile', async () => {
    await expect(runDevice({ profile: 'wfm', edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessDevice() })).rejects.toThrow('"wfm" is not a device profile; use device-compose, device-helm or device-wasm.');
  });
});

describe('createDeviceProcessLauncher', () => {
  it('hands the device the launch contract as MARGO_* environment and trust files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'margo-device-launch-'));
    const script = `require('fs').writeFileSync(process.env.MARGO_STATE_DIR + '.env.json', JSON.stringify(process.env)); console.log(JSON.stringify({ ready: true })); setInterval(() => {}, 1000);`;
    const launcher = createDeviceProcessLauncher({ command: [process.execPath, '-e', script], faults: ['ignores-wait'] });
    try {
      const device = await launcher.start({
        edition: 'preview-1',
        wfmUrl: 'https://127.0.0.1:9443',
        deviceId: 'device-1',
        trust: { kind: 'signature', wfmCaPem: 'CA', certPem: 'CERT', keyPem: 'KEY' },
        pollIntervalMs: 100,
        stateDir: join(dir, 'state'),
        capabilitiesFile: join(dir, 'capabilities.json'),
        downtime: ['2026-01-01T00:00:00Z/PT1H'],
      });
      await device.stop();
      const env = JSON.parse(await readFile(join(dir, 'state.env.json'), 'utf8')) as Record<string, string>;
      const picked = Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('MARGO_') && !(name in process.env)).map(([name, value]) => [name, value.replace(dir, '<dir>')]));
      expect(picked).toEqual({
        MARGO_EDITION: 'preview-1',
        MARGO_WFM_URL: 'https://127.0.0.1:9443',
        MARGO_DEVICE_ID: 'device-1',
        MARGO_POLL_INTERVAL_MS: '100',
        MARGO_STATE_DIR: '<dir>/state',
        MARGO_CAPABILITIES: '<dir>/capabilities.json',
        MARGO_DOWNTIME: '2026-01-01T00:00:00Z/PT1H',
        MARGO_WFM_CA: '<dir>/trust/wfm-ca.pem',
        MARGO_CLIENT_CERT: '<dir>/trust/client.pem',
        MARGO_CLIENT_KEY: '<dir>/trust/client.key',
        MARGO_FAULTS: 'ignores-wait',
      });
      expect(await readFile(env['MARGO_CLIENT_KEY'] as string, 'utf8')).toBe('KEY');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
