import { Worker } from 'node:worker_threads';

/** What the worker is given: the verified module and what the device lets it have. */
export interface WasmWorkerInput {
  wasm: Uint8Array;
  /** argv[0] is the program name; the extension's args follow. */
  args: string[];
  env: Record<string, string>;
  entrypoint: string;
  stubs: { module: string; name: string }[];
  /** Most stdout/stderr bytes kept; the rest is counted and dropped. */
  outputLimitBytes: number;
}

/** Messages from the worker, in order: instantiated, then one of exited / trapped. */
export type WasmWorkerMessage =
  | { kind: 'instantiated' }
  | { kind: 'exited'; code: number; memoryBytes: number; output: string }
  | { kind: 'trapped'; message: string; output: string };

/**
 * The worker's whole program, run from its source text (`eval`), so the same code runs from the
 * TypeScript sources under vitest and from `dist`. It must not close over anything: it gets `require`.
 * Untrusted code runs only here: node:wasi preview1 with no preopened directory, stdin/stdout/stderr on
 * the null device, and fd_write to 1 and 2 captured into a bounded buffer instead of the device's own
 * stdout (the readiness channel of the launch contract).
 */
function workerMain(load: (id: string) => unknown): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
  const { WASI } = load('node:wasi') as typeof import('node:wasi');
  const { openSync, closeSync } = load('node:fs') as typeof import('node:fs');
  const { devNull } = load('node:os') as typeof import('node:os');
  const input = workerData as WasmWorkerInput;
  const post = (message: WasmWorkerMessage) => parentPort?.postMessage(message);
  const nullFd = openSync(devNull, 'r+');
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let dropped = 0;
  const output = () => Buffer.concat(kept).toString('utf8') + (dropped > 0 ? `\n[${dropped} more bytes dropped]` : '');
  let memory: WebAssembly.Memory | undefined;
  try {
    const wasi = new WASI({ version: 'preview1', args: input.args, env: input.env, preopens: {}, stdin: nullFd, stdout: nullFd, stderr: nullFd, returnOnExit: true });
    const imports = wasi.getImportObject() as Record<string, Record<string, unknown>>;
    const preview1 = imports['wasi_snapshot_preview1'] ?? {};
    const fdWrite = preview1['fd_write'] as (fd: number, iovs: number, count: number, written: number) => number;
    preview1['fd_write'] = (fd: number, iovs: number, count: number, written: number): number => {
      if ((fd !== 1 && fd !== 2) || memory === undefined) return fdWrite(fd, iovs, count, written);
      try {
        const view = new DataView(memory.buffer);
        let total = 0;
        for (let i = 0; i < count; i++) {
          const pointer = view.getUint32(iovs + i * 8, true);
          const length = view.getUint32(iovs + i * 8 + 4, true);
          const bytes = new Uint8Array(memory.buffer, pointer, length);
          const room = Math.max(0, input.outputLimitBytes - keptBytes);
          kept.push(Buffer.from(bytes.subarray(0, room)));
          keptBytes += Math.min(room, length);
          dropped += Math.max(0, length - room);
          total += length;
        }
        view.setUint32(written, total, true);
        return 0;
      } catch {
        return 21; // EFAULT: an iovec outside the module's memory
      }
    };
    for (const stub of input.stubs) (imports[stub.module] ??= {})[stub.name] = () => 0;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(input.wasm as Uint8Array<ArrayBuffer>), imports as WebAssembly.Imports);
    const exported = instance.exports['memory'];
    memory = exported instanceof WebAssembly.Memory ? exported : undefined;
    post({ kind: 'instantiated' });
    let code = 0;
    if (input.entrypoint === '_start') code = wasi.start(instance) ?? 0;
    else {
      const entry = instance.exports[input.entrypoint];
      if (typeof entry !== 'function') throw new Error(`the module exports no function ${input.entrypoint}`);
      wasi.initialize(instance);
      (entry as () => unknown)();
    }
    post({ kind: 'exited', code, memoryBytes: memory?.buffer.byteLength ?? 0, output: output() });
  } catch (cause) {
    post({ kind: 'trapped', message: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause), output: output() });
  } finally {
    closeSync(nullFd);
  }
}

const WORKER_SOURCE = `(${workerMain.toString()})(require);`;

/** Linear memory is not V8 heap, so these bound only the worker's JavaScript side; the memory cap is checked separately. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** Starts the module in its own worker thread; the caller terminates it. Worker stdout/stderr are drained, never shown. */
export function startWasmWorker(input: WasmWorkerInput): Worker {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: input, resourceLimits: RESOURCE_LIMITS, stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  worker.unref();
  return worker;
}
