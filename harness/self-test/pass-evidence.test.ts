import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { RunResults, TrafficRecord } from '../../core/results/model.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { runCompose } from '../runs/run-compose.js';
import { runDevice } from '../runs/run-device.js';
import { runPackage } from '../runs/run-package.js';
import { runWfm } from '../runs/run-wfm.js';
import { inProcessDevice } from './in-process-device.js';
import { inProcessReference } from './in-process-wfm-launcher.js';
import { unprovenPasses } from './test-support/unproven-passes.js';

/**
 * No pass without evidence, for every kind of profile: each run against our own clean subject passes
 * something, and every pass cites what proves it (a file of the subject, or records of the traffic log).
 * The WFM and device runs are scoped with `only` to rows whose checks used to pass on nothing.
 */
const RUNS: { profile: string; run: () => Promise<RunResults> }[] = [
  { profile: 'application-package', run: () => runPackage({ path: fromPackageRoot('fixtures', 'packages', 'rc3', 'valid', 'line-monitor') }) },
  { profile: 'compose-security', run: () => runCompose({ path: fromPackageRoot('fixtures', 'compose', 'stacks', 'iot-telemetry', 'deploy', 'edge', 'compose.yaml') }) },
  {
    profile: 'wfm',
    run: () =>
      runWfm({
        edition: EDITIONS['1.0.0-rc.3'],
        launcher: inProcessReference({ edition: '1.0.0-rc.3' }),
        only: ['API-002', 'DS-006', 'DS-008', 'DS-009', 'DS-012', 'DS-013', 'DS-016', 'DS-017', 'ERR-001', 'ERR-002', 'ERR-004', 'ERR-005', 'ERR-008', 'TB-002', 'TB-006', 'TB-011', 'ID-007'],
      }),
  },
  { profile: 'device-compose', run: () => runDevice({ profile: 'device-compose', edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessDevice(), only: ['POLL-002', 'POLL-003', 'CAP-002', 'ERR-003', 'ERR-007'] }) },
];

describe('every pass has evidence', () => {
  it.each(RUNS)('$profile: every pass cites what proves it', async ({ run }) => {
    const results = await run();
    expect({ errors: results.errors, undecided: results.results.filter((r) => r.outcome === 'error').map((r) => `${r.requirement}: ${r.message}`) }).toEqual({ errors: [], undecided: [] });
    expect(results.results.filter((r) => r.outcome === 'pass').length).toBeGreaterThan(0);
    expect(unprovenPasses(results)).toEqual([]);
  }, 300_000);

  it('a WFM check cites the exchanges that prove its pass, never the control adapter set-up', async () => {
    const results = await runWfm({ edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessReference({ edition: '1.0.0-rc.3' }), only: ['DS-006', 'DS-008', 'DS-017', 'ERR-001', 'TB-006'] });
    const records = new Map((results.traffic ?? []).map((record) => [record.id, record]));
    const cited = (requirement: string) =>
      results.results
        .filter((r) => r.requirement === requirement)
        .flatMap((r) => r.observed ?? [])
        .map((ref) => (ref.kind === 'traffic' ? describeRecord(records.get(ref.id)) : `file ${ref.file}`));
    expect({
      'DS-006': cited('DS-006'),
      'DS-008': cited('DS-008'),
      'DS-017': cited('DS-017'),
      'TB-006': cited('TB-006'),
    }).toEqual({
      'DS-006': ['GET /api/v1/deployments', 'tls', 'GET /api/v1/deployments'],
      'DS-008': ['GET /api/v1/deployments', 'tls'],
      'DS-017': ['GET /api/v1/deployments', 'tls'],
      'TB-006': ['GET /.well-known/spiffe/bundle.json', 'tls'],
    });
    // ERR-001 stands on the provoked error responses alone.
    expect(cited('ERR-001').filter((line) => line !== 'tls' && !/^(GET|PUT|POST|DELETE) \/api\/v1\//.test(line))).toEqual([]);
  }, 120_000);
});

function describeRecord(record: TrafficRecord | undefined): string {
  if (!record) return 'missing';
  if (record.kind === 'tls') return 'tls';
  return `${record.request.method} ${new URL(record.request.url).pathname}`;
}
