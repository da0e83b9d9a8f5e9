import { defineCheck } from '../../../core/runner/check.js';
import type { PackageContext } from '../../package-format/package.js';
import { WASI_LEVELS } from '../../../core/protocol/wasm-convention.js';
import { moduleOrFinding } from './module-facts.js';
import { fileLocation, withWasmBinaries } from './wasm-input.js';

const REQUIREMENT = 'WASM-009';

/**
 * WASM-009: a core module imports only from the WASI namespace of its level (`wasi_snapshot_preview1`
 * for wasip1). Any other import is a host function a device of the draft class does not supply, so the
 * module could never be instantiated there; each one is named.
 */
export const wasiImports = defineCheck<PackageContext>({
  id: 'wasm/wasi-imports',
  title: 'A core module imports only from the WASI namespace of its level',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmBinaries(context, [REQUIREMENT], (component, binary) => {
      const judged = moduleOrFinding(component, binary, REQUIREMENT, 'checking that its imports are WASI interfaces');
      if ('findings' in judged) return judged.findings;
      const level = component.settings.wasi ?? 'wasip1';
      const allowed = WASI_LEVELS[level].importModules;
      return judged.module.imports
        .filter((entry) => !allowed.includes(entry.module))
        .map((entry) => ({
          requirement: REQUIREMENT,
          outcome: 'fail' as const,
          message: `${component.name}: ${binary.file} imports ${entry.kind} ${entry.module}.${entry.name}, which a ${level} device does not supply; only ${allowed.join(', ')} is (${REQUIREMENT}). Remove the import, or link the function into the module.`,
          location: fileLocation(binary.file),
          evidence: { import: `${entry.module}.${entry.name}`, kind: entry.kind, allowed },
        }));
    }),
});
