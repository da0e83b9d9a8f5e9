import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';
import { runPackage } from '../runs/run-package.js';

/**
 * Cross-check against the official Margo examples in MARGO_SPEC_DIR (CI sets it to shared/margo-spec).
 * Expected failures are the whole sorted list; where an example breaks more than the defect it
 * demonstrates, the extra IDs are known spec errata, recorded in the catalog (PKG-002, PKG-006, PKG-007, PKG-013).
 */
const specDir = process.env.MARGO_SPEC_DIR;
const missing = !specDir || !existsSync(specDir);
if (missing && process.env.CI === 'true') {
  throw new Error('MARGO_SPEC_DIR is not set (or does not exist) in CI; .ci/run points it at ../shared/margo-spec.');
}

const PR1_VALID = 'general_website_content-f31c8ad/src/specification/application-package/resources/examples/valid';
const RC_INVALID_001 = 'specification-83fc2c6/src/specification/applications/resources/examples/invalid/ApplicationDescription-001.yaml';
const RC_INVALID_002 = 'specification-fbb7a1b/src/specification/applications/resources/examples/invalid/ApplicationDescription-002.yaml';

const cases: { file: string; edition: EditionId; verdict: string; failing: string[]; why: string }[] = [
  { file: `${PR1_VALID}/ApplicationDescription-001.yaml`, edition: 'preview-1', verdict: 'conformant', failing: ['PKG-003'], why: 'valid; offers only a Helm profile (PKG-003 is a recommendation: a warning)' },
  { file: `${PR1_VALID}/ApplicationDescription-002.yaml`, edition: 'preview-1', verdict: 'conformant', failing: [], why: 'valid' },
  { file: RC_INVALID_001, edition: '1.0.0-rc.3', verdict: 'non-conformant', failing: ['PKG-002', 'PKG-003', 'PKG-006'], why: 'wrong kind (PKG-006); erratum: helm.v3 in an rc-era file (PKG-002, so no Helm profile: PKG-003)' },
  { file: RC_INVALID_002, edition: '1.0.0-rc.3', verdict: 'non-conformant', failing: ['CMP-001', 'PKG-002', 'PKG-003', 'PKG-007', 'PKG-013', 'PKG-042'], why: 'illegal id characters (PKG-007); erratum: helm.v3 (PKG-002, PKG-003), Compose packageLocation instead of an OCI reference (PKG-013, CMP-001) and requiredResources (PKG-042) in an rc-era file' },
];

describe.skipIf(missing)('official Margo examples (MARGO_SPEC_DIR)', () => {
  it.each(cases)('$file under $edition: $why', async ({ file, edition, verdict, failing }) => {
    const results = await runPackage({ path: join(specDir as string, file), edition: EDITIONS[edition] });
    expect(results.requirements.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => r.id)).toEqual(failing);
    expect(results.verdict).toBe(verdict);
  });
});

if (missing) {
  describe('official Margo examples', () => {
    it.skip('skipped: set MARGO_SPEC_DIR to the folder holding the official Margo spec files (CI sets it)', () => {});
  });
}
