import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { PackageContext } from '../../package-format/package.js';
import { MAX_WASM_BYTES } from '../../../core/protocol/wasm-convention.js';
import { fileLocation, withWasmBinaries } from './wasm-input.js';

const REQUIREMENT = 'WASM-007';

/**
 * WASM-007: the binary is a core module that passes `WebAssembly.validate`, or a component. A component
 * is checked as far as we can without a component-model validator (header, section structure, embedded
 * core modules); the rest is `indeterminate`, never `pass`. @bytecodealliance/jco could do more, but its
 * dependency tree (two SpiderMonkey builds, binaryen, rolldown, a TypeScript compiler) is too heavy for this kit.
 */
export const binaryValid = defineCheck<PackageContext>({
  id: 'wasm/binary-valid',
  title: 'The Wasm binary is a valid core module or a well-formed component',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmBinaries(context, [REQUIREMENT], (component, { file, facts }): Finding[] => {
      const subject = `${component.name}: ${file}`;
      const finding = (outcome: Finding['outcome'], message: string): Finding[] => [{ requirement: REQUIREMENT, outcome, message, location: fileLocation(file) }];
      switch (facts.kind) {
        case 'too-large':
          return finding('error', `${subject} is ${facts.size} bytes, over the ${MAX_WASM_BYTES}-byte limit for Wasm binaries; not examined (${REQUIREMENT}). Check a smaller build, or strip debug sections with wasm-tools strip.`);
        case 'unknown':
          return finding('fail', `${subject} is not a Wasm binary: ${facts.header.description} (${REQUIREMENT}). Point localArtifact at the .wasm file the toolchain wrote.`);
        case 'invalid-module':
          return finding('fail', `${subject}: core module does not pass WebAssembly.validate: ${facts.error} (${REQUIREMENT}). Rebuild it, and check it with wasm-tools validate.`);
        case 'module':
          return [];
        case 'component':
          if (facts.header.preStandard) return finding('fail', `${subject} is a ${facts.header.description}; devices read only the standard encoding 0x0d (${REQUIREMENT}). Rebuild it with current component tooling.`);
          if (facts.structure.problem) return finding('fail', `${subject}: component is malformed: ${facts.structure.problem} (${REQUIREMENT}). Rebuild it, and check it with wasm-tools validate.`);
          return finding('indeterminate', `${subject}: component header and sections are well-formed${facts.structure.coreModules ? ` and its ${facts.structure.coreModules} embedded core modules validate` : ''}; its types and canonical ABI need a component validator this kit does not have (${REQUIREMENT}). Run wasm-tools validate on it.`);
      }
    }),
});
