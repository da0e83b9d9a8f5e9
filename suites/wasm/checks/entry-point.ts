import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { PackageContext } from '../../package-format/package.js';
import { WASI_LEVELS } from '../../../core/protocol/wasm-convention.js';
import { moduleOrFinding } from './module-facts.js';
import { fileLocation, withWasmBinaries } from './wasm-input.js';

const REQUIREMENT = 'WASM-010';

/**
 * WASM-010: the entry point the device calls (the extension's `entrypoint`, else `_start` for a wasip1
 * command) is an exported function, and a module that imports WASI exports its memory as `memory`, which
 * WASI reads arguments, environment and output buffers from.
 */
export const entryPoint = defineCheck<PackageContext>({
  id: 'wasm/entry-point',
  title: 'The declared entry point is an exported function',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmBinaries(context, [REQUIREMENT], (component, binary) => {
      const judged = moduleOrFinding(component, binary, REQUIREMENT, 'finding its entry point');
      if ('findings' in judged) return judged.findings;
      const { exports, imports } = judged.module;
      const level = component.settings.wasi ?? 'wasip1';
      const entry = component.settings.entrypoint ?? WASI_LEVELS[level].defaultEntrypoint;
      const findings: Finding[] = [];
      const exported = exports.find((e) => e.name === entry);
      if (exported?.kind !== 'function') {
        const what = exported ? `exports "${entry}" as a ${exported.kind}` : `does not export "${entry}"`;
        const functions = exports.filter((e) => e.kind === 'function').map((e) => e.name);
        findings.push({
          requirement: REQUIREMENT,
          outcome: 'fail',
          message: `${component.name}: ${binary.file} ${what}; expected an exported function "${entry}"${component.settings.entrypoint ? ' (the extension\'s entrypoint)' : ` (the ${level} command entry point)`} (${REQUIREMENT}). Export it, or set entrypoint to one of: ${functions.join(', ') || 'none exported'}.`,
          location: fileLocation(binary.file),
          evidence: { entrypoint: entry, exportedFunctions: functions },
        });
      }
      const usesWasi = imports.some((i) => WASI_LEVELS[level].importModules.includes(i.module));
      if (usesWasi && !exports.some((e) => e.name === 'memory' && e.kind === 'memory')) {
        findings.push({
          requirement: REQUIREMENT,
          outcome: 'fail',
          message: `${component.name}: ${binary.file} imports WASI but does not export its memory as "memory" (${REQUIREMENT}). Export the linear memory under the name memory, as WASI toolchains do.`,
          location: fileLocation(binary.file),
        });
      }
      return findings;
    }),
});
