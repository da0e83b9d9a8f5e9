import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { dataTypeShape, type DataTypeShape } from '../data-types.js';
import { asArray, isRecord, locate, withDescription } from '../description.js';
import type { PackageContext } from '../package.js';

/** Rule attributes by the kind of validation schema they belong to (the LinkML subclasses). */
const RULES_FOR: Record<DataTypeShape['element'], ReadonlySet<string>> = {
  string: new Set(['minLength', 'maxLength', 'regexMatch']),
  integer: new Set(['minValue', 'maxValue']),
  double: new Set(['minValue', 'maxValue', 'minPrecision', 'maxPrecision']),
  boolean: new Set(),
};
const ALL_RULES = new Set(Object.values(RULES_FOR).flatMap((rules) => [...rules]));

// PKG-041 is a SHOULD: nothing tells which subclass a schema entry is, so an attribute of another kind is
// a warning (catalog note), not a failure.
export const schemaRuleAttributes = defineCheck<PackageContext>({
  id: 'package-format/schema-rule-attributes',
  title: 'Validation schemas use the rule attributes of their data type',
  requirements: ['PKG-041'],
  run: (context) =>
    withDescription(context, ['PKG-041'], (description) => {
      const configuration = isRecord(description.configuration) ? description.configuration : {};
      const findings: Finding[] = [];
      asArray(configuration.schema).forEach((schema, i) => {
        if (!isRecord(schema)) return;
        const shape = dataTypeShape(schema.dataType);
        if (!shape) return;
        for (const attribute of Object.keys(schema)) {
          if (!ALL_RULES.has(attribute) || RULES_FOR[shape.element].has(attribute)) continue;
          findings.push({
            requirement: 'PKG-041',
            outcome: 'fail',
            message: `${context.pkg.descriptionFile}: validation schema "${String(schema.name)}" has ${attribute}, which does not apply to dataType "${String(schema.dataType)}" (PKG-041). Remove it or change the data type.`,
            location: locate(context, `/configuration/schema/${i}/${attribute}`),
            evidence: { attribute, dataType: schema.dataType },
          });
        }
      });
      return findings;
    }),
});
