import type { Worker } from 'node:worker_threads';
import { WASM_LABELS } from '../../../core/protocol/wasm-convention.js';
import type { EventLog } from '../device-events.js';
import type { DeviceCapabilities } from '../device-options.js';
import type { DeviceFaultSet } from '../faults.js';
import { checkWasmModule, type WasmHost } from './check-wasm-module.js';
import { pullWasmArtifact } from './pull-wasm-artifact.js';
import { startWasmWorker, type WasmWorkerMessage } from './wasm-worker.js';
import { wasmSettingsOf } from './wasm-settings.js';
import type { RuntimeComponent, RuntimeDeployment, WorkloadRuntime } from './workload-runtime.js';

export interface WasmRuntimeOptions {
  /** The device's current capabilities: its Wasm labels say what it offers (profiles/device-wasm.md section 1). */
  capabilities: () => DeviceCapabilities;
  faults: DeviceFaultSet;
  log: EventLog;
  /**
   * How long `_start` may run before the module counts as started and keeps running as a service. A
   * command that returns or traps sooner is judged by that; a module that loops cannot hold up the device.
   * @default 1000
   */
  startWindowMs?: number;
  /** Most stdout/stderr bytes kept per module. @default 65536 */
  outputLimitBytes?: number;
  /** Per registry request. @default 10000 */
  pullTimeoutMs?: number;
}

/**
 * The reference device's Wasm runtime for the draft Wasm device class: pulls the component's Wasm OCI
 * artifact and verifies its digests (WASM-014), checks the module before any of its code runs (imports
 * WASM-017, memory WASM-016), then runs `_start` under node:wasi preview1 in a worker thread and resolves
 * only once it returned without trapping, or kept running past the start window (WASM-015). Removal
 * terminates the worker (WASM-018).
 */
export function createWasmRuntime(options: WasmRuntimeOptions): WorkloadRuntime {
  const { faults, log } = options;
  const running = new Map<string, Worker>();
  const keyOf = (component: RuntimeComponent, deployment: RuntimeDeployment) => `${deployment.deploymentId}/${component.name}`;
  const stop = async (key: string) => {
    const worker = running.get(key);
    running.delete(key);
    await worker?.terminate();
  };
  return {
    async install(component, deployment, signal) {
      const settings = wasmSettingsOf(component);
      if ('problem' in settings) throw new Error(settings.problem);
      const host = hostOf(options.capabilities());
      const pulled = await pullWasmArtifact({
        repository: String(component.properties['repository'] ?? ''),
        ...(typeof component.properties['revision'] === 'string' ? { revision: component.properties['revision'] } : {}),
        faults,
        signal,
        ...(options.pullTimeoutMs !== undefined ? { timeoutMs: options.pullTimeoutMs } : {}),
      });
      const plan = checkWasmModule(pulled.wasm, settings, host, faults);
      const key = keyOf(component, deployment);
      await stop(key);
      const worker = startWasmWorker({ wasm: pulled.wasm, args: [component.name, ...settings.args], env: settings.env, entrypoint: settings.entrypoint, stubs: plan.stubs, outputLimitBytes: options.outputLimitBytes ?? 65_536 });
      running.set(key, worker);
      const record = (message: Extract<WasmWorkerMessage, { output: string }>) =>
        log.emit({ event: 'wasm-run', deploymentId: deployment.deploymentId, component: component.name, ...(message.kind === 'exited' ? { exitCode: message.code } : { trap: message.message }), stdout: message.output });
      // WASM-015: the one place that decides when a module counts as started.
      const startedOn = faults.has('reports-installed-before-start') ? 'instantiated' : 'exited';
      try {
        await new Promise<void>((resolve, reject) => {
          const window = setTimeout(resolve, options.startWindowMs ?? 1000);
          const settle = (error?: Error) => {
            clearTimeout(window);
            if (error) reject(error);
            else resolve();
          };
          worker.on('message', (message: WasmWorkerMessage) => {
            if (message.kind === 'instantiated') {
              if (startedOn === 'instantiated') settle();
              return;
            }
            record(message);
            if (message.kind === 'trapped') settle(new Error(`trapped at start: ${message.message}`));
            else if (message.code !== 0) settle(new Error(`_start exited with code ${message.code}`));
            else if (plan.memoryCapBytes !== undefined && message.memoryBytes > plan.memoryCapBytes) {
              settle(new Error(`the module grew its memory to ${message.memoryBytes} bytes, over the ${plan.memoryCapBytes}-byte limit (WASM-016)`));
            } else settle();
          });
          worker.on('error', (cause) => settle(new Error(`the module's worker failed: ${cause.message}`, { cause })));
          worker.on('exit', (code) => settle(new Error(`the module's worker ended (code ${code}) before the module started`)));
          signal.addEventListener('abort', () => settle(signal.reason instanceof Error ? signal.reason : new Error('install abandoned')), { once: true });
        });
      } catch (cause) {
        await stop(key);
        throw cause;
      }
    },
    async remove(component, deployment) {
      await stop(keyOf(component, deployment));
    },
    async close() {
      await Promise.all([...running.keys()].map(stop));
    },
  };
}

/** The device's Wasm facts from its labels; a device without the runtime label runs no Wasm at all. */
function hostOf(capabilities: DeviceCapabilities): WasmHost {
  const labels = capabilities.labels ?? {};
  if (typeof labels[WASM_LABELS.runtime] !== 'string') throw new Error(`this device declares no Wasm runtime (label ${WASM_LABELS.runtime}), so it runs no Wasm component`);
  const wasi = labels[WASM_LABELS.wasi];
  const max = labels[WASM_LABELS.maxMemoryBytes];
  return { wasi: Array.isArray(wasi) ? wasi.map(String) : [], ...(typeof max === 'number' ? { maxMemoryBytes: max } : {}) };
}
