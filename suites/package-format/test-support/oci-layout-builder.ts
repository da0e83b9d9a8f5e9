import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import {
  MARGO_RESOURCES,
  OCI_ANNOTATIONS,
  OCI_EMPTY_DESCRIPTOR,
  OCI_MEDIA_TYPES,
  blobPath,
  formatOfPath,
  resourceMediaType,
  type MargoResource,
} from '../../../core/protocol/oci-media-types.js';

/** The JSON documents of a layout before they are written; `mutate` may change them in place. */
export interface OciLayoutParts {
  manifest: Record<string, unknown>;
  /** `manifest.layers`, the same array. */
  layers: Record<string, unknown>[];
  /** `index.json`. Entries the hook leaves without a `digest` get the manifest's digest and size. */
  index: { manifests: Record<string, unknown>[] } & Record<string, unknown>;
  /** Writes one more blob into the layout (a non-empty config, say) and returns its digest and size. */
  addBlob(content: string | Uint8Array): { digest: string; size: number };
}

export interface BuildOciLayoutOptions {
  /** Tag of the manifest in `index.json`; `null` writes no tag. @default the description's metadata.version */
  tag?: string | null;
  /** Changes the manifest, its layers or the index before they are serialised: one defect per call. */
  mutate?: (parts: OciLayoutParts) => void;
  /** Title of a layer whose blob is written with its last byte flipped (same size, wrong sha256). */
  corruptBlob?: string;
  /** Title of a layer whose blob is not written at all. */
  omitBlob?: string;
}

export interface BuiltOciLayout {
  manifestDigest: string;
  /** Absolute path of the blob of the layer with this title. */
  blobFile(title: string): string;
}

/**
 * Writes a correct Margo OCI image layout for a package directory, the way `oras push --oci-layout` would:
 * `margo.yaml` becomes the description layer; a file that `metadata.catalog.application` names as icon,
 * descriptionFile, licenseFile or releaseNotes becomes a resource layer typed
 * `application/vnd.margo.app.<resource>.v1+<format>` with `org.margo.app.resource: <resource>`; any other
 * file becomes an `application/octet-stream` layer without that annotation, since Margo defines no media
 * type for it (PKG-030 constrains only description and resource layers).
 */
export async function buildOciLayout(packageDir: string, outDir: string, options: BuildOciLayoutOptions = {}): Promise<BuiltOciLayout> {
  const paths = (await listFiles(packageDir)).sort((a, b) => (a === 'margo.yaml' ? -1 : b === 'margo.yaml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const description = parse(await readFile(join(packageDir, 'margo.yaml'), 'utf8')) as { metadata?: Record<string, any> };
  const resources = resourcesByPath(description);
  const blobsDir = join(outDir, 'blobs', 'sha256');
  await mkdir(blobsDir, { recursive: true });

  const digestsByTitle = new Map<string, string>();
  const layers: Record<string, unknown>[] = [];
  for (const path of paths) {
    const bytes = await readFile(join(packageDir, path));
    const digest = sha256(bytes);
    digestsByTitle.set(path, digest);
    const resource = resources.get(path);
    const mediaType =
      path === 'margo.yaml' ? OCI_MEDIA_TYPES.description : resource ? resourceMediaType(resource, formatOfPath(path)) : 'application/octet-stream';
    const annotations: Record<string, string> = { [OCI_ANNOTATIONS.title]: path };
    if (resource) annotations[OCI_ANNOTATIONS.resource] = resource;
    layers.push({ mediaType, digest, size: bytes.length, annotations });
    if (path === options.omitBlob) continue;
    const written = path === options.corruptBlob ? flipLastByte(bytes) : bytes;
    await writeFile(join(outDir, blobPath(digest)), written);
  }
  await writeFile(join(outDir, blobPath(OCI_EMPTY_DESCRIPTOR.digest)), '{}');

  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: OCI_MEDIA_TYPES.manifest,
    artifactType: OCI_MEDIA_TYPES.application,
    config: { ...OCI_EMPTY_DESCRIPTOR },
    layers,
  };
  const tag = options.tag === undefined ? String(description.metadata?.version) : options.tag;
  const entry: Record<string, unknown> = { mediaType: OCI_MEDIA_TYPES.manifest, artifactType: OCI_MEDIA_TYPES.application };
  if (tag !== null) entry.annotations = { [OCI_ANNOTATIONS.refName]: tag };
  const index = { schemaVersion: 2, mediaType: OCI_MEDIA_TYPES.index, manifests: [entry] };
  const extraBlobs: Uint8Array[] = [];
  const addBlob = (content: string | Uint8Array) => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    extraBlobs.push(bytes);
    return { digest: sha256(bytes), size: bytes.length };
  };
  options.mutate?.({ manifest, layers, index, addBlob });
  for (const bytes of extraBlobs) await writeFile(join(outDir, blobPath(sha256(bytes))), bytes);

  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = sha256(manifestBytes);
  await writeFile(join(outDir, blobPath(manifestDigest)), manifestBytes);
  for (const descriptor of index.manifests) {
    if (descriptor.digest === undefined) Object.assign(descriptor, { digest: manifestDigest, size: manifestBytes.length });
  }
  await writeFile(join(outDir, 'index.json'), JSON.stringify(index));
  await writeFile(join(outDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));

  return {
    manifestDigest,
    blobFile(title) {
      const digest = digestsByTitle.get(title);
      if (!digest) throw new Error(`no layer titled ${title} in the layout built from ${packageDir}`);
      return join(outDir, blobPath(digest));
    },
  };
}

function resourcesByPath(description: { metadata?: Record<string, any> }): Map<string, MargoResource> {
  const application: Record<string, unknown> = description.metadata?.catalog?.application ?? {};
  const byPath = new Map<string, MargoResource>();
  for (const resource of MARGO_RESOURCES) {
    const link = application[resource];
    if (typeof link === 'string') byPath.set(posix.normalize(link), resource);
  }
  return byPath;
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function flipLastByte(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
  return copy;
}
