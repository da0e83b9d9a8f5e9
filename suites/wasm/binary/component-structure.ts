import { WasmReadError, bufferSource, readSections } from './byte-reader.js';
import { readWasmHeader } from './wasm-header.js';

/** Component section ids 0..11: custom, core module, core instance, core type, component, instance, alias, type, canon, start, import, export. */
const LAST_COMPONENT_SECTION = 11;
const CORE_MODULE_SECTION = 1;
const NESTED_COMPONENT_SECTION = 4;
/** Components nest components; a real one is a few levels deep, a hostile one is cut off here. */
const MAX_DEPTH = 16;

export interface ComponentStructure {
  /** The first structural defect found, or undefined when sections and embedded core modules are sound. */
  problem?: string;
  /** How many core modules are embedded, at any depth; each passed `WebAssembly.validate`. */
  coreModules: number;
}

/**
 * What can be checked of a component without a component-model validator (WASM-007): the header, that
 * every section id is a component section and every size stays inside its parent, and that each embedded
 * core module passes `WebAssembly.validate`. Types, canonical ABI, imports and exports are left unjudged.
 */
export function componentStructure(bytes: Uint8Array, depth = 0): ComponentStructure {
  if (depth > MAX_DEPTH) return { problem: `components nest deeper than ${MAX_DEPTH} levels`, coreModules: 0 };
  let coreModules = 0;
  try {
    for (const section of readSections(bytes)) {
      const at = `section ${section.id} at byte ${section.offset}`;
      if (section.id > LAST_COMPONENT_SECTION) return { problem: `${at} has an id that is not a component section (0..${LAST_COMPONENT_SECTION})`, coreModules };
      if (section.id === CORE_MODULE_SECTION) {
        const header = readWasmHeader(section.content);
        if (header.kind !== 'module') return { problem: `embedded core module at byte ${section.offset} has ${header.description}`, coreModules };
        if (!WebAssembly.validate(bufferSource(section.content))) return { problem: `embedded core module at byte ${section.offset} does not validate`, coreModules };
        coreModules += 1;
      } else if (section.id === NESTED_COMPONENT_SECTION) {
        const nested = componentStructure(section.content, depth + 1);
        coreModules += nested.coreModules;
        if (nested.problem) return { problem: `nested component at byte ${section.offset}: ${nested.problem}`, coreModules };
        if (readWasmHeader(section.content).kind !== 'component') return { problem: `nested component at byte ${section.offset} has no component header`, coreModules };
      }
    }
  } catch (cause) {
    if (cause instanceof WasmReadError) return { problem: cause.message, coreModules };
    throw cause;
  }
  return { coreModules };
}
