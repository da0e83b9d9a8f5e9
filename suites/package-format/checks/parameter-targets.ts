import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { asArray, componentsOf, isRecord, locate, pointerToken, profilesOf, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

export const parameterTargets = defineCheck<PackageContext>({
  id: 'package-format/parameter-targets',
  title: 'Parameter targets name components of the deployment profiles',
  requirements: ['PKG-021'],
  run: (context) =>
    withDescription(context, ['PKG-021'], (description) => {
      const known = new Set(
        profilesOf(description).flatMap((profile) => componentsOf(profile).map((c) => c.value.name)),
      );
      const findings: Finding[] = [];
      const parameters = isRecord(description.parameters) ? description.parameters : {};
      for (const [name, parameter] of Object.entries(parameters)) {
        if (!isRecord(parameter)) continue;
        asArray(parameter.targets).forEach((target, t) => {
          if (!isRecord(target)) return;
          asArray(target.components).forEach((component, c) => {
            if (typeof component !== 'string' || known.has(component)) return;
            const pointer = `/parameters/${pointerToken(name)}/targets/${t}/components/${c}`;
            findings.push({
              requirement: 'PKG-021',
              outcome: 'fail',
              message: `${context.pkg.descriptionFile}: parameter "${name}" targets component "${component}", which no deployment profile defines (PKG-021). Name one of: ${[...known].filter((k) => typeof k === 'string').sort().join(', ') || '(none)'}.`,
              location: locate(context, pointer),
              evidence: { parameter: name, component },
            });
          });
        });
      }
      return findings;
    }),
});
