import { isRecord } from '../../package-format/description.js';
import { OCI_ANNOTATIONS, SHA256_DIGEST } from '../../../core/protocol/oci-media-types.js';

/** A Wasm OCI artifact read from an OCI image layout that sits inside the package, in memory. */
export interface WasmLayout {
  /** The layout directory, relative to the package root. */
  path: string;
  /** Why no manifest could be chosen (missing or malformed oci-layout, index.json or manifest); WASM-004 reports it. */
  unreadable?: string;
  manifestDigest?: string;
  manifest?: Record<string, unknown>;
  /** Blob bytes by the digest their file name claims (`blobs/sha256/<hex>` -> `sha256:<hex>`). */
  blobs: ReadonlyMap<string, Uint8Array>;
}

/** `wasm/line-filter/blobs/sha256/<hex>`: where a blob of the layout sits in the package. */
export function layoutBlobFile(layout: WasmLayout, digest: string): string {
  return `${layout.path}/blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/**
 * Reads the layout below `path` from the package's files. The manifest is the only one in `index.json`,
 * or the one tagged with the component's `revision`. Nothing is read from disk: the package loader has
 * already bounded and read every file.
 */
export function readWasmLayout(files: ReadonlyMap<string, Uint8Array>, path: string, revision: string | undefined): WasmLayout {
  const prefix = `${path}/blobs/sha256/`;
  const blobs = new Map<string, Uint8Array>();
  for (const [file, bytes] of files) {
    const hex = file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
    if (hex !== undefined && SHA256_DIGEST.test(`sha256:${hex}`)) blobs.set(`sha256:${hex}`, bytes);
  }
  const unreadable = (why: string): WasmLayout => ({ path, unreadable: why, blobs });

  const layout = parseJson(files.get(`${path}/oci-layout`));
  if (!isRecord(layout) || layout.imageLayoutVersion !== '1.0.0') return unreadable(`${path}/oci-layout is missing or has no imageLayoutVersion "1.0.0"`);
  const index = parseJson(files.get(`${path}/index.json`));
  if (!isRecord(index) || !Array.isArray(index.manifests)) return unreadable(`${path}/index.json is missing or has no manifests array`);
  const entries = index.manifests.filter(isRecord);
  const tagOf = (entry: Record<string, unknown>) => (isRecord(entry.annotations) ? entry.annotations[OCI_ANNOTATIONS.refName] : undefined);
  const entry = entries.length === 1 ? entries[0] : entries.find((e) => revision !== undefined && tagOf(e) === revision);
  if (!entry) {
    const tags = entries.map((e) => JSON.stringify(tagOf(e) ?? null)).join(', ');
    return unreadable(`${path}/index.json lists ${entries.length} manifests (tags ${tags || 'none'}) and none is tagged with the component revision ${JSON.stringify(revision ?? null)}`);
  }
  const digest = typeof entry.digest === 'string' && SHA256_DIGEST.test(entry.digest) ? entry.digest : undefined;
  if (!digest) return unreadable(`${path}/index.json names the manifest by digest ${JSON.stringify(entry.digest ?? null)}, not a sha256: digest`);
  const manifest = parseJson(blobs.get(digest));
  if (!isRecord(manifest)) return unreadable(`manifest ${digest} named by ${path}/index.json is missing from blobs/sha256 or is not a JSON object`);
  return { path, manifestDigest: digest, manifest, blobs };
}

function parseJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}
