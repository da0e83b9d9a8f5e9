import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { dataTypeShape, valueFits } from '../data-types.js';
import { asArray, isRecord, locate, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

// PKG-025: the spec has no `select` data type, so a validation schema is read as a select schema when it
// carries `options` or `multiselect` (catalog note on ambiguity 10). A multiselect yields an array, so its
// dataType must be an array type whose element type the options have.
export const selectSchemas = defineCheck<PackageContext>({
  id: 'package-format/select-schemas',
  title: 'Select validation schemas define options of the data type',
  requirements: ['PKG-025'],
  run: (context) =>
    withDescription(context, ['PKG-025'], (description) => {
      const configuration = isRecord(description.configuration) ? description.configuration : {};
      const findings: Finding[] = [];
      const fail = (pointer: string, message: string, evidence: Record<string, unknown>) =>
        findings.push({ requirement: 'PKG-025', outcome: 'fail', message: `${context.pkg.descriptionFile}: ${message}`, location: locate(context, pointer), evidence });

      asArray(configuration.schema).forEach((schema, i) => {
        if (!isRecord(schema) || !('options' in schema || 'multiselect' in schema)) return;
        const at = `/configuration/schema/${i}`;
        const name = String(schema.name);
        const shape = dataTypeShape(schema.dataType);
        const options = schema.options;
        if (!Array.isArray(options) || options.length === 0) {
          fail(`${at}/options`, `select schema "${name}" has no options (PKG-025). List the values a user may choose.`, { options });
          return;
        }
        if (!shape) return;
        if (schema.multiselect === true && !shape.array) {
          fail(`${at}/dataType`, `select schema "${name}" allows several choices but its dataType is "${String(schema.dataType)}" (PKG-025). Use array[${shape.element}].`, { dataType: schema.dataType });
        }
        options.forEach((option, o) => {
          if (valueFits(option, shape.element)) return;
          fail(`${at}/options/${o}`, `option ${JSON.stringify(option)} of select schema "${name}" is not of type ${shape.element} (PKG-025). Give options of the schema's data type.`, { option, expected: shape.element });
        });
      });
      return findings;
    }),
});
