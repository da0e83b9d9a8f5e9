import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { EditionId } from '../../core/catalog/types.js';
import { WFM_FAULTS } from '../../reference/wfm/faults.js';
import { runWfm } from '../runs/run-wfm.js';
import { inProcessReference } from './in-process-wfm-launcher.js';

// Issue 16: the concurrency faults should only show under fleet load, and the protocol profile (one
// client at a time) should not see them; harness/runs/run-fleet.test.ts shows fleet catches each on its
// declared requirements. This file records what `run --profile wfm` makes of each.
const catalog = loadCatalog();
const edition: EditionId = '1.0.0-rc.3';
const concurrency = WFM_FAULTS.filter((fault) => 'caughtBy' in fault && fault.caughtBy === 'fleet').map((fault) => fault.id);

describe('run --profile wfm against the concurrency faults (rc.3)', () => {
  it('knows the three concurrency faults', () => {
    expect(concurrency).toEqual(['desired-state-cache-without-client', 'etag-cache-without-client', 'status-dropped-under-contention']);
  });

  // What the protocol profile makes of each, as observed 2026-12-07: never a fault's declared
  // requirements, but, depending on timing, ID-020 (its SVID-renewal check polls with two identities of
  // one client within the faults' 250 ms cache window) and DS-015 (desired-state cache only; cause not
  // pinned down). So two of the three are not yet pure concurrency faults; what is stable is asserted.
  it.each(WFM_FAULTS.filter((fault) => concurrency.includes(fault.id)).map((fault) => ({ id: fault.id, breaks: [...fault.breaks] as string[] })))(
    'with $id the profile fails none of $breaks, as the protocol profile does not run devices concurrently',
    async ({ id, breaks }) => {
      const results = await runWfm({ edition: EDITIONS[edition], launcher: inProcessReference({ edition, faults: [id] }), catalog });
      const failing = results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id);
      // Only the declared rows are asserted: the faults' cache windows can make other checks that poll twice
      // within 250 ms fail by timing (DS-014, DS-015, ID-020 seen), which proves nothing about the fault's own rows.
      expect(failing.filter((r) => breaks.includes(r))).toEqual([]);
    },
    90_000,
  );
});
