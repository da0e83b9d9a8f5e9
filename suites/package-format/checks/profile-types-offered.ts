import { defineCheck } from '../../../core/runner/check.js';
import { locate, profilesOf, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

export const profileTypesOffered = defineCheck<PackageContext>({
  id: 'package-format/profile-types-offered',
  title: 'Both a Helm and a Compose deployment profile are offered',
  requirements: ['PKG-003'],
  run: (context) =>
    withDescription(context, ['PKG-003'], (description) => {
      const { helm, compose } = context.edition.profileTypes;
      const profiles = profilesOf(description);
      if (profiles.length === 0) {
        return [{ requirement: 'PKG-003', outcome: 'skip', message: `${context.pkg.descriptionFile} has no deployment profiles to judge (see PKG-006).` }];
      }
      const types = new Set(profiles.map((p) => p.value.type));
      const missing = [helm, compose].filter((type) => !types.has(type));
      if (missing.length === 0) return [];
      return [
        {
          requirement: 'PKG-003',
          outcome: 'fail',
          message: `${context.pkg.descriptionFile}: no ${missing.join(' or ')} deployment profile (PKG-003). Offering both lets the application run on Kubernetes and on Compose devices.`,
          location: locate(context, '/deploymentProfiles'),
          evidence: { missing },
        },
      ];
    }),
});
