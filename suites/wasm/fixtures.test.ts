import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { runChecks } from '../../core/runner/run-checks.js';
import { wasmRuntimeClass } from '../helm/checks/wasm-runtime-class.js';
import { packageFromFiles } from '../package-format/load/package-from-files.js';
import type { PackageContext } from '../package-format/package.js';
import { WASM_CHECKS } from './index.js';
import { WASM_FIXTURES, materializeWasmFixture } from './test-support/wasm-fixtures.js';

const checks = [...WASM_CHECKS, wasmRuntimeClass];
const inScope = new Set(loadCatalog().requirements.filter((r) => r.id.startsWith('WASM-') && r.subjects.includes('package')).map((r) => r.id));

/** Every outcome other than pass and skip, as `<requirement> <outcome>`, sorted. */
async function verdicts(fixture: string): Promise<string[]> {
  const files = await materializeWasmFixture(join(WASM_FIXTURES, fixture));
  const context: PackageContext = { edition: EDITIONS['1.0.0-rc.3'], pkg: packageFromFiles(files, { format: 'directory', location: fixture }) };
  const results = await runChecks({ checks, context, inScope, subjectEvidence: [{ kind: 'file', file: context.pkg.descriptionFile }] });
  return results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => `${r.requirement} ${r.outcome}`).sort();
}

// What the kit cannot read of a component is indeterminate, never pass (WASM-007, WASM-009..011).
const COMPONENT_UNREAD = ['WASM-007 indeterminate', 'WASM-009 indeterminate', 'WASM-010 indeterminate', 'WASM-011 indeterminate'];

describe('Wasm package fixtures', () => {
  it.each([
    { fixture: 'valid/line-filter', expected: [] },
    { fixture: 'valid/line-filter-oci', expected: [] },
    { fixture: 'valid/trap-at-start', expected: [] },
    { fixture: 'valid/helm-runtime-class-targeted', expected: [] },
    { fixture: 'valid/wasip2-component', expected: COMPONENT_UNREAD },
    { fixture: 'invalid/wasm-001-wasi-level-unknown', expected: ['WASM-001 fail'] },
    { fixture: 'invalid/wasm-002-compose-profile', expected: ['WASM-002 fail'] },
    { fixture: 'invalid/wasm-003-no-wasi-selector', expected: ['WASM-003 fail'] },
    { fixture: 'invalid/wasm-004-config-media-type', expected: ['WASM-004 fail'] },
    { fixture: 'invalid/wasm-005-legacy-layer', expected: ['WASM-005 fail'] },
    { fixture: 'invalid/wasm-006-tampered-layer', expected: ['WASM-006 fail'] },
    { fixture: 'invalid/wasm-007-truncated-module', expected: ['WASM-007 fail'] },
    { fixture: 'invalid/wasm-008-component-for-wasip1', expected: ['WASM-007 indeterminate', 'WASM-008 fail'] },
    { fixture: 'invalid/wasm-009-unknown-import', expected: ['WASM-009 fail'] },
    { fixture: 'invalid/wasm-010-no-start', expected: ['WASM-010 fail'] },
    { fixture: 'invalid/wasm-011-memory-over-limit', expected: ['WASM-011 fail'] },
    { fixture: 'invalid/wasm-012-runtime-class-untargeted', expected: ['WASM-012 fail'] },
  ])('$fixture gives $expected', async ({ fixture, expected }) => {
    expect(await verdicts(fixture)).toEqual(expected);
  });
});
