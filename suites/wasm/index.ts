import type { Check } from '../../core/runner/check.js';
import type { PackageContext } from '../package-format/package.js';
import { artifactLayout } from './checks/artifact-layout.js';
import { binaryKind } from './checks/binary-kind.js';
import { binaryValid } from './checks/binary-valid.js';
import { blobDigests } from './checks/blob-digests.js';
import { customProfile } from './checks/custom-profile.js';
import { eligibilityLabels } from './checks/eligibility-labels.js';
import { entryPoint } from './checks/entry-point.js';
import { extensionSettings } from './checks/extension-settings.js';
import { legacyLayerMediaType } from './checks/legacy-layer-media-type.js';
import { memoryLimit } from './checks/memory-limit.js';
import { wasiImports } from './checks/wasi-imports.js';

export { inspectWasm, type WasmFacts } from './binary/inspect-wasm.js';
export { readWasmHeader, type WasmBinaryKind } from './binary/wasm-header.js';
export { createWasmArtifact, ociLayoutFiles, type WasmArtifactParts } from '../../instruments/wasm-artifacts/create-wasm-artifact.js';
export { compileWat } from '../../instruments/wasm-artifacts/compile-wat.js';
export { wasmComponentsOf, type WasmComponent } from './load/wasm-components.js';
export * from '../../core/protocol/wasm-convention.js';

/** The static WASM rules (draft class device-wasm), run from the package command on the Wasm components a package reaches. */
export const WASM_CHECKS: readonly Check<PackageContext>[] = [
  extensionSettings,
  customProfile,
  eligibilityLabels,
  artifactLayout,
  legacyLayerMediaType,
  blobDigests,
  binaryValid,
  binaryKind,
  wasiImports,
  entryPoint,
  memoryLimit,
];
