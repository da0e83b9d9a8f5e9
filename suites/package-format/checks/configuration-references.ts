import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { asArray, isRecord, locate, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

export const configurationReferences = defineCheck<PackageContext>({
  id: 'package-format/configuration-references',
  title: 'Settings name existing parameters and validation schemas',
  requirements: ['PKG-022'],
  run: (context) =>
    withDescription(context, ['PKG-022'], (description) => {
      const configuration = isRecord(description.configuration) ? description.configuration : {};
      const parameters = new Set(Object.keys(isRecord(description.parameters) ? description.parameters : {}));
      const schemas = new Set(asArray(configuration.schema).flatMap((s) => (isRecord(s) && typeof s.name === 'string' ? [s.name] : [])));
      const findings: Finding[] = [];
      asArray(configuration.sections).forEach((section, s) => {
        if (!isRecord(section)) return;
        asArray(section.settings).forEach((setting, i) => {
          if (!isRecord(setting)) return;
          const at = `/configuration/sections/${s}/settings/${i}`;
          if (typeof setting.parameter === 'string' && !parameters.has(setting.parameter)) {
            findings.push({
              requirement: 'PKG-022',
              outcome: 'fail',
              message: `${context.pkg.descriptionFile}: setting "${String(setting.name)}" names parameter "${setting.parameter}", which is not defined under parameters (PKG-022). Define the parameter or correct the name.`,
              location: locate(context, `${at}/parameter`),
              evidence: { parameter: setting.parameter },
            });
          }
          if (typeof setting.schema === 'string' && !schemas.has(setting.schema)) {
            findings.push({
              requirement: 'PKG-022',
              outcome: 'fail',
              message: `${context.pkg.descriptionFile}: setting "${String(setting.name)}" names validation schema "${setting.schema}", which is not defined under configuration.schema (PKG-022). Add the schema or correct the name.`,
              location: locate(context, `${at}/schema`),
              evidence: { schema: setting.schema },
            });
          }
        });
      });
      return findings;
    }),
});
