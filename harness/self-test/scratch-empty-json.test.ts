import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadOrCreateStablePki } from '../../core/identity/stable-pki.js';
import { runWfm } from '../runs/run-wfm.js';
import { startEmptyJsonWfm } from './hostile-servers/answers-empty-json.js';

it.each(['1.0.0-rc.3', 'preview-1'] as const)('scratch %s', async (edition) => {
  const pkiDir = await mkdtemp(join(tmpdir(), 'margo-scratch-'));
  const pki = (await loadOrCreateStablePki(pkiDir)).pki;
  const wfm = await startEmptyJsonWfm(EDITIONS[edition], pki);
  try {
    const t0 = Date.now();
    const results = await runWfm({ edition: EDITIONS[edition], target: wfm.url, control: wfm.controlUrl, pkiDir });
    console.log(edition, results.verdict, Date.now() - t0, 'ms', results.errors);
    for (const r of results.results) console.log(`${edition} ${r.requirement} ${r.outcome} ${r.check} obs=${r.observed?.length ?? 0} :: ${r.message.slice(0, 220)}`);
  } finally { await wfm.close(); await rm(pkiDir, { recursive: true, force: true }); }
}, 600_000);
