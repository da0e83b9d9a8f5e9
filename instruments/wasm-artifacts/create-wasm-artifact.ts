import { createHash } from 'node:crypto';
import { OCI_ANNOTATIONS, OCI_MEDIA_TYPES } from '../../core/protocol/oci-media-types.js';
import { WASM_MEDIA_TYPES, type WasiLevel } from '../../core/protocol/wasm-convention.js';

/** The JSON documents of an artifact before they are serialised; `mutate` may change them in place. */
export interface WasmArtifactParts {
  manifest: Record<string, unknown>;
  /** The config document (`application/vnd.wasm.config.v0+json`). */
  config: Record<string, unknown>;
  /** The one layer descriptor, also `manifest.layers[0]`. */
  layer: Record<string, unknown>;
}

export interface CreateWasmArtifactOptions {
  wasm: Uint8Array;
  wasi: WasiLevel;
  /** @default 'application/wasm' */
  layerMediaType?: string;
  /** Config `created`; fixed by default so the same input gives the same digests. @default '2026-01-01T00:00:00Z' */
  created?: string;
  /** Changes the manifest, config or layer before they are serialised: one defect per call. Digests of the config are computed after. */
  mutate?: (parts: WasmArtifactParts) => void;
}

export interface WasmArtifact {
  manifest: Uint8Array;
  manifestDigest: string;
  manifestMediaType: string;
  configDigest: string;
  layerDigest: string;
  /** Config and layer bytes by digest. */
  blobs: Map<string, Uint8Array>;
}

/**
 * Builds a Wasm OCI artifact in memory, the CNCF TAG Runtime layout `wkg oci push` writes: an image
 * manifest whose config is `application/vnd.wasm.config.v0+json` (architecture wasm, os the WASI level,
 * the layer digests) and one `application/wasm` layer. For the package fixtures, and for the harness
 * registry that serves Wasm to a device under test.
 */
export function createWasmArtifact(options: CreateWasmArtifactOptions): WasmArtifact {
  const layerDigest = sha256(options.wasm);
  const layer: Record<string, unknown> = { mediaType: options.layerMediaType ?? WASM_MEDIA_TYPES.layer, digest: layerDigest, size: options.wasm.length };
  const config: Record<string, unknown> = {
    created: options.created ?? '2026-01-01T00:00:00Z',
    architecture: 'wasm',
    os: options.wasi,
    layerDigests: [layerDigest],
    ...(options.wasi === 'wasip2' ? { component: { exports: [], imports: [] } } : {}),
  };
  const manifest: Record<string, unknown> = { schemaVersion: 2, mediaType: OCI_MEDIA_TYPES.manifest, config: { mediaType: WASM_MEDIA_TYPES.config }, layers: [layer] };
  options.mutate?.({ manifest, config, layer });
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = sha256(configBytes);
  if (typeof manifest.config === 'object' && manifest.config !== null) {
    const descriptor = manifest.config as Record<string, unknown>;
    descriptor.digest ??= configDigest;
    descriptor.size ??= configBytes.length;
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  return {
    manifest: manifestBytes,
    manifestDigest: sha256(manifestBytes),
    manifestMediaType: typeof manifest.mediaType === 'string' ? manifest.mediaType : OCI_MEDIA_TYPES.manifest,
    configDigest,
    layerDigest,
    blobs: new Map<string, Uint8Array>([
      [configDigest, configBytes],
      [layerDigest, options.wasm],
    ]),
  };
}

/**
 * The files of an OCI image layout holding the artifact, under `prefix` (a package path such as
 * `wasm/line-filter`), tagged `tag` in `index.json`.
 */
export function ociLayoutFiles(artifact: WasmArtifact, options: { prefix: string; tag: string }): Map<string, Uint8Array> {
  const { prefix, tag } = options;
  const index = {
    schemaVersion: 2,
    mediaType: OCI_MEDIA_TYPES.index,
    manifests: [{ mediaType: artifact.manifestMediaType, digest: artifact.manifestDigest, size: artifact.manifest.length, annotations: { [OCI_ANNOTATIONS.refName]: tag } }],
  };
  const files = new Map<string, Uint8Array>([
    [`${prefix}/oci-layout`, Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' }))],
    [`${prefix}/index.json`, Buffer.from(JSON.stringify(index))],
    [`${prefix}/blobs/sha256/${hex(artifact.manifestDigest)}`, artifact.manifest],
  ]);
  for (const [digest, bytes] of artifact.blobs) files.set(`${prefix}/blobs/sha256/${hex(digest)}`, bytes);
  return files;
}

function hex(digest: string): string {
  return digest.slice('sha256:'.length);
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
