import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../core/package-root.js';
import { buildTraceability } from './traceability/build-traceability.js';

const FILE = fromPackageRoot('docs', 'traceability.md');

describe('docs/traceability.md', () => {
  it('matches the catalog, the checks, the fixtures and the faults (npm run traceability rewrites it)', async () => {
    const fresh = await buildTraceability();
    if (process.env.UPDATE_TRACEABILITY) writeFileSync(FILE, fresh);
    expect(readFileSync(FILE, 'utf8'), 'docs/traceability.md is stale: run npm run traceability').toBe(fresh);
  });
});
