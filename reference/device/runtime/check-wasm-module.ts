import { binaryKind, initialMemories } from './read-module-memories.js';
import { WASI_LEVELS } from '../../../core/protocol/wasm-convention.js';
import type { DeviceFaultSet } from '../faults.js';
import type { WasmSettings } from './wasm-settings.js';

/** What the device lets the module have once it passed the checks. */
export interface ModulePlan {
  /** Imports outside the WASI namespace that get a stub returning 0 (only under the runs-unknown-imports fault). */
  stubs: { module: string; name: string }[];
  /** The most linear memory the module may have after it started; undefined when not enforced. */
  memoryCapBytes?: number;
}

/** The device's own Wasm facts, from its labels (profiles/device-wasm.md section 1). */
export interface WasmHost {
  wasi: readonly string[];
  maxMemoryBytes?: number;
}

/**
 * Checks made before any code of the module runs: the binary is a core module that validates (the
 * reference runs wasip1 only), it imports nothing the device does not supply (WASM-017), and its
 * initial memory fits the smaller of memoryLimitBytes and the device's max-memory-bytes (WASM-016).
 * Throws one line naming the problem.
 */
export function checkWasmModule(bytes: Uint8Array, settings: WasmSettings, host: WasmHost, faults: DeviceFaultSet): ModulePlan {
  if (!host.wasi.includes(settings.wasi)) throw new Error(`the component needs ${settings.wasi}; this device offers ${host.wasi.join(', ') || 'no WASI level'}`);
  const kind = binaryKind(bytes);
  if (kind !== 'module' || WASI_LEVELS[settings.wasi].binary !== 'module') throw new Error(`the binary is ${kind === 'other' ? 'not Wasm' : `a ${kind}`}; this device runs ${settings.wasi} as core modules only`);
  const source = new Uint8Array(bytes);
  if (!WebAssembly.validate(source)) throw new Error('the module does not validate (WebAssembly.validate)');
  const module = new WebAssembly.Module(source);
  const allowed = WASI_LEVELS[settings.wasi].importModules;
  const foreign = WebAssembly.Module.imports(module).filter((entry) => !allowed.includes(entry.module));
  // WASM-017: the one place unknown imports are judged.
  const stubUnknown = faults.has('runs-unknown-imports');
  const stubs = stubUnknown ? foreign.filter((entry) => entry.kind === 'function').map(({ module: from, name }) => ({ module: from, name })) : [];
  if (!stubUnknown && foreign.length > 0) {
    throw new Error(`the module imports ${foreign.map((entry) => `${entry.module}.${entry.name}`).join(', ')}, outside ${allowed.join(', ')} (WASM-017)`);
  }
  const limits = [settings.memoryLimitBytes, host.maxMemoryBytes].filter((limit): limit is number => limit !== undefined);
  // WASM-016: the one place the memory cap is read; both the initial size and the size after start are held to it.
  const cap = faults.has('ignores-wasm-memory-cap') || limits.length === 0 ? undefined : Math.min(...limits);
  if (cap !== undefined) {
    let memories;
    try {
      memories = initialMemories(bytes);
    } catch (cause) {
      throw new Error(`the module's memories cannot be read (${(cause as Error).message}), so its memory cannot be held to ${cap} bytes`, { cause });
    }
    for (const memory of memories) {
      if (memory.bytes > cap) throw new Error(`${memory.name} starts at ${memory.bytes} bytes, over the ${cap}-byte limit (WASM-016)`);
    }
  }
  return { stubs, ...(cap !== undefined ? { memoryCapBytes: cap } : {}) };
}
