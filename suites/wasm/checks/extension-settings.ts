import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { dottedPath, isRecord, locate, pointerToken, profilesOf, withDescription } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';
import { isInsidePackage, wasmComponentsOf } from '../load/wasm-components.js';
import { WASM_EXTENSION, WASM_EXTENSION_FIELDS, WASI_LEVELS, isWasiLevel } from '../../../core/protocol/wasm-convention.js';
import { componentName, withWasmComponents } from './wasm-input.js';

const REQUIREMENT = 'WASM-001';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What each extension field must be: undefined when the value is fine, else what was expected. */
const FIELD_RULES: Record<(typeof WASM_EXTENSION_FIELDS)[number], { required?: boolean; expected: string; fix: string; holds: (value: unknown) => boolean }> = {
  wasi: { required: true, expected: `one of ${Object.keys(WASI_LEVELS).join(', ')}`, fix: 'Set wasi to the WASI level the binary was built for.', holds: isWasiLevel },
  entrypoint: { expected: 'the name of an exported function', fix: 'Name the exported function to start, or leave entrypoint out for _start.', holds: (v) => typeof v === 'string' && v !== '' },
  memoryLimitBytes: { expected: 'a positive whole number of bytes', fix: 'Give the limit in bytes, for example 1048576.', holds: (v) => Number.isSafeInteger(v) && (v as number) > 0 },
  args: { expected: 'a list of strings', fix: 'Write each argument as a string.', holds: (v) => Array.isArray(v) && v.every((a) => typeof a === 'string') },
  env: {
    expected: 'a mapping of variable names ([A-Za-z_][A-Za-z0-9_]*) to strings',
    fix: 'Quote each value as a string.',
    holds: (v) => isRecord(v) && Object.entries(v).every(([name, value]) => ENV_NAME.test(name) && typeof value === 'string'),
  },
  localArtifact: {
    expected: 'a relative path inside the package',
    fix: 'Name a .wasm file or an OCI image layout directory of the package, for example wasm/app.wasm.',
    holds: (v) => typeof v === 'string' && isInsidePackage(v),
  },
};

/** WASM-001: the Wasm extension sits on the component and its fields have the draft's shapes. */
export const extensionSettings = defineCheck<PackageContext>({
  id: 'wasm/extension-settings',
  title: 'The Wasm extension sits on the component and its fields are well-formed',
  requirements: [REQUIREMENT],
  run: (context) =>
    withDescription(context, [REQUIREMENT], (description) => {
      const misplaced = misplacedExtensions(context, description);
      if (misplaced.length > 0 && wasmComponentsOf(context).length === 0) return misplaced;
      return [...misplaced, ...withWasmComponents(context, [REQUIREMENT], (component) => {
        const pointer = `${component.pointer}/${pointerToken(WASM_EXTENSION)}`;
        const subject = `${context.pkg.descriptionFile}: ${componentName(component)}`;
        const { extension } = component;
        if (!isRecord(extension)) {
          return [fail(context, pointer, `${subject} has ${WASM_EXTENSION} that is not a mapping (${REQUIREMENT}). Make it a mapping with at least wasi: wasip1 or wasip2.`)];
        }
        const findings: Finding[] = [];
        for (const key of Object.keys(extension).sort()) {
          if ((WASM_EXTENSION_FIELDS as readonly string[]).includes(key)) continue;
          findings.push(fail(context, `${pointer}/${pointerToken(key)}`, `${subject}: ${WASM_EXTENSION}.${key} is not a field of the draft (${REQUIREMENT}). Use only ${WASM_EXTENSION_FIELDS.join(', ')}.`));
        }
        for (const field of WASM_EXTENSION_FIELDS) {
          const rule = FIELD_RULES[field];
          const present = Object.hasOwn(extension, field);
          if (!present && !rule.required) continue;
          if (present && rule.holds(extension[field])) continue;
          const actual = present ? JSON.stringify(extension[field]) : 'missing';
          findings.push(fail(context, `${pointer}/${field}`, `${subject}: ${WASM_EXTENSION}.${field} is ${actual}; expected ${rule.expected} (${REQUIREMENT}). ${rule.fix}`));
        }
        return findings;
      })];
    }),
});

/** The extension on the description root or a profile: the draft reads it only on components. */
function misplacedExtensions(context: PackageContext, description: Record<string, unknown>): Finding[] {
  const places = [{ value: description, pointer: '' }, ...profilesOf(description)];
  return places
    .filter(({ value }) => Object.hasOwn(value, WASM_EXTENSION))
    .map(({ pointer }) =>
      fail(context, `${pointer}/${pointerToken(WASM_EXTENSION)}`, `${context.pkg.descriptionFile}: ${WASM_EXTENSION} is on ${pointer === '' ? 'the description root' : dottedPath(pointer)}, where the draft does not read it (${REQUIREMENT}). Move it onto each Wasm component.`),
    );
}

function fail(context: PackageContext, pointer: string, message: string): Finding {
  return { requirement: REQUIREMENT, outcome: 'fail', message, location: locate(context, pointer) };
}
