import { it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { EditionId } from '../../core/catalog/types.js';
import { runWfm } from '../runs/run-wfm.js';
import { inProcessReference } from './in-process-wfm-launcher.js';

const ROWS = ['PKG-022', 'DS-035', 'DS-036', 'DS-013', 'DS-014', 'DS-022', 'ERR-004', 'ERR-006', 'API-008', 'ST-005'];
const edition = (process.env.PROBE_EDITION ?? '1.0.0-rc.3') as EditionId;
const faults = (process.env.PROBE_FAULTS ?? '').split(',').filter(Boolean);
it('probe', async () => {
  const results = await runWfm({ edition: EDITIONS[edition], launcher: inProcessReference({ edition, faults }), catalog: loadCatalog() });
  for (const r of results.results) if (ROWS.includes(r.requirement) || r.outcome === 'fail' || r.outcome === 'error') console.log(`${r.requirement} ${r.check} ${r.outcome} obs=${r.observed?.length ?? 0}: ${r.message.slice(0, 300)}`);
  console.log('FAILING', results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id).join(','), results.verdict);
}, 120_000);
