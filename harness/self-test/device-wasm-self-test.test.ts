import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { RunResults } from '../../core/results/model.js';
import { runDevice } from '../runs/run-device.js';
import { DEVICE_FAULTS } from '../../reference/device/faults.js';
import { inProcessDevice } from './in-process-device.js';

const catalog = loadCatalog();
const run = (faults: string[] = []): Promise<RunResults> => runDevice({ profile: 'device-wasm', edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessDevice({ faults }), catalog });

const verdictOf = (results: RunResults) => ({
  failing: [...new Set(results.results.filter((r) => r.outcome === 'fail').map((r) => r.requirement))].sort(),
  errors: [...results.errors.map((e) => e.message), ...results.results.filter((r) => r.outcome === 'error').map((r) => `${r.requirement}: ${r.message}`)],
});

/** The faults of the Wasm runtime: every requirement they break is a WASM row. */
const WASM_FAULTS = DEVICE_FAULTS.filter((fault) => fault.breaks.every((id) => id.startsWith('WASM-')));

describe.concurrent('device suite self-test (device-wasm, 1.0.0-rc.3)', () => {
  it('passes the reference device with no fail and no error, deciding every WASM device row', async () => {
    const results = await run();
    const decided = results.results.filter((r) => r.requirement.startsWith('WASM-') && r.outcome === 'pass').map((r) => r.requirement);
    expect({ ...verdictOf(results), decided: [...new Set(decided)].sort() }).toEqual({
      failing: [],
      errors: [],
      decided: ['WASM-013', 'WASM-014', 'WASM-015', 'WASM-016', 'WASM-017', 'WASM-018', 'WASM-019'],
    });
  });

  // device-wasm raises its WASM device rows to core (profiles/device-wasm.yaml), so a device that cannot pull or run Wasm is non-conformant.
  it('catches every Wasm runtime fault on exactly its declared requirements, as non-conformant', async () => {
    const actual = await Promise.all(WASM_FAULTS.map(async (fault) => { const results = await run([fault.id]); return [fault.id, { ...verdictOf(results), verdict: results.verdict }] as const; }));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(WASM_FAULTS.map((fault) => [fault.id, { failing: [...fault.breaks].sort(), errors: [], verdict: 'non-conformant' }])));
  });

  it('refuses to run on preview-1, which has no custom deployment type', async () => {
    await expect(runDevice({ profile: 'device-wasm', edition: EDITIONS['preview-1'], launcher: inProcessDevice(), catalog })).rejects.toThrow(
      'Profile device-wasm certifies custom deployments, which preview-1 does not have. Run it with --spec-version 1.0.0-rc.3.',
    );
  });
}, 120_000);
