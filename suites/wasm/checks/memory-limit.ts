import { defineCheck } from '../../../core/runner/check.js';
import type { PackageContext } from '../../package-format/package.js';
import { moduleOrFinding } from './module-facts.js';
import { fileLocation, withWasmBinaries } from './wasm-input.js';

const REQUIREMENT = 'WASM-011';

/**
 * WASM-011: a module whose memory starts above the extension's `memoryLimitBytes` can never be
 * instantiated under that limit. A module without a maximum may still grow past it at run time; the device
 * stops it then (WASM-016), so a missing maximum is not a finding: toolchains rarely write one.
 */
export const memoryLimit = defineCheck<PackageContext>({
  id: 'wasm/memory-limit',
  title: "The module's initial memory fits the declared memory limit",
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmBinaries(context, [REQUIREMENT], (component, binary) => {
      const limit = component.settings.memoryLimitBytes;
      if (limit === undefined) return [{ requirement: REQUIREMENT, outcome: 'skip', message: `${component.name}: the extension declares no memoryLimitBytes, so there is no limit to compare the module's memory with.` }];
      const judged = moduleOrFinding(component, binary, REQUIREMENT, 'comparing its memories with memoryLimitBytes');
      if ('findings' in judged) return judged.findings;
      const { memories } = judged.module;
      if ('unreadable' in memories) {
        return [{ requirement: REQUIREMENT, outcome: 'indeterminate', message: `${component.name}: ${binary.file}: the memory limits could not be read: ${memories.unreadable} (${REQUIREMENT}). Check the module's memory with wasm-tools print.`, location: fileLocation(binary.file) }];
      }
      return memories
        .filter((memory) => memory.initialPages * memory.pageBytes > limit)
        .map((memory) => {
          const bytes = memory.initialPages * memory.pageBytes;
          return {
            requirement: REQUIREMENT,
            outcome: 'fail' as const,
            message: `${component.name}: ${binary.file}: ${memory.name} starts at ${memory.initialPages} pages (${bytes} bytes), over memoryLimitBytes ${limit} (${REQUIREMENT}). Link the module with a smaller initial memory (wasm-ld --initial-memory), or raise memoryLimitBytes.`,
            location: fileLocation(binary.file),
            evidence: { memory: memory.name, initialBytes: bytes, maximumBytes: memory.maximumPages !== undefined ? memory.maximumPages * memory.pageBytes : null, memoryLimitBytes: limit },
          };
        });
    }),
});
