import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../catalog/editions.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { assembleResults } from '../results/assemble-results.js';
import type { CheckResult } from '../results/model.js';
import { loadProfile, loadProfiles, requirementsInScope, type Profile } from './profile.js';

const catalog = loadCatalog();
const edition = EDITIONS['1.0.0-rc.3'];

/** A run of `profile` where WASM-014 (pull and verify the artifact) failed and WASM-013 passed. */
function wasmRun(profile: Profile) {
  const scope = requirementsInScope(catalog, profile, edition.id).filter((row) => row.id === 'WASM-013' || row.id === 'WASM-014');
  const result = (requirement: string, outcome: 'pass' | 'fail'): CheckResult => ({
    check: 'device-api/wasm-deployments',
    checkTitle: 'Wasm deployments',
    requirement,
    outcome,
    message: `${requirement} ${outcome}`,
    findings: [{ requirement, outcome, message: `${requirement} ${outcome}`, observed: [{ kind: 'traffic', id: 't1' }] }],
    observed: [{ kind: 'traffic', id: 't1' }],
    durationMs: 1,
  });
  const at = new Date(0);
  return assembleResults({
    edition,
    profile,
    scope,
    areas: catalog.areas,
    subject: { kind: 'device', location: 'test' },
    results: [result('WASM-013', 'pass'), result('WASM-014', 'fail')],
    errors: [],
    startedAt: at,
    finishedAt: at,
    command: 'test',
    config: {},
  });
}

describe('a profile raising requirement levels for itself', () => {
  it('raises only rows that exist and that the profile has in scope', () => {
    const problems = loadProfiles().flatMap((profile) =>
      (profile.raise ?? []).flatMap((id) => {
        const row = catalog.requirements.find((r) => r.id === id);
        if (!row) return [`${profile.id} raises ${id}, which is not in the catalog`];
        const inScope = Object.keys(EDITIONS).some((e) => requirementsInScope(catalog, profile, e as keyof typeof EDITIONS).some((r) => r.id === id));
        return inScope ? [] : [`${profile.id} raises ${id}, which is in none of its scopes`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('makes device-wasm\'s Wasm device rows core for device-wasm only; the catalog rows stay extended', () => {
    const wasmDevice = requirementsInScope(catalog, loadProfile('device-wasm'), edition.id).filter((r) => r.id.startsWith('WASM-'));
    expect(wasmDevice.map((r) => `${r.id}:${r.level}:${r.keyword}`)).toEqual(
      ['WASM-013', 'WASM-014', 'WASM-015', 'WASM-016', 'WASM-017', 'WASM-018', 'WASM-019'].map((id) => `${id}:core:SHOULD`),
    );
    expect(catalog.requirements.filter((r) => r.id.startsWith('WASM-')).every((r) => r.level === 'extended')).toBe(true);
    const packageWasm = requirementsInScope(catalog, loadProfile('application-package'), edition.id).filter((r) => r.id.startsWith('WASM-'));
    expect(packageWasm.length).toBeGreaterThan(0);
    expect(packageWasm.every((r) => r.level === 'extended')).toBe(true);
  });

  it('makes a Wasm device that cannot pull Wasm non-conformant for device-wasm, and names the profile that raised the row', () => {
    const results = wasmRun(loadProfile('device-wasm'));
    expect({ verdict: results.verdict, warnings: results.summary.warnings }).toEqual({ verdict: 'non-conformant', warnings: 0 });
    expect(results.requirements.map((r) => ({ id: r.id, level: r.level, raisedBy: r.raisedBy, keyword: r.keyword }))).toEqual([
      { id: 'WASM-013', level: 'core', raisedBy: 'device-wasm', keyword: 'SHOULD' },
      { id: 'WASM-014', level: 'core', raisedBy: 'device-wasm', keyword: 'SHOULD' },
    ]);
    expect(results.profile.draft).toBe(true);
  });

  it('leaves the same failure a warning for a profile that does not raise it', () => {
    const { raise: _raise, ...unraised } = loadProfile('device-wasm');
    const results = wasmRun(unraised);
    expect({ verdict: results.verdict, warnings: results.summary.warnings, raisedBy: results.requirements.map((r) => r.raisedBy) }).toEqual({
      verdict: 'error',
      warnings: 1,
      raisedBy: [undefined, undefined],
    });
  });
});
