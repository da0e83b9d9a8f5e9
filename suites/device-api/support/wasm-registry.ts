import { readFile } from 'node:fs/promises';
import { fromPackageRoot } from '../../../core/package-root.js';
import { startOciRegistry, type OciRegistry, type RegistryRequest } from '../../../instruments/oci-registry/index.js';
import { compileWat } from '../../../instruments/wasm-artifacts/compile-wat.js';
import { createWasmArtifact, type WasmArtifact } from '../../../instruments/wasm-artifacts/create-wasm-artifact.js';
import { WASM_EXTENSION, WASM_LABELS } from '../../../core/protocol/wasm-convention.js';
import type { TestApplication, TestComponent } from './test-application.js';

/** The fixture modules (fixtures/wasm/modules/*.wat) the device scenarios deploy, plus two variants of the good one. */
export type WasmModule = 'good-command' | 'trap-at-start' | 'unknown-import' | 'large-memory' | 'pull-check';

/** The limit every scenario component declares: 1 MiB, below large-memory's 4 MiB and above everything else. */
export const MODULE_MEMORY_LIMIT_BYTES = 1024 * 1024;

const FIXTURES: WasmModule[] = ['good-command', 'trap-at-start', 'unknown-import', 'large-memory'];
const TAG = '1.0.0';
const READY_LINE = 'line-filter ready';

interface CompiledModules {
  artifacts: Map<WasmModule, WasmArtifact>;
  /** A valid module other than pull-check's layer, served under pull-check's layer digest to tamper with it (WASM-014). */
  substitute: Uint8Array;
}

let compiled: Promise<CompiledModules> | undefined;

/** Compiles the WAT fixtures once per process (wabt); no binary is committed. */
function compileModules(): Promise<CompiledModules> {
  compiled ??= (async () => {
    const good = await readFile(fromPackageRoot('fixtures', 'wasm', 'modules', 'good-command.wat'), 'utf8');
    const artifacts = new Map<WasmModule, WasmArtifact>();
    for (const name of FIXTURES) {
      const source = name === 'good-command' ? good : await readFile(fromPackageRoot('fixtures', 'wasm', 'modules', `${name}.wat`), 'utf8');
      artifacts.set(name, createWasmArtifact({ wasm: await compileWat(source, `${name}.wat`), wasi: 'wasip1' }));
    }
    // Same length line, so the two variants differ only in content: a registry or mirror swapping one for the other.
    artifacts.set('pull-check', createWasmArtifact({ wasm: await compileWat(good.replace(READY_LINE, 'pull-check  ready'), 'pull-check.wat'), wasi: 'wasip1' }));
    const substitute = await compileWat(good.replace(READY_LINE, 'tampered by proxy'), 'substitute.wat');
    return { artifacts, substitute };
  })();
  return compiled;
}

/** A scenario's OCI registry on 127.0.0.1 serving every scenario module as `<module>:1.0.0`. */
export interface WasmRegistry {
  registry: OciRegistry;
  /** A Wasm component pulling `module`, with the draft extension (wasip1, 1 MiB). */
  component(name: string, module: WasmModule): TestComponent;
  /** Serves a valid module of the same size under pull-check's layer digest from now on (WASM-014). */
  tamperPullCheck(): void;
  layerDigest(module: WasmModule): string;
  /** Registry requests for one module's repository, for evidence. */
  pullsOf(module: WasmModule): RegistryRequest[];
  close(): Promise<void>;
}

export async function startWasmRegistry(): Promise<WasmRegistry> {
  const { artifacts, substitute } = await compileModules();
  const registry = await startOciRegistry({
    artifacts: [...artifacts].map(([name, artifact]) => ({ name, tag: TAG, manifest: artifact.manifest, manifestMediaType: artifact.manifestMediaType, blobs: artifact.blobs })),
  });
  const artifactOf = (module: WasmModule) => artifacts.get(module) as WasmArtifact;
  return {
    registry,
    component: (name, module) => ({ name, repository: registry.repository(module), extra: { [WASM_EXTENSION]: { wasi: 'wasip1', memoryLimitBytes: MODULE_MEMORY_LIMIT_BYTES } } }),
    tamperPullCheck: () => registry.tamperBlob(artifactOf('pull-check').layerDigest, substitute),
    layerDigest: (module) => artifactOf(module).layerDigest,
    pullsOf: (module) => registry.requests.filter((request) => request.path.startsWith(`/v2/${module}/`)),
    close: () => registry.close(),
  };
}

/**
 * The eligibility rule the draft asks of every Wasm profile (profiles/device-wasm.md section 2): the
 * runtime label (Exists, or In `runtimes`) and the WASI label holding `level`.
 */
export function wasmEligibilityRule(level = 'wasip1', runtimes?: string[]): Record<string, unknown> {
  return {
    labelSelector: {
      matchExpressions: [
        runtimes ? { key: WASM_LABELS.runtime, operator: 'In', values: runtimes } : { key: WASM_LABELS.runtime, operator: 'Exists' },
        { key: WASM_LABELS.wasi, operator: 'ContainsAny', itemSelector: { matchExpressions: [{ key: '', operator: 'In', values: [level] }] } },
      ],
    },
  };
}

/** A one-component Wasm application targeted the draft way. */
export function wasmApplication(id: string, component: TestComponent, rule = wasmEligibilityRule()): TestApplication {
  return { id, components: [component], eligibilityRules: [rule] };
}
