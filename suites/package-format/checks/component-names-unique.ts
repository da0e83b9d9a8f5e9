import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { componentsOf, locate, profilesOf, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

// PKG-040: uniqueness is read per deployment profile (see the catalog note): a device installs one profile,
// and the same name in a Helm and a Compose profile is how vendors let one parameter target both.
export const componentNamesUnique = defineCheck<PackageContext>({
  id: 'package-format/component-names-unique',
  title: 'Component names are unique within their deployment profile',
  requirements: ['PKG-040'],
  run: (context) =>
    withDescription(context, ['PKG-040'], (description) => {
      const findings: Finding[] = [];
      for (const profile of profilesOf(description)) {
        const firstSeen = new Map<string, string>();
        for (const component of componentsOf(profile)) {
          const name = component.value.name;
          if (typeof name !== 'string') continue;
          const earlier = firstSeen.get(name);
          if (earlier === undefined) {
            firstSeen.set(name, component.pointer);
            continue;
          }
          findings.push({
            requirement: 'PKG-040',
            outcome: 'fail',
            message: `${context.pkg.descriptionFile}: component name "${name}" at ${component.pointer}/name repeats ${earlier}/name in the same deployment profile (PKG-040). Rename one of the components.`,
            location: locate(context, `${component.pointer}/name`),
            evidence: { name, firstUsedAt: `${earlier}/name` },
          });
        }
      }
      return findings;
    }),
});
