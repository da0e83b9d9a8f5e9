import { defineCheck } from '../../../core/runner/check.js';
import type { PackageContext } from '../../package-format/package.js';
import { WASI_LEVELS } from '../../../core/protocol/wasm-convention.js';
import { fileLocation, withWasmBinaries } from './wasm-input.js';

const REQUIREMENT = 'WASM-008';

/** WASM-008: the header says the binary is what the declared WASI level runs: a core module for wasip1, a component for wasip2. */
export const binaryKind = defineCheck<PackageContext>({
  id: 'wasm/binary-kind',
  title: 'The binary is a core module for wasip1 and a component for wasip2',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmBinaries(context, [REQUIREMENT], (component, { file, facts }) => {
      const level = component.settings.wasi;
      if (!level) return [{ requirement: REQUIREMENT, outcome: 'skip', message: `${component.name}: no valid wasi level is declared (see WASM-001), so the binary kind cannot be compared.` }];
      if (facts.kind === 'too-large' || facts.kind === 'unknown') return [{ requirement: REQUIREMENT, outcome: 'skip', message: `${component.name}: ${file} is not a readable Wasm binary (see WASM-007).` }];
      const kind = facts.kind === 'invalid-module' ? 'module' : facts.kind;
      const expected = WASI_LEVELS[level].binary;
      if (kind === expected) return [];
      const fix = expected === 'module' ? 'Build for wasm32-wasip1 without componentizing, or declare wasi: wasip2.' : 'Componentize the module (for example with wasm-tools component new and the WASI adapter), or declare wasi: wasip1.';
      return [
        {
          requirement: REQUIREMENT,
          outcome: 'fail',
          message: `${component.name}: ${file} is a ${facts.header.description}, but the extension declares wasi: ${level}, which runs a ${expected === 'module' ? 'core module' : 'component'} (${REQUIREMENT}). ${fix}`,
          location: fileLocation(file),
          evidence: { expected, actual: kind },
        },
      ];
    }),
});
