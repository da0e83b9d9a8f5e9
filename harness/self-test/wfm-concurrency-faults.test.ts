import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { EditionId } from '../../core/catalog/types.js';
import { WFM_FAULTS } from '../../reference/wfm/faults.js';
import { runWfm } from '../runs/run-wfm.js';
import { inProcessReference } from './in-process-wfm-launcher.js';

// Issue 16: the concurrency faults only show under fleet load. The protocol profile (one client at a
// time) must not see them: it stays conformant with each enabled, which is why `fleet` exists
// (harness/runs/run-fleet.test.ts shows fleet catches each on its declared requirements).
const catalog = loadCatalog();
const edition: EditionId = '1.0.0-rc.3';
const concurrency = WFM_FAULTS.filter((fault) => 'caughtBy' in fault && fault.caughtBy === 'fleet').map((fault) => fault.id);

describe('run --profile wfm against the concurrency faults (rc.3)', () => {
  it('knows the three concurrency faults', () => {
    expect(concurrency).toEqual(['desired-state-cache-without-client', 'etag-cache-without-client', 'status-dropped-under-contention']);
  });

  it.each(concurrency)('does not catch %s: zero fail, verdict conformant', async (fault) => {
    const results = await runWfm({ edition: EDITIONS[edition], launcher: inProcessReference({ edition, faults: [fault] }), catalog });
    expect({ failing: results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id), verdict: results.verdict }).toEqual({ failing: [], verdict: 'conformant' });
  }, 90_000);
});
