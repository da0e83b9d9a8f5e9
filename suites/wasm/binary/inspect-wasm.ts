import { MAX_WASM_BYTES } from '../../../core/protocol/wasm-convention.js';
import { WasmReadError, bufferSource } from './byte-reader.js';
import { componentStructure, type ComponentStructure } from './component-structure.js';
import { moduleMemories, type MemoryLimits } from './module-memories.js';
import { readWasmHeader, type WasmHeader } from './wasm-header.js';

export type WasmFacts =
  | { kind: 'too-large'; size: number }
  | { kind: 'unknown'; header: WasmHeader }
  | { kind: 'invalid-module'; header: WasmHeader; error: string }
  | {
      kind: 'module';
      header: WasmHeader;
      imports: WebAssembly.ModuleImportDescriptor[];
      exports: WebAssembly.ModuleExportDescriptor[];
      /** The memories with their limits, or why the section reader could not read them. */
      memories: MemoryLimits[] | { unreadable: string };
    }
  | { kind: 'component'; header: WasmHeader; structure: ComponentStructure };

/**
 * Everything the checks want to know about one Wasm binary, read once. A core module is validated and
 * compiled (never instantiated, so no code of it runs) to list its imports and exports; a component gets
 * its structure walked. Binaries over MAX_WASM_BYTES are not looked at.
 */
export function inspectWasm(bytes: Uint8Array): WasmFacts {
  if (bytes.length > MAX_WASM_BYTES) return { kind: 'too-large', size: bytes.length };
  const header = readWasmHeader(bytes);
  if (header.kind === 'unknown') return { kind: 'unknown', header };
  if (header.kind === 'component') return { kind: 'component', header, structure: componentStructure(bytes) };
  if (!WebAssembly.validate(bufferSource(bytes))) return { kind: 'invalid-module', header, error: compileError(bytes) };
  const module = new WebAssembly.Module(bufferSource(bytes));
  let memories: MemoryLimits[] | { unreadable: string };
  try {
    memories = moduleMemories(bytes);
  } catch (cause) {
    if (!(cause instanceof WasmReadError)) throw cause;
    memories = { unreadable: cause.message };
  }
  return { kind: 'module', header, imports: WebAssembly.Module.imports(module), exports: WebAssembly.Module.exports(module), memories };
}

/** Why V8 refuses a module `WebAssembly.validate` rejected: its compile error, without the API prefix. */
function compileError(bytes: Uint8Array): string {
  try {
    new WebAssembly.Module(bufferSource(bytes));
    return 'WebAssembly.validate rejected it';
  } catch (cause) {
    return (cause as Error).message.replace(/^WebAssembly\.Module\(\): /, '');
  }
}
