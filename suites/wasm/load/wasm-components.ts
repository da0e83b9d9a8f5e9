import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { componentsOf, isRecord, profilesOf, type Located } from '../../package-format/description.js';
import type { LoadedPackage, PackageContext } from '../../package-format/package.js';
import { inspectWasm, type WasmFacts } from '../binary/inspect-wasm.js';
import { WASM_EXTENSION, WASM_MEDIA_TYPES, isWasiLevel, type WasiLevel } from '../../../core/protocol/wasm-convention.js';
import { layoutBlobFile, readWasmLayout, type WasmLayout } from './read-wasm-layout.js';

/** The extension's fields that hold a usable value; malformed ones are left out here and reported by WASM-001. */
export interface WasmSettings {
  wasi?: WasiLevel;
  entrypoint?: string;
  memoryLimitBytes?: number;
  localArtifact?: string;
}

export type WasmArtifact =
  | { kind: 'unreached'; reason: string }
  | { kind: 'file'; path: string; bytes: Uint8Array }
  | { kind: 'oci-layout'; path: string; layout: WasmLayout };

/** A component that carries the Wasm extension, with whatever of its artifact the package holds. */
export interface WasmComponent {
  name: string;
  /** JSON Pointer of the component in the description. */
  pointer: string;
  profile: Located<Record<string, unknown>>;
  /** The raw extension value. */
  extension: unknown;
  settings: WasmSettings;
  repository?: string;
  revision?: string;
  artifact: WasmArtifact;
}

/** The Wasm binary of a component, where it sits in the package, or why the binary checks cannot look at it. */
export type WasmBinary = { file: string; bytes: Uint8Array; facts: WasmFacts } | { skip: string };

const found = new WeakMap<LoadedPackage, WasmComponent[]>();
const binaries = new WeakMap<WasmComponent, WasmBinary>();

/** Every component with an `x-wasm-conformance-extensions` mapping, in description order; read once per package. */
export function wasmComponentsOf(context: PackageContext): WasmComponent[] {
  const cached = found.get(context.pkg);
  if (cached) return cached;
  const description = context.pkg.description.value;
  const components = isRecord(description) ? collect(context.pkg, description) : [];
  found.set(context.pkg, components);
  return components;
}

function collect(pkg: LoadedPackage, description: Record<string, unknown>): WasmComponent[] {
  const components: WasmComponent[] = [];
  for (const profile of profilesOf(description)) {
    for (const component of componentsOf(profile)) {
      if (!Object.hasOwn(component.value, WASM_EXTENSION)) continue;
      const extension = component.value[WASM_EXTENSION];
      const settings = settingsOf(extension);
      const properties = isRecord(component.value.properties) ? component.value.properties : {};
      const repository = typeof properties.repository === 'string' ? properties.repository : undefined;
      const revision = typeof properties.revision === 'string' ? properties.revision : undefined;
      components.push({
        name: String(component.value.name ?? `component ${component.pointer}`),
        pointer: component.pointer,
        profile,
        extension,
        settings,
        ...(repository !== undefined ? { repository } : {}),
        ...(revision !== undefined ? { revision } : {}),
        artifact: artifactOf(pkg, settings.localArtifact, repository, revision),
      });
    }
  }
  return components;
}

function settingsOf(extension: unknown): WasmSettings {
  if (!isRecord(extension)) return {};
  const { wasi, entrypoint, memoryLimitBytes, localArtifact } = extension;
  return {
    ...(isWasiLevel(wasi) ? { wasi } : {}),
    ...(typeof entrypoint === 'string' && entrypoint !== '' ? { entrypoint } : {}),
    ...(Number.isSafeInteger(memoryLimitBytes) && (memoryLimitBytes as number) > 0 ? { memoryLimitBytes: memoryLimitBytes as number } : {}),
    ...(typeof localArtifact === 'string' && isInsidePackage(localArtifact) ? { localArtifact: posix.normalize(localArtifact).replace(/\/$/, '') } : {}),
  };
}

