import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOciRegistry, type OciRegistry } from './index.js';
import { fromPackageRoot } from '../../core/package-root.js';
import { compileWat } from '../wasm-artifacts/compile-wat.js';
import { createWasmArtifact, type WasmArtifact } from '../wasm-artifacts/create-wasm-artifact.js';
import { DEVICE_FACTS } from '../../reference/device/device-facts.js';
import { createEventLog } from '../../reference/device/device-events.js';
import { createDeviceFaultSet } from '../../reference/device/faults.js';
import { wasmCapabilities } from '../../reference/device/capabilities/wasm-capabilities.js';
import { createWasmRuntime } from '../../reference/device/runtime/wasm-runtime.js';
import type { WorkloadRuntime } from '../../reference/device/runtime/workload-runtime.js';

const LOOPS = '(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1) (func (export "_start") (loop $forever (br $forever))))';
const EXITS_3 = '(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 3))))';
const fixture = (name: string) => readFileSync(fromPackageRoot('fixtures', 'wasm', 'modules', `${name}.wat`), 'utf8');

let registry: OciRegistry;
const artifacts = new Map<string, WasmArtifact>();
const deployment = { deploymentId: 'd-1', profileType: 'custom', parameters: {} };
const extension = (more: Record<string, unknown> = {}) => ({ 'x-wasm-conformance-extensions': { wasi: 'wasip1', memoryLimitBytes: 1048576, ...more } });

beforeAll(async () => {
  const sources: Record<string, string> = { 'good-command': fixture('good-command'), 'trap-at-start': fixture('trap-at-start'), 'unknown-import': fixture('unknown-import'), 'large-memory': fixture('large-memory'), loops: LOOPS, 'exits-3': EXITS_3 };
  for (const [name, source] of Object.entries(sources)) artifacts.set(name, createWasmArtifact({ wasm: await compileWat(source), wasi: 'wasip1' }));
  registry = await startOciRegistry({ artifacts: [...artifacts].map(([name, a]) => ({ name, tag: '1.0.0', manifest: a.manifest, blobs: a.blobs })) });
});
afterAll(() => registry.close());

function runtime(faults: string[] = []) {
  const log = createEventLog(Date.now);
  const wasm = createWasmRuntime({ capabilities: () => wasmCapabilities('device-1', DEVICE_FACTS['1.0.0-rc.3']), faults: createDeviceFaultSet(faults), log, startWindowMs: 300 });
  return { wasm, log };
}

async function outcome(wasm: WorkloadRuntime, module: string, more: Record<string, unknown> = {}, name = module): Promise<string> {
  try {
    await wasm.install({ name, properties: { repository: registry.repository(module), revision: '1.0.0' }, extensions: extension(more) }, deployment, new AbortController().signal);
    return 'installed';
  } catch (cause) {
    return (cause as Error).message;
  }
}

describe('createWasmRuntime', () => {
  it.each([
    { module: 'good-command', faults: [], expected: 'installed' },
    { module: 'trap-at-start', faults: [], expected: 'trapped at start: RuntimeError: unreachable' },
    { module: 'exits-3', faults: [], expected: '_start exited with code 3' },
    { module: 'unknown-import', faults: [], expected: 'the module imports env.host_log, outside wasi_snapshot_preview1 (WASM-017)' },
    { module: 'large-memory', faults: [], expected: 'memory 0 starts at 4194304 bytes, over the 1048576-byte limit (WASM-016)' },
    { module: 'loops', faults: [], expected: 'installed' },
    { module: 'trap-at-start', faults: ['reports-installed-before-start'], expected: 'installed' },
    { module: 'unknown-import', faults: ['runs-unknown-imports'], expected: 'installed' },
    { module: 'large-memory', faults: ['ignores-wasm-memory-cap'], expected: 'installed' },
  ])('$module with [$faults] ends "$expected"', async ({ module, faults, expected }) => {
    const { wasm } = runtime(faults);
    try {
      expect(await outcome(wasm, module)).toBe(expected);
    } finally {
      await wasm.close?.();
    }
  });

  it('refuses a layer blob that does not match its digest, unless the digest check is skipped', async () => {
    const digest = artifacts.get('good-command')!.layerDigest;
    const substitute = await compileWat(fixture('good-command').replace('line-filter ready', 'tampered by proxy'));
    registry.tamperBlob(digest, substitute);
    const clean = runtime();
    const faulty = runtime(['skips-wasm-blob-digest-check']);
    try {
      expect([await outcome(clean.wasm, 'good-command'), await outcome(faulty.wasm, 'good-command')]).toEqual([
        expect.stringMatching(/^layer blob has digest sha256:[0-9a-f]{64}; the manifest names sha256:[0-9a-f]{64}, so it was refused \(WASM-014\)$/),
        'installed',
      ]);
    } finally {
      registry.restoreBlob(digest);
      await Promise.all([clean.wasm.close?.(), faulty.wasm.close?.()]);
    }
  });

  it("captures the module's stdout in a wasm-run event", async () => {
    const { wasm, log } = runtime();
    await outcome(wasm, 'good-command');
    await wasm.close?.();
    expect(log.events.filter((e) => e.event === 'wasm-run').map(({ at: _at, ...rest }) => rest)).toEqual([
      { event: 'wasm-run', deploymentId: 'd-1', component: 'good-command', exitCode: 0, stdout: 'line-filter ready\n' },
    ]);
  });

  it('keeps a module that runs past the start window until it is removed', async () => {
    const { wasm } = runtime();
    const started = Date.now();
    expect(await outcome(wasm, 'loops')).toBe('installed');
    await wasm.remove({ name: 'loops', properties: {} }, deployment);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a Wasm component on a device without the Wasm runtime label', async () => {
    const wasm = createWasmRuntime({ capabilities: () => ({ properties: {} }), faults: createDeviceFaultSet([]), log: createEventLog(Date.now) });
    expect(await outcome(wasm, 'good-command')).toBe('this device declares no Wasm runtime (label wasm.conformance.example/runtime), so it runs no Wasm component');
  });
});
