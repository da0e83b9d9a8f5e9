import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeviceArgs } from './parse-device-args.js';

const dir = mkdtempSync(join(tmpdir(), 'margo-device-args-'));
const pem = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, `${name}\n`);
  return path;
};
const RC3_FILES = ['--trust-bundle', pem('ca.pem'), '--svid-cert', pem('svid.pem'), '--svid-key', pem('svid.key')];
const BASE = ['--wfm-url', 'https://127.0.0.1:8443', '--device-id', 'device-1'];

describe('parseDeviceArgs: the launch contract', () => {
  it('reads rc.3 trust material from files and defaults the rest', () => {
    const options = parseDeviceArgs([...BASE, ...RC3_FILES], {});
    expect(options).toMatchObject({ wfmUrl: 'https://127.0.0.1:8443', deviceId: 'device-1', stateDir: 'margo-device-state', faults: [] });
    expect(options.edition.id).toBe('1.0.0-rc.3');
    expect(options.trust).toEqual({ kind: 'svid', bundlePem: 'ca.pem\n', certPem: 'svid.pem\n', keyPem: 'svid.key\n', svidFiles: { certFile: join(dir, 'svid.pem'), keyFile: join(dir, 'svid.key') } });
  });

  it('takes every setting from the environment when no flag is given, flags winning', () => {
    const env = {
      MARGO_EDITION: 'preview-1',
      MARGO_WFM_URL: 'https://wfm.example:443',
      MARGO_WFM_CA: pem('wfm-ca.pem'),
      MARGO_CLIENT_CERT: pem('client.pem'),
      MARGO_CLIENT_KEY: pem('client.key'),
      MARGO_DEVICE_ID: 'from-env',
      MARGO_POLL_INTERVAL_MS: '100',
      MARGO_POLLING_PERIOD: '06:00-22:00',
      MARGO_DOWNTIME: '2026-01-01T00:00:00Z/PT1H,2026-02-01T00:00:00Z/PT1H',
      MARGO_STATE_DIR: '/var/lib/device',
      MARGO_FAULTS: 'ignores-wait, omits-accept-header',
    };
    const options = parseDeviceArgs(['--device-id', 'from-flag'], env);
    expect(options).toMatchObject({ deviceId: 'from-flag', pollIntervalMs: 100, stateDir: '/var/lib/device', faults: ['ignores-wait', 'omits-accept-header'] });
    expect(options.edition.id).toBe('preview-1');
    expect(options.trust).toMatchObject({ kind: 'signature', wfmCaPem: 'wfm-ca.pem\n', algorithm: 'ecdsa-p256-sha256' });
    expect(options.pollingPeriod).toEqual({ startMinute: 360, endMinute: 1320 });
    expect(options.downtime).toHaveLength(2);
  });

  it('fetches rc.3 anchors through the Trust Bundle API with --trust-discovery-url and --trust-discovery-ca (or their environment)', () => {
    const discovery = { trustDiscovery: { url: 'https://localhost:8444/.well-known/margo', caPem: 'tb-ca.pem\n' } };
    const svid = ['--svid-cert', pem('svid.pem'), '--svid-key', pem('svid.key')];
    const fromFlags = parseDeviceArgs([...BASE, ...svid, '--trust-discovery-url', 'https://localhost:8444/.well-known/margo', '--trust-discovery-ca', pem('tb-ca.pem')], {});
    const fromEnv = parseDeviceArgs([...BASE, ...svid], { MARGO_TRUST_DISCOVERY_URL: 'https://localhost:8444/.well-known/margo', MARGO_TRUST_DISCOVERY_CA: pem('tb-ca.pem') });
    for (const options of [fromFlags, fromEnv]) expect(options.trust).toEqual({ kind: 'svid', ...discovery, certPem: 'svid.pem\n', keyPem: 'svid.key\n', svidFiles: { certFile: join(dir, 'svid.pem'), keyFile: join(dir, 'svid.key') } });
  });

  it('makes the device a Wasm device with --runtime wasm (or MARGO_RUNTIME)', () => {
    expect([parseDeviceArgs([...BASE, ...RC3_FILES, '--runtime', 'wasm'], {}).runtimeKind, parseDeviceArgs([...BASE, ...RC3_FILES], { MARGO_RUNTIME: 'wasm' }).runtimeKind]).toEqual(['wasm', 'wasm']);
  });

  it.each([
    { argv: [...RC3_FILES, '--device-id', 'd'], message: '--wfm-url (or MARGO_WFM_URL) is required' },
    { argv: [...BASE, ...RC3_FILES, '--wfm-url', 'http://wfm'], message: 'is not an https:// URL' },
    { argv: [...BASE, '--svid-cert', pem('a'), '--svid-key', pem('b')], message: '--trust-bundle (or MARGO_TRUST_BUNDLE) or --trust-discovery-url (or MARGO_TRUST_DISCOVERY_URL) is required' },
    { argv: [...BASE, ...RC3_FILES, '--trust-discovery-url', 'https://localhost:8444/.well-known/margo', '--trust-discovery-ca', pem('tb.pem')], message: '--trust-bundle and --trust-discovery-url exclude each other' },
    { argv: [...BASE, '--svid-cert', pem('a'), '--svid-key', pem('b'), '--trust-discovery-url', 'https://localhost:8444/.well-known/margo'], message: '--trust-discovery-ca (or MARGO_TRUST_DISCOVERY_CA) is required with --trust-discovery-url' },
    { argv: [...BASE, '--svid-cert', pem('a'), '--svid-key', pem('b'), '--trust-discovery-url', 'http://localhost:8444/.well-known/margo', '--trust-discovery-ca', pem('tb.pem')], message: 'is not an https:// URL; discovery is authenticated by TLS' },
    { argv: [...BASE, ...RC3_FILES, '--trust-discovery-ca', pem('tb.pem')], message: '--trust-discovery-ca is only used with --trust-discovery-url.' },
    { argv: [...BASE, ...RC3_FILES, '--fault', 'nope'], message: 'Unknown reference device fault "nope"' },
    { argv: [...BASE, ...RC3_FILES, '--poll-interval-ms', '0'], message: 'is not a positive whole number' },
    { argv: [...BASE, ...RC3_FILES, '--edition', 'v9'], message: '--edition "v9" is not a known edition' },
    { argv: [...BASE, ...RC3_FILES, '--runtime', 'docker'], message: '--runtime "docker" is not simulated or wasm.' },
    { argv: [...BASE, '--edition', 'preview-1', '--wfm-ca', pem('ca2.pem'), '--client-cert', pem('c.pem'), '--client-key', pem('c.key'), '--runtime', 'wasm'], message: '--runtime wasm needs an edition with the custom deployment type; preview-1 has none.' },
  ])('refuses a bad launch: $message', ({ argv, message }) => {
    expect(() => parseDeviceArgs(argv, {})).toThrow(message);
  });
});