/** A relative path that stays inside the package: no scheme, not absolute, no `..` (WASM-001). */
export function isInsidePackage(path: string): boolean {
  if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.includes('\\')) return false;
  const normal = posix.normalize(path);
  return normal !== '..' && !normal.startsWith('../') && normal !== '.';
}

/**
 * `localArtifact` names either a `.wasm` file or an OCI image layout directory in the package. Without it
 * the artifact is only at its `oci://` repository, which an offline run does not pull.
 */
function artifactOf(pkg: LoadedPackage, local: string | undefined, repository: string | undefined, revision: string | undefined): WasmArtifact {
  const remote = repository ? `${repository}${revision ? `:${revision}` : ''}` : 'its repository';
  if (local === undefined) return { kind: 'unreached', reason: `its artifact is only at ${remote} (no localArtifact), and the run is offline` };
  if (!pkg.files) return { kind: 'unreached', reason: `only the description was given, so ${local} is not available` };
  const file = pkg.files.get(local);
  if (file) return { kind: 'file', path: local, bytes: file };
  if (pkg.files.has(`${local}/oci-layout`) || pkg.files.has(`${local}/index.json`)) return { kind: 'oci-layout', path: local, layout: readWasmLayout(pkg.files, local, revision) };
  return { kind: 'unreached', reason: `localArtifact ${local} is neither a file nor an OCI image layout in the package` };
}

/** The manifest's layers that are descriptors, with their positions. */
export function layoutLayers(layout: WasmLayout): { layer: Record<string, unknown>; position: number }[] {
  const layers = Array.isArray(layout.manifest?.layers) ? layout.manifest.layers : [];
  return layers.flatMap((layer, position) => (isRecord(layer) ? [{ layer, position }] : []));
}

/** The layer that carries the Wasm binary: the first with a Wasm media type, else the only layer. */
export function wasmLayerOf(layout: WasmLayout): { layer: Record<string, unknown>; position: number } | undefined {
  const layers = layoutLayers(layout);
  const typed = layers.find(({ layer }) => layer.mediaType === WASM_MEDIA_TYPES.layer || layer.mediaType === WASM_MEDIA_TYPES.legacyLayer);
  return typed ?? (layers.length === 1 ? layers[0] : undefined);
}

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * The binary the binary checks (WASM-007..WASM-011) examine. A layer blob that does not match its digest
 * is not examined: a device must refuse it (WASM-006 reports it), so judging its content would blame the
 * module for the transport.
 */
export function wasmBinaryOf(component: WasmComponent): WasmBinary {
  const cached = binaries.get(component);
  if (cached) return cached;
  const binary = locateBinary(component);
  binaries.set(component, binary);
  return binary;
}

function locateBinary(component: WasmComponent): WasmBinary {
  const { artifact } = component;
  if (artifact.kind === 'unreached') return { skip: `${component.name}: ${artifact.reason}` };
  if (artifact.kind === 'file') return { file: artifact.path, bytes: artifact.bytes, facts: inspectWasm(artifact.bytes) };
  const { layout } = artifact;
  if (layout.unreadable) return { skip: `${component.name}: ${layout.unreadable} (see WASM-004)` };
  const chosen = wasmLayerOf(layout);
  const digest = chosen && typeof chosen.layer.digest === 'string' ? chosen.layer.digest : undefined;
  if (!chosen || !digest) return { skip: `${component.name}: the manifest of ${layout.path} has no Wasm layer (see WASM-004)` };
  const bytes = layout.blobs.get(digest);
  if (!bytes) return { skip: `${component.name}: the blob of the Wasm layer ${digest} is not in ${layout.path} (see WASM-006)` };
  if (sha256(bytes) !== digest) return { skip: `${component.name}: the Wasm layer blob does not match its digest ${digest} (see WASM-006)` };
  return { file: layoutBlobFile(layout, digest), bytes, facts: inspectWasm(bytes) };
}
