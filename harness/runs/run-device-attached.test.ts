import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { STABLE_PKI_FILES } from '../../core/identity/stable-pki.js';
import { freePort } from '../launch/free-port.js';
import { runDevice } from './run-device.js';
import { startDevice, type RunningDevice } from '../../reference/device/start-device.js';
import { loadDeviceFeatures } from '../../core/profiles/profile.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margo-attached-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What an operator does by hand: waits for the trust files, then starts the reference device against the port. */
async function startByHand(edition: EditionId, port: number, pkiDir: string, stateDir: string): Promise<RunningDevice> {
  const file = (name: string) => join(pkiDir, name);
  const keyFile = edition === 'preview-1' ? STABLE_PKI_FILES.signature.key : STABLE_PKI_FILES.svid.key;
  for (let tries = 0; ; tries += 1) {
    const ready = await readFile(file(keyFile)).then(() => true, () => false);
    if (ready) break;
    if (tries > 200) throw new Error(`the trust files never appeared in ${pkiDir}`);
    await sleep(25);
  }
  const read = (name: string) => readFile(file(name), 'utf8');
  const trust =
    edition === 'preview-1'
      ? { kind: 'signature' as const, wfmCaPem: await read(STABLE_PKI_FILES.signature.wfmCa), certPem: await read(STABLE_PKI_FILES.signature.cert), keyPem: await read(STABLE_PKI_FILES.signature.key) }
      : { kind: 'svid' as const, bundlePem: await read(STABLE_PKI_FILES.svid.bundle), certPem: await read(STABLE_PKI_FILES.svid.cert), keyPem: await read(STABLE_PKI_FILES.svid.key) };
  return startDevice({ edition: EDITIONS[edition], wfmUrl: `https://127.0.0.1:${port}`, deviceId: 'device-1', trust, stateDir, pollIntervalMs: 100, faults: [] });
}

const RESTART_OR_CONFIG = ['CAP-002', 'DS-027', 'DS-028', 'DS-039', 'DS-041', 'ID-021', 'ID-022', 'POLL-002', 'POLL-003', 'ST-008'];

describe('runDevice attached mode (--mock-wfm-port)', () => {
  it.concurrent.each<EditionId>(['1.0.0-rc.3', 'preview-1'])('certifies a device started by hand (%s), skipping only restart and configuration scenarios and unclaimed features', async (edition) => {
    // Concurrent rows: each has its own directory (the shared one belongs to the sequential tests).
    const own = await mkdtemp(join(tmpdir(), 'margo-attached-'));
    const port = await freePort();
    const pkiDir = join(own, 'pki');
    const run = runDevice({ profile: 'device-compose', edition: EDITIONS[edition], mockWfmPort: port, mockWfmPki: pkiDir });
    const device = await startByHand(edition, port, pkiDir, join(own, 'state'));
    try {
      const results = await run;
      const notClaimed = (r: { message: string }) => r.message.startsWith('Not applicable: the device does not claim');
      const skipped = results.results.filter((r) => r.outcome === 'skip' && !notClaimed(r));
      expect({
        verdict: results.verdict,
        errors: results.errors.map((e) => e.message),
        undecided: results.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => `${r.requirement} ${r.outcome}: ${r.message}`),
        skipped: [...new Set(skipped.map((r) => r.requirement))].sort(),
        reasons: [...new Set(skipped.map((r) => r.message))],
        notClaimed: [...new Set(results.results.filter(notClaimed).map((r) => r.requirement))].sort(),
      }).toEqual({
        verdict: 'conformant',
        errors: [],
        undecided: [],
        skipped: RESTART_OR_CONFIG.filter((id) => results.results.some((r) => r.requirement === id)),
        reasons: ['Not decided: the device was started by hand (--mock-wfm-port); restart and configuration changes need --sut-command or --sut-image.'],
        notClaimed: loadDeviceFeatures().filter((feature) => feature.editions.includes(edition)).flatMap((feature) => feature.requirements).sort(),
      });
    } finally {
      await device.stop();
      await rm(own, { recursive: true, force: true });
    }
  }, 120_000);

  it('keeps the trust material of a directory that already holds it', async () => {
    const pkiDir = join(dir, 'pki');
    const first = runDevice({ profile: 'device-helm', edition: EDITIONS['1.0.0-rc.3'], mockWfmPort: await freePort(), mockWfmPki: pkiDir, connectTimeoutMs: 50 });
    await first;
    const before = await readFile(join(pkiDir, STABLE_PKI_FILES.svid.cert), 'utf8');
    await runDevice({ profile: 'device-helm', edition: EDITIONS['1.0.0-rc.3'], mockWfmPort: await freePort(), mockWfmPki: pkiDir, connectTimeoutMs: 50 });
    expect(await readFile(join(pkiDir, STABLE_PKI_FILES.svid.cert), 'utf8')).toBe(before);
  });

  it('gives verdict error when no device connects in time', async () => {
    const port = await freePort();
    const results = await runDevice({ profile: 'device-compose', edition: EDITIONS['1.0.0-rc.3'], mockWfmPort: port, mockWfmPki: join(dir, 'pki'), connectTimeoutMs: 300 });
    expect({ verdict: results.verdict, errors: results.errors.map((e) => e.message.replaceAll(dir, '<dir>')) }).toEqual({
      verdict: 'error',
      errors: [
        `no device connected to https://127.0.0.1:${port} within 300 ms; start it with --edition 1.0.0-rc.3 --wfm-url https://127.0.0.1:${port} --trust-bundle <dir>/pki/trust-bundle.pem --svid-cert <dir>/pki/svid.pem --svid-key <dir>/pki/svid.key (reference/device/README.md, launch contract)`,
      ],
    });
  });
});
