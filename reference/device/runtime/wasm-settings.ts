import { WASI_LEVELS, WASM_EXTENSION, isWasiLevel, type WasiLevel } from '../../../core/protocol/wasm-convention.js';
import type { RuntimeComponent } from './workload-runtime.js';

/** What the device takes from a component's `x-wasm-conformance-extensions` (profiles/device-wasm.md section 2). */
export interface WasmSettings {
  wasi: WasiLevel;
  entrypoint: string;
  memoryLimitBytes?: number;
  args: string[];
  env: Record<string, string>;
}

/** Whether a component is a Wasm component of the draft class: it carries the Wasm extension (WASM-001). */
export function isWasmComponent(component: RuntimeComponent): boolean {
  return component.extensions?.[WASM_EXTENSION] !== undefined;
}

/** Reads the extension; a malformed one is a reason to refuse the component, never something to guess around. */
export function wasmSettingsOf(component: RuntimeComponent): WasmSettings | { problem: string } {
  const raw = component.extensions?.[WASM_EXTENSION];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: `${WASM_EXTENSION} is not an object` };
  const extension = raw as Record<string, unknown>;
  const wasi = extension['wasi'];
  if (!isWasiLevel(wasi)) return { problem: `${WASM_EXTENSION}.wasi is ${JSON.stringify(wasi)}; expected wasip1 or wasip2` };
  const entrypoint = extension['entrypoint'] ?? WASI_LEVELS[wasi].defaultEntrypoint;
  if (typeof entrypoint !== 'string' || entrypoint === '') return { problem: `${WASM_EXTENSION}.entrypoint is not a non-empty string` };
  const limit = extension['memoryLimitBytes'];
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit <= 0)) return { problem: `${WASM_EXTENSION}.memoryLimitBytes is not a positive whole number` };
  const args = extension['args'] ?? [];
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) return { problem: `${WASM_EXTENSION}.args is not a list of strings` };
  const env = extension['env'] ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env) || !Object.values(env).every((value) => typeof value === 'string')) {
    return { problem: `${WASM_EXTENSION}.env is not a map of strings` };
  }
  return { wasi, entrypoint, ...(limit !== undefined ? { memoryLimitBytes: limit as number } : {}), args: args as string[], env: env as Record<string, string> };
}
