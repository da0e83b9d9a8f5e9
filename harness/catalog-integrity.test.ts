import { describe, expect, it } from 'vitest';
import { composeChecks } from '../suites/compose/index.js';
import { helmChecks } from '../suites/helm/index.js';
import { PACKAGE_CHECKS } from '../suites/package-format/index.js';
import { loadProfiles, requirementsInScope } from '../core/profiles/profile.js';
import { runChecks } from '../core/runner/run-checks.js';
import { CHECK_SETS, checksOf } from './check-sets.js';
import { catalogProblems, loadCatalog } from '../core/catalog/load-catalog.js';
import { EDITION_IDS } from '../core/catalog/types.js';

const catalog = loadCatalog();
const ids = new Set(catalog.requirements.map((r) => r.id));
const covered = new Set([...(await checksOf(loadProfiles().find((p) => p.id === 'application-package')!)), ...composeChecks(), ...helmChecks()].flatMap((check) => check.requirements));

/** Static package requirements no check decides yet, each with the issue that will add its check. */
const PENDING: Record<string, string> = {};

describe('requirement catalog', () => {
  it('has no malformed rows', () => {
    expect(catalogProblems(catalog)).toEqual([]);
  });

  it('gives every requirement a unique ID', () => {
    expect(ids.size).toBe(catalog.requirements.length);
  });

  it('names only catalog requirements in the package checks', () => {
    expect([...covered].filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(Object.keys(CHECK_SETS))('names only catalog requirements in every check of the %s check set', async (name) => {
    const unknown = (await CHECK_SETS[name]!()).flatMap((check) => check.requirements.filter((id) => !ids.has(id)).map((id) => `${check.id}: ${id}`));
    expect(unknown).toEqual([]);
  });

  it('gives every check a unique ID across all check sets', async () => {
    const all = (await Promise.all(Object.values(CHECK_SETS).map((set) => set()))).flat().map((check) => check.id);
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
  });

  it.each(loadProfiles().map((p) => p.id))('resolves every check set the %s profile names', async (id) => {
    const profile = loadProfiles().find((p) => p.id === id)!;
    expect((await checksOf(profile)).length).toBeGreaterThan(0);
  });

  it('stops a run whose check declares a requirement the catalog does not have, instead of dropping the check', async () => {
    const typo = { id: 'test/typo', title: 'typo', requirements: ['DS-9999'], run: () => [] };
    await expect(runChecks({ checks: [typo], context: {}, inScope: new Set(['DS-9999']), known: ids })).rejects.toThrow('check test/typo declares DS-9999, which the requirement catalog does not have');
  });

  it('has each package check cover at least one requirement of some edition', () => {
    const profile = loadProfiles().find((p) => p.id === 'application-package');
    const inAnyScope = new Set(EDITION_IDS.flatMap((edition) => requirementsInScope(catalog, profile!, edition).map((r) => r.id)));
    expect(PACKAGE_CHECKS.filter((check) => !check.requirements.some((id) => inAnyScope.has(id))).map((c) => c.id)).toEqual([]);
  });

  it('covers every static package requirement with a check or a pending entry naming its issue', () => {
    const uncovered = catalog.requirements
      .filter((r) => r.testability === 'static' && r.subjects.includes('package') && r.editions.length > 0)
      .filter((r) => !covered.has(r.id) && !(r.id in PENDING))
      .map((r) => r.id);
    expect(uncovered).toEqual([]);
  });

  it('keeps pending entries only for requirements that still lack a check', () => {
    expect(Object.keys(PENDING).filter((id) => covered.has(id) || !ids.has(id))).toEqual([]);
  });
});
