import { defineCheck } from '../../../core/runner/check.js';
import { locate } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';
import { WASM_EXTENSION } from '../../../core/protocol/wasm-convention.js';
import { componentName, withWasmComponents } from './wasm-input.js';

const REQUIREMENT = 'WASM-002';

/** WASM-002: a Wasm-native component sits in a `custom` deployment profile; Helm and Compose devices do not read the extension. */
export const customProfile = defineCheck<PackageContext>({
  id: 'wasm/custom-profile',
  title: 'Wasm components sit in custom deployment profiles',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmComponents(context, [REQUIREMENT], (component) => {
      const custom = context.edition.profileTypes.custom;
      const type = component.profile.value.type;
      if (custom !== undefined && type === custom) return [];
      return [
        {
          requirement: REQUIREMENT,
          outcome: 'fail',
          message: `${context.pkg.descriptionFile}: ${componentName(component)} carries ${WASM_EXTENSION} but its deployment profile "${String(component.profile.value.id)}" has type ${JSON.stringify(type ?? null)}; expected "${custom ?? 'custom'}" (${REQUIREMENT}). Move the component into a profile of type custom, or for a Helm chart drop the extension and use a Wasm runtimeClassName.`,
          location: locate(context, `${component.profile.pointer}/type`),
          evidence: { expected: custom, actual: type },
        },
      ];
    }),
});
