import { describe, expect, it } from 'vitest';
import type { DeviceLaunchSettings } from '../../core/launch/device-launcher.js';
import { containerTrustFiles, deviceContainerEnv } from './device-container-launcher.js';

const base: Omit<DeviceLaunchSettings, 'edition' | 'trust'> = {
  wfmUrl: 'https://127.0.0.1:40001',
  deviceId: 'device-1',
  pollIntervalMs: 100,
  stateDir: '/tmp/margo-device-session-x/state',
  capabilitiesFile: '/tmp/margo-device-session-x/capabilities.json',
};

describe('deviceContainerEnv and containerTrustFiles', () => {
  const rows: Array<{ name: string; settings: DeviceLaunchSettings; env: Record<string, string>; files: string[] }> = [
    {
      name: 'maps rc.3 settings to container paths: SVID files, mounted state and capabilities',
      settings: { ...base, edition: '1.0.0-rc.3', trust: { kind: 'svid', bundlePem: 'B', certPem: 'C', keyPem: 'K' } },
      env: {
        MARGO_EDITION: '1.0.0-rc.3', MARGO_WFM_URL: 'https://127.0.0.1:40001', MARGO_DEVICE_ID: 'device-1', MARGO_POLL_INTERVAL_MS: '100',
        MARGO_STATE_DIR: '/margo/state', MARGO_CAPABILITIES: '/margo/config/capabilities.json',
        MARGO_TRUST_BUNDLE: '/margo/trust/trust-bundle.pem', MARGO_SVID_CERT: '/margo/trust/svid.pem', MARGO_SVID_KEY: '/margo/trust/svid.key',
      },
      files: ['/margo/trust/trust-bundle.pem 644 B', '/margo/trust/svid.pem 644 C', '/margo/trust/svid.key 600 K'],
    },
    {
      name: 'maps rc.3 settings with the Trust Bundle API: the discovery URL and its anchor instead of a bundle',
      settings: { ...base, edition: '1.0.0-rc.3', trust: { kind: 'svid-discovery', discoveryUrl: 'https://localhost:40002/.well-known/margo', discoveryCaPem: 'D', certPem: 'C', keyPem: 'K' } },
      env: {
        MARGO_EDITION: '1.0.0-rc.3', MARGO_WFM_URL: 'https://127.0.0.1:40001', MARGO_DEVICE_ID: 'device-1', MARGO_POLL_INTERVAL_MS: '100',
        MARGO_STATE_DIR: '/margo/state', MARGO_CAPABILITIES: '/margo/config/capabilities.json',
        MARGO_TRUST_DISCOVERY_URL: 'https://localhost:40002/.well-known/margo',
        MARGO_TRUST_DISCOVERY_CA: '/margo/trust/trust-discovery-ca.pem', MARGO_SVID_CERT: '/margo/trust/svid.pem', MARGO_SVID_KEY: '/margo/trust/svid.key',
      },
      files: ['/margo/trust/trust-discovery-ca.pem 644 D', '/margo/trust/svid.pem 644 C', '/margo/trust/svid.key 600 K'],
    },
    {
      name: 'maps preview-1 settings with polling period and downtime',
      settings: { ...base, edition: 'preview-1', trust: { kind: 'signature', wfmCaPem: 'CA', certPem: 'C', keyPem: 'K' }, pollingPeriod: '08:00-17:00', downtime: ['2026-01-01T00:00:00Z/PT8H', '2026-02-01T00:00:00Z/PT1H'] },
      env: {
        MARGO_EDITION: 'preview-1', MARGO_WFM_URL: 'https://127.0.0.1:40001', MARGO_DEVICE_ID: 'device-1', MARGO_POLL_INTERVAL_MS: '100',
        MARGO_STATE_DIR: '/margo/state', MARGO_CAPABILITIES: '/margo/config/capabilities.json',
        MARGO_POLLING_PERIOD: '08:00-17:00', MARGO_DOWNTIME: '2026-01-01T00:00:00Z/PT8H,2026-02-01T00:00:00Z/PT1H',
        MARGO_WFM_CA: '/margo/trust/wfm-ca.pem', MARGO_CLIENT_CERT: '/margo/trust/client.pem', MARGO_CLIENT_KEY: '/margo/trust/client.key',
      },
      files: ['/margo/trust/wfm-ca.pem 644 CA', '/margo/trust/client.pem 644 C', '/margo/trust/client.key 600 K'],
    },
  ];
  it.each(rows)('$name', ({ settings, env, files }) => {
    expect({ env: deviceContainerEnv(settings), files: containerTrustFiles(settings, 0o600).map((f) => `${f.target} ${f.mode.toString(8)} ${f.content}`) }).toEqual({ env, files });
  });
});
