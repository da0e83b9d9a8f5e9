import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { loadOrCreateStablePki, STABLE_PKI_FILES } from '../../core/identity/stable-pki.js';
import { runWfm } from './run-wfm.js';
import { main } from '../cli/main.js';
import { startWfm } from '../../reference/wfm/start-wfm.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margo-target-pki-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a running WFM configured with the kept PKI (pki --out, run --target --pki)', () => {
  it('writes the WFM SVID and trust bundle once, and keeps them for the next run', async () => {
    let stdout = '';
    const code = await main(['pki', '--out', join(dir, 'pki')], { stdout: (text) => (stdout += text), stderr: () => undefined, env: {}, color: false });
    expect([code, stdout.split('\n')[0]]).toEqual([0, `Wrote the test PKI of trust domain margo.test in ${join(dir, 'pki')}.`]);
    expect(stdout).toContain('rc.3 its SVID spiffe://margo.test/margo/wfm/wfm-1');
    expect(((await stat(join(dir, 'pki', STABLE_PKI_FILES.wfm.key))).mode & 0o777).toString(8)).toBe('600');
    const again = await loadOrCreateStablePki(join(dir, 'pki'));
    expect([again.created, again.pki.wfm.certPem]).toEqual([false, await readFile(join(dir, 'pki', STABLE_PKI_FILES.wfm.cert), 'utf8')]);
  });

  it.each<EditionId>(['1.0.0-rc.3', 'preview-1'])('certifies that WFM by --target (%s): it serves the kept certificate and trusts the kept anchors', async (edition) => {
    const pkiDir = join(dir, 'pki');
    const read = (name: string) => readFile(join(pkiDir, name), 'utf8');
    // What a vendor does once: configure the WFM with the files `pki --out` wrote.
    const wfm = await startWfm({ edition, tls: { certPem: await read(STABLE_PKI_FILES.wfm.cert), keyPem: await read(STABLE_PKI_FILES.wfm.key), caPem: await read(STABLE_PKI_FILES.svid.bundle) } });
    try {
      const results = await runWfm({ edition: EDITIONS[edition], target: wfm.url, control: wfm.controlUrl, pkiDir });
      expect({ verdict: results.verdict, errors: results.errors, failed: results.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => `${r.requirement}: ${r.message}`) }).toEqual({ verdict: 'conformant', errors: [], failed: [] });
      expect(results.run.command).toContain(`--pki ${pkiDir}`);
      // Without it, the suite's fresh PKI is one the WFM never saw: the kit refuses the WFM's certificate, which decides nothing.
      const fresh = await runWfm({ edition: EDITIONS[edition], target: wfm.url, control: wfm.controlUrl, only: ['DS-005'] });
      expect([fresh.verdict, fresh.results[0]?.message]).toEqual(['error', expect.stringContaining("the kit refused the WFM's TLS certificate (unable to get local issuer certificate), so this could not be decided")]);
    } finally {
      await wfm.close();
    }
  }, 60_000);
});
