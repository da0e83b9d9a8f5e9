import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { Catalog, EditionId } from '../../core/catalog/types.js';
import type { RunResults } from '../../core/results/model.js';
import { runWfm } from '../runs/run-wfm.js';
import type { DeploymentShape } from '../../reference/wfm/desired/render-deployment.js';
import { WFM_FAULTS } from '../../reference/wfm/faults.js';
import { inProcessReference } from './in-process-wfm-launcher.js';

function run(catalog: Catalog, edition: EditionId, faults: string[] = [], deploymentShape?: DeploymentShape): Promise<RunResults> {
  return runWfm({ edition: EDITIONS[edition], launcher: inProcessReference({ edition, faults, ...(deploymentShape ? { deploymentShape } : {}) }), catalog });
}

const failing = (results: RunResults) => results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id);
const verdicts = (results: RunResults) => results.requirements.map((r) => `${r.id}:${r.outcome}`);

/**
 * The suite against the reference WFM in one edition: clean it passes with zero fail and zero error;
 * with each fault of `reference/wfm/faults.ts` the failing requirements are exactly the fault's
 * `breaks` narrowed to the edition's rows; a second clean run decides the same way. One file per edition, so
 * vitest runs the editions in parallel. `deploymentShape` runs the same against the reference writing another
 * conformant ApplicationDeployment shape (preview-1: the 1.0.0 OpenAPI's, DS-035).
 */
export function describeSelfTest(edition: EditionId, deploymentShape?: DeploymentShape): void {
  const catalog = loadCatalog();
  const inScope = new Set(catalog.requirements.filter((r) => r.editions.includes(edition)).map((r) => r.id));
  // Concurrency faults (caughtBy: fleet) are the fleet run's to catch: harness/runs/run-fleet.test.ts.
  const faults = WFM_FAULTS.filter((fault) => !('caughtBy' in fault) && (!('editions' in fault) || (fault.editions as readonly EditionId[]).includes(edition))).map((fault) => ({
    id: fault.id,
    breaks: [...fault.breaks].filter((id) => inScope.has(id)).sort(),
  }));

  describe(`the WFM profile against the reference WFM (${edition}${deploymentShape ? `, ${deploymentShape} deployments` : ''})`, () => {
    it('passes with zero fail and zero error, and decides the same way twice', async () => {
      const first = await run(catalog, edition, [], deploymentShape);
      const problems = first.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => `${r.requirement} ${r.outcome}: ${r.message}`);
      expect(problems).toEqual([]);
      expect(first.verdict).toBe('conformant');
      expect(verdicts(await run(catalog, edition, [], deploymentShape))).toEqual(verdicts(first));
      // Two full runs: on a loaded 2-core machine (two edition files at once) they can pass 30 s.
    }, 90_000);

    // One run per fault keeps `npm test` short; repeatability is shown by the clean run above.
    it.each(faults)('with fault $id fails exactly $breaks', async ({ id, breaks }) => {
      const results = await run(catalog, edition, [id], deploymentShape);
      expect({ failing: failing(results), verdict: results.verdict }).toEqual({ failing: breaks, verdict: 'non-conformant' });
      // One full run; its deadlines widen with the machine's load (the calibrated time scale), so the row's bound does too.
    }, 180_000);
  });
}
