import type { Finding } from '../../../core/results/model.js';
import type { WasmFacts } from '../binary/inspect-wasm.js';
import type { WasmComponent } from '../load/wasm-components.js';
import { WASI_LEVELS } from '../../../core/protocol/wasm-convention.js';
import { fileLocation } from './wasm-input.js';

export type ModuleFacts = Extract<WasmFacts, { kind: 'module' }>;

/**
 * The core module facts a module-level rule (WASM-009..WASM-011) judges, or the one finding it gives
 * instead: `skip` when the binary is unreadable (WASM-007's finding) or of the wrong kind for its WASI
 * level (WASM-008's), so each defect fails one rule; `indeterminate` for a component, whose imports,
 * exports and memories this kit cannot read.
 */
export function moduleOrFinding(
  component: WasmComponent,
  binary: { file: string; facts: WasmFacts },
  requirement: string,
  componentRule: string,
): { module: ModuleFacts } | { findings: Finding[] } {
  const { file, facts } = binary;
  const skip = (why: string) => ({ findings: [{ requirement, outcome: 'skip' as const, message: `${component.name}: ${file} ${why}, so ${requirement} was not judged.` }] });
  if (facts.kind === 'too-large' || facts.kind === 'unknown' || facts.kind === 'invalid-module') return skip('is not a valid Wasm binary (see WASM-007)');
  const level = component.settings.wasi;
  if (level && WASI_LEVELS[level].binary !== facts.kind) return skip(`is not the kind of binary wasi: ${level} runs (see WASM-008)`);
  if (facts.kind === 'component') {
    return {
      findings: [{ requirement, outcome: 'indeterminate', message: `${component.name}: ${file} is a component; ${componentRule} needs a component-model reader this kit does not have (${requirement}). Check it with wasm-tools component wit.`, location: fileLocation(file) }],
    };
  }
  return { module: facts };
}
