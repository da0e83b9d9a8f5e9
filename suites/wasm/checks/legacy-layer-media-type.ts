import { defineCheck } from '../../../core/runner/check.js';
import type { PackageContext } from '../../package-format/package.js';
import { layoutBlobFile } from '../load/read-wasm-layout.js';
import { wasmLayerOf } from '../load/wasm-components.js';
import { WASM_MEDIA_TYPES } from '../../../core/protocol/wasm-convention.js';
import { withWasmLayouts } from './wasm-input.js';

const REQUIREMENT = 'WASM-005';

/** WASM-005: the Wasm layer uses `application/wasm`; the wasm-to-oci era type still works (WASM-004) but is warned about. */
export const legacyLayerMediaType = defineCheck<PackageContext>({
  id: 'wasm/legacy-layer-media-type',
  title: 'The Wasm layer uses application/wasm, not the legacy layer media type',
  requirements: [REQUIREMENT],
  run: (context) =>
    withWasmLayouts(context, [REQUIREMENT], (component, layout) => {
      const chosen = layout.manifest && layout.manifestDigest ? wasmLayerOf(layout) : undefined;
      if (!chosen || chosen.layer.mediaType !== WASM_MEDIA_TYPES.legacyLayer || !layout.manifestDigest) return [];
      return [
        {
          requirement: REQUIREMENT,
          outcome: 'fail',
          message: `${component.name}: ${layout.path}: layer ${chosen.position} has the legacy media type "${WASM_MEDIA_TYPES.legacyLayer}"; expected "${WASM_MEDIA_TYPES.layer}" (${REQUIREMENT}). Push the binary again as app.wasm:${WASM_MEDIA_TYPES.layer}; devices of the draft class still accept the old type.`,
          location: { kind: 'file', file: layoutBlobFile(layout, layout.manifestDigest), pointer: `/layers/${chosen.position}/mediaType` },
          evidence: { expected: WASM_MEDIA_TYPES.layer, actual: chosen.layer.mediaType },
        },
      ];
    }),
});
