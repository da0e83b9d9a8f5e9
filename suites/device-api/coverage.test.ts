import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { loadDeviceFeatures } from '../../core/profiles/profile.js';
import { DEVICE_CHECKS } from './index.js';

const catalog = loadCatalog();
const covered = new Set(DEVICE_CHECKS.flatMap((check) => check.requirements));
/** The client-side areas of the management interface (requirements sections 3.x and 4) this suite certifies. */
const AREAS = ['CAP', 'DS', 'ST', 'SIG', 'ID', 'POLL', 'DEV', 'TB', 'ERR', 'API'];

describe('device suite coverage', () => {
  it('decides every black-box client requirement with a scenario, or the catalog note says why not', () => {
    const silent = catalog.requirements
      .filter((row) => AREAS.includes(row.id.split('-')[0] ?? '') && row.subjects.includes('device') && row.testability === 'black-box' && row.editions.length > 0)
      .filter((row) => !covered.has(row.id) && !row.note)
      .map((row) => row.id);
    expect(silent).toEqual([]);
  });

  it('has a feature list naming only device requirements of its editions, each decided by a scenario', () => {
    const byId = new Map(catalog.requirements.map((row) => [row.id, row]));
    const wrong = loadDeviceFeatures().flatMap((feature) =>
      feature.requirements.filter((id) => {
        const row = byId.get(id);
        return !row || !row.subjects.includes('device') || !feature.editions.every((edition) => row.editions.includes(edition)) || !covered.has(id);
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps every check of a feature inside that feature, so an unclaimed feature skips whole checks', () => {
    const featureOf = new Map(loadDeviceFeatures().flatMap((feature) => feature.requirements.map((id) => [id, feature.id] as const)));
    const mixed = DEVICE_CHECKS.filter((check) => new Set(check.requirements.map((id) => featureOf.get(id) ?? 'none')).size > 1).map((check) => check.id);
    expect(mixed).toEqual([]);
  });
});
