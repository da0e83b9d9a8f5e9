import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { runDevice } from '../runs/run-device.js';
import { inProcessDevice } from './in-process-device.js';

const catalog = loadCatalog();

/**
 * Faults a suite used to catch only through a wait that expired. A missed deadline is no longer a `fail`
 * (issue 12), so each must still fail on the traffic that proves it: its own polling cycles, a refetch,
 * a refresh long past due, discovery started over.
 */
const ROWS: Array<{ fault: string; profile: string; only: string[]; features?: string[] }> = [
  { fault: 'never-resends-capabilities', profile: 'device-compose', only: ['CAP-002'] },
  { fault: 'uses-size-bytes-for-integrity', profile: 'device-compose', only: ['DS-019'] },
  { fault: 'keeps-unlisted-deployments', profile: 'device-compose', only: ['DS-028'] },
  { fault: 'keeps-unlisted-deployments', profile: 'device-wasm', only: ['WASM-018'] },
  { fault: 'honours-bundle-cache-control', profile: 'device-compose', only: ['TB-010'], features: ['trust-bundle-api'] },
  { fault: 'rejects-unknown-bundle-fields', profile: 'device-compose', only: ['TB-001'], features: ['trust-bundle-api'] },
];

describe.concurrent('faults proven by traffic, not by an expired deadline', () => {
  for (const row of ROWS) {
    it(`${row.fault} fails ${row.only.join(', ')} on ${row.profile}, citing traffic`, async () => {
      const results = await runDevice({ profile: row.profile, edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessDevice({ faults: [row.fault] }), catalog, only: row.only, timeScale: 1, ...(row.features ? { features: row.features } : {}) });
      const decided = results.results.filter((r) => row.only.includes(r.requirement)).map((r) => ({ requirement: r.requirement, outcome: r.outcome, cites: (r.findings[0]?.location ?? r.findings[0]?.observed) !== undefined }));
      // Several checks may decide a row (DS-028: lifecycle, several deployments, restart): one fails on traffic, none is left undecided.
      const failing = [...new Set(decided.filter((d) => d.outcome === 'fail' && d.cites).map((d) => d.requirement))].sort();
      expect({ failing, undecided: decided.filter((d) => d.outcome !== 'fail' && d.outcome !== 'pass'), errors: results.errors }).toEqual({ failing: [...row.only].sort(), undecided: [], errors: [] });
    }, 120_000);
  }
});
