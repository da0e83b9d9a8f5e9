import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import type { EditionId } from '../../core/catalog/types.js';
import type { RunResults } from '../../core/results/model.js';
import { runDevice } from '../runs/run-device.js';
import { loadDeviceFeatures, loadProfiles, requirementsInScope } from '../../core/profiles/profile.js';
import { DEVICE_FAULTS } from '../../reference/device/faults.js';
import { inProcessDevice } from './in-process-device.js';

const EDITION_IDS: EditionId[] = ['1.0.0-rc.3', 'preview-1'];
const PROFILES = ['device-compose', 'device-helm'];
/**
 * Runs at once across the whole file. Each run keeps ~20 scenarios polling every 100 ms; more than this
 * on a two-core machine makes the devices miss the scenarios' deadlines.
 */
const PARALLEL_RUNS = 4;
const catalog = loadCatalog();
const slots = createLimiter(PARALLEL_RUNS);

const FEATURES = loadDeviceFeatures();

/**
 * In-process devices share this process's event loop with every other run of the file, which the CPU probe
 * of the calibration does not see: the deadlines are widened by hand, as a lab would with --time-scale.
 */
const TIME_SCALE = 3;

const run = (profile: string, edition: EditionId, faults: string[] = [], features: string[] = []): Promise<RunResults> =>
  slots(() => runDevice({ profile, edition: EDITIONS[edition], launcher: inProcessDevice({ faults }), catalog, features, timeScale: TIME_SCALE }));

/** The features of an edition: a clean run claims them all, so their scenarios run against the reference too. */
const featuresOf = (edition: EditionId) => FEATURES.filter((feature) => feature.editions.includes(edition)).map((feature) => feature.id);
/** A fault that breaks a feature's requirement shows only when that feature is claimed. */
const featuresBrokenBy = (breaks: readonly string[]) => FEATURES.filter((feature) => feature.requirements.some((id) => breaks.includes(id))).map((feature) => feature.id);

function createLimiter(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/** What a run says: the requirements that failed, and anything that could not be decided (must be none). */
const verdictOf = (results: RunResults) => ({
  failing: [...new Set(results.results.filter((r) => r.outcome === 'fail').map((r) => r.requirement))].sort(),
  errors: [...results.errors.map((e) => e.message), ...results.results.filter((r) => r.outcome === 'error').map((r) => `${r.requirement}: ${r.message}`)],
});

/** A fault's expected failures in an edition on a profile: its `breaks` narrowed to the profile's scope in that edition. */
function expectedBreaks(breaks: readonly string[], edition: EditionId, profile = 'device-compose'): string[] {
  const rows = new Set(requirementsInScope(catalog, loadProfiles().find((p) => p.id === profile)!, edition).map((row) => row.id));
  return breaks.filter((id) => rows.has(id)).sort();
}

describe.concurrent.each(EDITION_IDS)('device suite self-test (%s)', (edition) => {
  it('passes the reference device on both device profiles with no fail and no error', async () => {
    const verdicts = await Promise.all(PROFILES.map(async (profile) => [profile, verdictOf(await run(profile, edition, [], featuresOf(edition)))] as const));
    expect(Object.fromEntries(verdicts)).toEqual(Object.fromEntries(PROFILES.map((profile) => [profile, { failing: [], errors: [] }])));
  });

  it('catches every device fault on exactly its declared requirements', async () => {
    // Faults that show only on Wasm deployments are device-wasm-self-test.test.ts's business.
    const faults = DEVICE_FAULTS.filter((fault) => (!('editions' in fault) || (fault.editions as readonly EditionId[]).includes(edition)) && expectedBreaks(fault.breaks, edition).length > 0);
    const actual = await Promise.all(faults.map(async (fault) => [fault.id, verdictOf(await run('device-compose', edition, [fault.id], featuresBrokenBy(fault.breaks)))] as const));
    const byId = (verdict: { failing: string[]; errors: string[] }) => ({ failing: verdict.failing, errors: [...new Set(verdict.errors.map((e) => e.split(':')[0] ?? e))].sort() });
    expect(Object.fromEntries(actual.map(([id, verdict]) => [id, byId(verdict)]))).toEqual(Object.fromEntries(faults.map((fault) => [fault.id, { failing: expectedBreaks(fault.breaks, edition), errors: [] }])));
  });

  it('gives the same verdicts when run again', async () => {
    const verdicts = (results: RunResults) => results.results.map((r) => `${r.check} ${r.requirement} ${r.outcome}`);
    const [first, second] = await Promise.all([run('device-helm', edition), run('device-helm', edition)]);
    expect(verdicts(second)).toEqual(verdicts(first));
  });
}, 900_000);

describe('device features', () => {
  it('skips the requirements of a feature the device does not claim, with the reason, without starting a device', async () => {
    const results = await runDevice({ profile: 'device-compose', edition: EDITIONS['1.0.0-rc.3'], launcher: inProcessDevice(), catalog, only: ['TB-005', 'DEV-013'] });
    expect(results.results.map((r) => [r.requirement, r.outcome, r.message.split(':')[0]])).toEqual([
      ['DEV-013', 'skip', 'Not applicable'],
      ['TB-005', 'skip', 'Not applicable'],
    ]);
  });

  it('refuses a feature the edition does not have', async () => {
    await expect(runDevice({ profile: 'device-compose', edition: EDITIONS['preview-1'], launcher: inProcessDevice(), catalog, features: ['gateway'] })).rejects.toThrow('Device feature "gateway" exists only in 1.0.0-rc.3, not in preview-1.');
  });
});
