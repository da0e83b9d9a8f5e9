import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { runWfm } from '../runs/run-wfm.js';
import { inProcessReference } from '../self-test/in-process-wfm-launcher.js';
import { diffResults } from './diff-results.js';

describe('diffResults', () => {
  it("names exactly the fault's requirements as new failures between a clean and a faulty reference run", async () => {
    const only = ['DS-003', 'DS-005', 'DS-007'];
    const edition = EDITIONS['1.0.0-rc.3'];
    const clean = await runWfm({ edition, launcher: inProcessReference({ edition: edition.id }), only });
    const faulty = await runWfm({ edition, launcher: inProcessReference({ edition: edition.id, faults: ['no-304'] }), only });
    const diff = diffResults(clean, faulty);
    expect({ newFailures: diff.newFailures, fixed: diff.fixed, changed: diff.changed, back: diffResults(faulty, clean).fixed }).toEqual({
      newFailures: ['DS-007'],
      fixed: [],
      changed: [{ id: 'DS-007', a: 'pass', b: 'fail' }],
      back: ['DS-007'],
    });
  }, 60_000);
});
