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

  // What the protocol profile makes of each. desired-state-cache-without-client is NOT invisible to it:
  // with its 250 ms cache keyed by manifestVersion alone the profile fails DS-015 (bundle and deployment
  // digests), every time; the cause is not yet pinned down. Until the fault is narrowed to
  // cross-client sharing only, this row records that, so a change either way shows here.
  it.each([
    ['desired-state-cache-without-client', ['DS-015'], 'non-conformant'],
    ['etag-cache-without-client', [], 'conformant'],
    ['status-dropped-under-contention', [], 'conformant'],
  ] as const)('with %s the profile fails %j (%s)', async (fault, failing, verdict) => {
    const results = await runWfm({ edition: EDITIONS[edition], launcher: inProcessReference({ edition, faults: [fault] }), catalog });
    expect({ failing: results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id), verdict: results.verdict }).toEqual({ failing: [...failing], verdict });
  }, 90_000);
});
