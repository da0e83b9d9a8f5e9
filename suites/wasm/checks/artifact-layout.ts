import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { isRecord } from '../../package-format/description.js';
import { OCI_MEDIA_TYPES } from '../../../core/protocol/oci-media-types.js';
import type { PackageContext } from '../../package-format/package.js';
import { layoutBlobFile, type WasmLayout } from '../load/read-wasm-layout.js';
import { layoutLayers, sha256, type WasmComponent } from '../load/wasm-components.js';
import { WASM_MEDIA_TYPES } from '../../../core/protocol/wasm-convention.js';
import { fileLocation, withWasmLayouts } from './wasm-input.js';

const REQUIREMENT = 'WASM-004';
const FIX = 'Push the binary as a Wasm OCI artifact (for example with `wkg oci push` or `oras push --config config.json:application/vnd.wasm.config.v0+json app.wasm:application/wasm`).';

/**
 * WASM-004: the artifact follows the CNCF Wasm OCI artifact layout: an image manifest whose config has
 * media type `application/vnd.wasm.config.v0+json` and says `architecture: wasm`, `os: <the declared WASI
 * level>` and the layer digests in order, and exactly one layer with a Wasm media type. The legacy layer
 * type is accepted here and warned about under WASM-005.
 */
export const artifactLayout = defineCheck<PackageContext>({
  id: 'wasm/artifact-layout',
  title: 'The Wasm artifact has the Wasm OCI artifact layout and media types',
  requirements: [REQUIREMENT],
  run: (context) => withWasmLayouts(context, [REQUIREMENT], (component, layout) => layoutProblems(component, layout).map((p) => ({ requirement: REQUIREMENT, outcome: 'fail' as const, ...p }))),
});

type Problem = Pick<Finding, 'message' | 'location' | 'evidence'>;

function layoutProblems(component: WasmComponent, layout: WasmLayout): Problem[] {
  const subject = `${component.name}: ${layout.path}`;
  if (layout.unreadable || !layout.manifest || !layout.manifestDigest) {
    return [{ message: `${subject}: ${layout.unreadable ?? 'no manifest'} (${REQUIREMENT}). ${FIX}`, location: fileLocation(layout.path) }];
  }
  const manifestFile = layoutBlobFile(layout, layout.manifestDigest);
  const at = (pointer: string) => ({ kind: 'file' as const, file: manifestFile, pointer });
  const problems: Problem[] = [];
  const { manifest } = layout;
  if (manifest.schemaVersion !== 2 || manifest.mediaType !== OCI_MEDIA_TYPES.manifest) {
    problems.push({ message: `${subject}: manifest has schemaVersion ${JSON.stringify(manifest.schemaVersion ?? null)} and mediaType ${JSON.stringify(manifest.mediaType ?? null)}; expected 2 and "${OCI_MEDIA_TYPES.manifest}" (${REQUIREMENT}). ${FIX}`, location: at('/mediaType') });
  }
  const config = isRecord(manifest.config) ? manifest.config : {};
  if (config.mediaType !== WASM_MEDIA_TYPES.config) {
    problems.push({ message: `${subject}: manifest config mediaType is ${JSON.stringify(config.mediaType ?? null)}; expected "${WASM_MEDIA_TYPES.config}" (${REQUIREMENT}). ${FIX}`, location: at('/config/mediaType'), evidence: { expected: WASM_MEDIA_TYPES.config, actual: config.mediaType } });
  }
  const layers = layoutLayers(layout);
  const wasmTypes: unknown[] = [WASM_MEDIA_TYPES.layer, WASM_MEDIA_TYPES.legacyLayer];
  const only = layers.length === 1 ? layers[0] : undefined;
  if (!only) {
    problems.push({ message: `${subject}: manifest has ${layers.length} layers; expected exactly one Wasm layer (${REQUIREMENT}). ${FIX}`, location: at('/layers') });
  } else if (!wasmTypes.includes(only.layer.mediaType)) {
    problems.push({ message: `${subject}: layer 0 mediaType is ${JSON.stringify(only.layer.mediaType ?? null)}; expected "${WASM_MEDIA_TYPES.layer}" (${REQUIREMENT}). ${FIX}`, location: at('/layers/0/mediaType'), evidence: { expected: WASM_MEDIA_TYPES.layer, actual: only.layer.mediaType } });
  }
  problems.push(...configProblems(component, layout, config, layers.map(({ layer }) => layer.digest)));
  return problems;
}

/** The config blob's content, when it is there and intact (a missing or altered blob is WASM-006's finding). */
function configProblems(component: WasmComponent, layout: WasmLayout, descriptor: Record<string, unknown>, layerDigests: unknown[]): Problem[] {
  const digest = typeof descriptor.digest === 'string' ? descriptor.digest : undefined;
  const bytes = digest ? layout.blobs.get(digest) : undefined;
  if (!digest || !bytes || sha256(bytes) !== digest || descriptor.mediaType !== WASM_MEDIA_TYPES.config) return [];
  const file = layoutBlobFile(layout, digest);
  const subject = `${component.name}: ${file}`;
  let config: unknown;
  try {
    config = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return [{ message: `${subject}: the Wasm config is not JSON (${REQUIREMENT}). ${FIX}`, location: fileLocation(file) }];
  }
  if (!isRecord(config)) return [{ message: `${subject}: the Wasm config is not a JSON object (${REQUIREMENT}). ${FIX}`, location: fileLocation(file) }];
  const expected: [string, unknown, unknown][] = [
    ['architecture', 'wasm', config.architecture],
    ...(component.settings.wasi ? [['os', component.settings.wasi, config.os] as [string, unknown, unknown]] : []),
    ['layerDigests', layerDigests, config.layerDigests],
  ];
  const problems: Problem[] = expected
    .filter(([, want, actual]) => JSON.stringify(want) !== JSON.stringify(actual))
    .map(([field, want, actual]) => ({
      message: `${subject}: config ${field} is ${JSON.stringify(actual ?? null)}; expected ${JSON.stringify(want)} (${REQUIREMENT}). ${field === 'os' ? 'Build and push the binary for the WASI level the extension declares, or correct wasi.' : FIX}`,
      location: { kind: 'file' as const, file, pointer: `/${field}` },
      evidence: { expected: want, actual },
    }));
  if (config.os === 'wasip2' && !isRecord(config.component)) {
    problems.push({ message: `${subject}: config os is "wasip2" but it has no component object (${REQUIREMENT}). ${FIX}`, location: { kind: 'file', file, pointer: '/component' } });
  }
  return problems;
}
