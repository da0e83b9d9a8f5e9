import { it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { runWfm } from '../runs/run-wfm.js';
import { startWfm } from '../../reference/wfm/start-wfm.js';

it('probe err-006 with the CLI rate limit', async () => {
  const launcher = (pki: any) => ({
    describe: () => 'ref default limit',
    async start() {
      const stateDir = await mkdtemp(join(tmpdir(), 'margo-wfm-state-'));
      const running = await startWfm({ edition: '1.0.0-rc.3', tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem }, trustDomain: pki.trustDomain, wfmId: pki.wfmId, stateDir, faults: [] } as any);
      return { url: running.url, controlUrl: running.controlUrl, logs: () => '', async stop() { await running.close(); } };
    },
  });
  const results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], launcher: launcher as any, catalog: loadCatalog(), only: ['ERR-006'] });
  for (const r of results.results) console.log(`${r.requirement} ${r.check} ${r.outcome}: ${r.message.slice(0, 400)}`);
}, 120_000);
