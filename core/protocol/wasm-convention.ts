/**
 * The names of the draft Wasm device class (profiles/device-wasm.md), in one place for the checks, the
 * test builders and, later, the reference device and the mock WFM. They live under `conformance.example`,
 * a reserved domain (RFC 2606), so nobody mistakes them for official Margo names.
 */
export const WASM_LABELS = {
  /** What runs Wasm on the device: an engine name (`wasmtime`), or on Kubernetes the RuntimeClass name. String. */
  runtime: 'wasm.conformance.example/runtime',
  /** The WASI levels the device offers: a non-empty array of `wasip1` and `wasip2`. */
  wasi: 'wasm.conformance.example/wasi',
  /** The most linear memory one module may use on the device, in bytes. Number. */
  maxMemoryBytes: 'wasm.conformance.example/max-memory-bytes',
} as const;

/** The component extension that makes a component a Wasm component (WASM-001). */
export const WASM_EXTENSION = 'x-wasm-conformance-extensions';

/** The fields the extension may have; anything else is a typo or a field of a later draft (WASM-001). */
export const WASM_EXTENSION_FIELDS = ['wasi', 'entrypoint', 'memoryLimitBytes', 'args', 'env', 'localArtifact'] as const;

/** The CNCF TAG Runtime Wasm OCI artifact layout (WASM-004, WASM-005). */
export const WASM_MEDIA_TYPES = {
  config: 'application/vnd.wasm.config.v0+json',
  layer: 'application/wasm',
  /** The wasm-to-oci era layer type: still accepted for the layout, with a warning of its own (WASM-005). */
  legacyLayer: 'application/vnd.wasm.content.layer.v1+wasm',
} as const;

export type WasiLevel = 'wasip1' | 'wasip2';

export interface WasiLevelFacts {
  /** The binary a device of this level runs: a core module (wasip1) or a component (wasip2) (WASM-008). */
  binary: 'module' | 'component';
  /** Core module import namespaces a device of this level supplies (WASM-009); components use `wasi:` interfaces. */
  importModules: string[];
  /** The entry point when the extension names none (WASM-010). */
  defaultEntrypoint: string;
}

export const WASI_LEVELS: Record<WasiLevel, WasiLevelFacts> = {
  wasip1: { binary: 'module', importModules: ['wasi_snapshot_preview1'], defaultEntrypoint: '_start' },
  wasip2: { binary: 'component', importModules: [], defaultEntrypoint: 'wasi:cli/run' },
};

export function isWasiLevel(value: unknown): value is WasiLevel {
  return typeof value === 'string' && Object.hasOwn(WASI_LEVELS, value);
}

/** One Wasm page: linear memory grows in these units unless the module declares a custom page size. */
export const WASM_PAGE_BYTES = 65_536;

/**
 * The largest Wasm binary the checks examine. Edge modules are kilobytes to a few megabytes; this bounds
 * what a hostile package can make `WebAssembly.validate` and the section reader chew on.
 */
export const MAX_WASM_BYTES = 16 * 1024 * 1024;

/**
 * RuntimeClass names that run Wasm on Kubernetes through a containerd shim (runwasi: wasmtime, wasmedge,
 * wasmer; SpinKube: spin; wws; lunatic). A chart naming one is a Wasm workload on the Helm path (WASM-012).
 */
export const WASM_RUNTIME_CLASS = /wasm|spin|wasmtime|wasmedge|wws|lunatic/i;
