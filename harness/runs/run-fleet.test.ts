import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { RunResults } from '../../core/results/model.js';
import { inProcessReference } from '../self-test/in-process-wfm-launcher.js';
import { runFleet } from './run-fleet.js';
import type { FleetSimulation } from '../../instruments/fleet-simulator/index.js';

// Correctness with a small fleet, on a machine other work keeps busy: the schedule may slip by a second
// (the WFM shares this process's event loop) without the run being called behind.
const SMALL = { devices: 40, pollIntervalMs: 500, durationMs: 4000, rampMs: 1000, sampleShare: 0.5, seed: 'fleet-test', lagLimitMs: 1000 };

function outcomes(results: RunResults): Record<string, string> {
  return Object.fromEntries(results.requirements.map((r) => [r.id, r.outcome]));
}

describe('runFleet against the reference WFM', () => {
  it.each([
    ['1.0.0-rc.3', { 'API-001': 'pass', 'DS-005': 'pass', 'DS-007': 'pass', 'DS-030': 'pass', 'ERR-006': 'indeterminate', 'ID-003': 'pass', 'ST-009': 'pass' }],
    ['preview-1', { 'API-001': 'pass', 'DS-005': 'pass', 'DS-007': 'pass', 'ST-009': 'pass' }],
  ] as const)('passes a clean %s reference WFM with evidence for every pass', async (edition, expected) => {
    const results = await runFleet({ ...SMALL, edition: EDITIONS[edition], launcher: inProcessReference({ edition }) });
    expect(results.errors).toEqual([]);
    expect(outcomes(results)).toEqual(expected);
    const ids = new Set((results.traffic ?? []).map((t) => t.id));
    for (const result of results.results.filter((r) => r.outcome === 'pass')) {
      const cited = result.findings.flatMap((f) => f.observed ?? []);
      expect(cited.length).toBeGreaterThan(0);
      for (const ref of cited) expect(ref.kind === 'traffic' && ids.has(ref.id)).toBe(true);
    }
    const figure = (name: string) => results.measurements?.figures.find((f) => f.name === name)?.value;
    expect(figure('devices simulated')).toBe(40);
  });

  // Each concurrency fault on its declared requirements; the other fleet requirements keep passing.
  it.each([
    ['desired-state-cache-without-client', ['DS-030', 'ID-003']],
    ['etag-cache-without-client', ['DS-005']],
    ['status-dropped-under-contention', ['ST-009']],
  ] as const)('catches the %s fault on %s', async (fault, breaks) => {
    const results = await runFleet({ ...SMALL, edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessReference({ edition: '1.0.0-rc.3', faults: [fault] }) });
    const failed = results.requirements.filter((r) => r.outcome === 'fail').map((r) => r.id);
    expect(failed).toEqual([...breaks]);
    for (const result of results.results.filter((r) => r.outcome === 'fail')) expect(result.findings[0]?.observed?.[0]?.kind).toBe('traffic');
  });
});

describe('fleet shards', () => {
  // Findings as data a shard split must not change: which check decided which requirement how (a merge keeps every shard's findings).
  const findingsOf = (results: RunResults) => [...new Set(results.results.flatMap((r) => r.findings.map((f) => `${r.check} ${f.requirement} ${f.outcome}`)))].sort();

  it.each([
    ['a clean WFM', []],
    ['a WFM that caches desired state without the client', ['desired-state-cache-without-client']],
  ] as const)('four shards plus merge cover the same devices with the same findings as one process, against %s', async (_, faults) => {
    const { mergeFleetResults } = await import('./run-fleet.js');
    const { startWfm } = await import('../../reference/wfm/start-wfm.js');
    const { createTestPki } = await import('../../core/identity/index.js');
    const edition = EDITIONS['1.0.0-rc.3'];
    const coverage = (simulations: FleetSimulation[]) => ({
      simulated: simulations.flatMap((s) => s.devices.map((d) => d.name)).sort(),
      polled: simulations.flatMap((s) => s.polled).sort(),
    });
    const alone: FleetSimulation[] = [];
    const whole = await runFleet({ ...SMALL, edition, launcher: inProcessReference({ edition: edition.id, faults: [...faults] }), observe: (s) => alone.push(s) });
    // The shards share one WFM and one PKI, as pods of an Indexed Job would.
    const pki = await createTestPki();
    const wfm = await startWfm({ edition: edition.id, tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem }, trustDomain: pki.trustDomain, wfmId: pki.wfmId, faults: [...faults] });
    try {
      const parts: FleetSimulation[] = [];
      const shards = await Promise.all([0, 1, 2, 3].map((index) => runFleet({ ...SMALL, edition, target: wfm.url, control: wfm.controlUrl, pki, shard: { index, count: 4 }, observe: (s) => parts.push(s) })));
      const merged = mergeFleetResults(shards);
      const wholeCoverage = coverage(alone);
      expect(wholeCoverage.simulated).toEqual(Array.from({ length: 40 }, (_, i) => `fleet-test-d${i}`).sort());
      expect(wholeCoverage.polled).toEqual(wholeCoverage.simulated);
      expect(coverage(parts)).toEqual(wholeCoverage);
      // Disjoint: no device simulated by two shards.
      expect(new Set(coverage(parts).simulated).size).toBe(40);
      const simulated = (r: RunResults) => r.measurements?.figures.find((f) => f.name === 'devices simulated')?.value;
      expect(simulated(merged)).toBe(40);
      expect(outcomes(merged)).toEqual(outcomes(whole));
      expect(findingsOf(merged)).toEqual(findingsOf(whole));
      if (faults.length > 0) expect(findingsOf(whole).some((f) => f.endsWith(' fail'))).toBe(true);
    } finally {
      await wfm.close();
    }
  }, 180_000);
});
