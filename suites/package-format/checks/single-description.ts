import { defineCheck } from '../../../core/runner/check.js';
import type { PackageContext } from '../package.js';

export const singleDescription = defineCheck<PackageContext>({
  id: 'package-format/single-description',
  title: 'The package holds exactly one application description',
  requirements: ['PKG-039'],
  run: ({ pkg }) => {
    if (pkg.format === 'description') {
      return [{ requirement: 'PKG-039', outcome: 'skip', message: `Only ${pkg.descriptionFile} was given, so the rest of the package cannot be looked at.` }];
    }
    const candidates = pkg.descriptionCandidates;
    if (candidates.length === 1 && candidates[0] === pkg.descriptionFile) return [];
    const where = pkg.format === 'oci-layout' ? 'layers with the description media type' : 'application descriptions at the package root';
    const message =
      candidates.length === 0
        ? `${pkg.location}: no application description found; expected ${pkg.format === 'oci-layout' ? 'one description layer' : 'margo.yaml at the package root'} (PKG-039). Add the description.`
        : `${pkg.location}: ${candidates.length} ${where} (${candidates.join(', ')}); expected exactly one (PKG-039). Keep one description${pkg.format === 'oci-layout' ? '' : ', named margo.yaml'}.`;
    return [{ requirement: 'PKG-039', outcome: 'fail', message, evidence: { candidates } }];
  },
});
