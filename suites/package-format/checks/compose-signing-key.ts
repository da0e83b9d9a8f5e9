import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { componentsOf, isRecord, locate, profilesOf, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

// PKG-027 belongs to the editions that fetch Compose archives by URL; the catalog limits it to preview-1,
// where `keyLocation` is how a device finds the PGP key that signed the archive.
export const composeSigningKey = defineCheck<PackageContext>({
  id: 'package-format/compose-signing-key',
  title: 'Compose archives fetched by URL name a signing key',
  requirements: ['PKG-027'],
  run: (context) =>
    withDescription(context, ['PKG-027'], (description) => {
      const findings: Finding[] = [];
      for (const profile of profilesOf(description)) {
        if (profile.value.type !== context.edition.profileTypes.compose) continue;
        for (const component of componentsOf(profile)) {
          const properties = isRecord(component.value.properties) ? component.value.properties : {};
          if (properties.packageLocation === undefined || properties.keyLocation !== undefined) continue;
          findings.push({
            requirement: 'PKG-027',
            outcome: 'fail',
            message: `${context.pkg.descriptionFile}: Compose component "${String(component.value.name)}" has no keyLocation, so its archive cannot be verified (PKG-027). Sign the archive with PGP and publish the public key at keyLocation.`,
            location: locate(context, `${component.pointer}/properties`),
          });
        }
      }
      return findings;
    }),
});
