import { describe, expect, it } from 'vitest';
import { composeChecks } from '../suites/compose/index.js';
import { helmChecks } from '../suites/helm/index.js';
import { PACKAGE_CHECKS } from '../suites/package-format/index.js';
import { loadProfiles, requirementsInScope } from '../core/profiles/profile.js';
import { catalogProblems, loadCatalog } from '../core/catalog/load-catalog.js';
import { EDITION_IDS } from '../core/catalog/types.js';

const catalog = loadCatalog();
const ids = new Set(catalog.requirements.map((r) => r.id));
const covered = new Set([...PACKAGE_CHECKS, ...composeChecks(), ...helmChecks()].flatMap((check) => check.requirements));

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
