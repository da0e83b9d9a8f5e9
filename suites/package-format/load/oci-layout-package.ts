import { constants, lstatSync, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { DEFAULT_LIMITS, UnsafeInputError, type InputLimits } from '../../../core/input/limits.js';
import { parseYaml, refuseUnsafeYaml, type ParsedYaml } from '../../../core/input/parse-yaml.js';
import { OCI_ANNOTATIONS, OCI_MEDIA_TYPES, SHA256_DIGEST, blobPath } from '../../../core/protocol/oci-media-types.js';
import { isRecord } from '../description.js';
import type { LoadedPackage } from '../package.js';

export interface LoadOciLayoutOptions {
  /** The path as given on the command line, for messages and the report. */
  location: string;
  /** Picks the manifest whose index entry has this `org.opencontainers.image.ref.name`. @default the only manifest */
  tag?: string;
  /** @default DEFAULT_LIMITS */
  limits?: InputLimits;
}

/** Whether a directory is an OCI image layout: it has an `oci-layout` file. */
export function isOciLayout(dir: string): boolean {
  // Synchronous: one lstat per run costs less than a thread-pool round trip.
  const info = lstatSyncOrUndefined(join(dir, 'oci-layout'));
  // A symlinked `oci-layout` still marks a layout, so the loader refuses it rather than reading a plain directory.
  return info !== undefined && !info.isDirectory();
}

function lstatSyncOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Reads one manifest of an OCI image layout and the blobs it references, and presents its layers as package
 * files by their title annotation. Only `oci-layout`, `index.json` and `blobs/sha256/<hex>` of referenced
 * digests are opened; links are refused, sizes are bounded. A missing layer blob is left out for the checks
 * to report (PKG-028); a missing or malformed index or manifest throws, since then there is nothing to check.
 */
export async function loadOciLayoutPackage(dir: string, options: LoadOciLayoutOptions): Promise<LoadedPackage> {
  const { location } = options;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const read = createLayoutReader(dir, location, limits);
  const fix = 'Write the layout with `oras push --oci-layout` or `oras copy --to-oci-layout`.';

  const layout = parseJson(await read('oci-layout'), `${location}: oci-layout`, fix);
  if (!isRecord(layout) || layout.imageLayoutVersion !== '1.0.0') {
    const found = isRecord(layout) ? JSON.stringify(layout.imageLayoutVersion) : 'not an object';
    throw new Error(`${location}: oci-layout imageLayoutVersion is ${found ?? 'missing'}; expected "1.0.0". ${fix}`);
  }
  const index = parseJson(await read('index.json'), `${location}: index.json`, fix);
  if (!isRecord(index) || !Array.isArray(index.manifests)) {
    throw new Error(`${location}: index.json has no manifests array. ${fix}`);
  }

  const entry = chooseManifest(index.manifests, location, options.tag);
  const manifestDigest = sha256Digest(entry.digest, `${location}: index.json manifests[${entry.position}]`);
  if (!manifestDigest) {
    throw new Error(`${location}: index.json manifests[${entry.position}] has digest ${JSON.stringify(entry.digest)}; expected a sha256: digest. ${fix}`);
  }
  const manifestBytes = await read(blobPath(manifestDigest));
  if (!manifestBytes) {
    throw new Error(`${location}: manifest ${manifestDigest} named by index.json is not in blobs/sha256. ${fix}`);
  }
  const manifest = parseJson(manifestBytes, `${location}: manifest ${blobPath(manifestDigest)}`, fix);
  if (!isRecord(manifest)) throw new Error(`${location}: manifest ${blobPath(manifestDigest)} is not a JSON object. ${fix}`);

  const blobs = new Map<string, Uint8Array>([[manifestDigest, manifestBytes]]);
  const readBlob = async (descriptor: unknown, where: string): Promise<Uint8Array | undefined> => {
    if (!isRecord(descriptor)) return undefined;
    const digest = sha256Digest(descriptor.digest, `${location}: ${where}`);
    if (!digest) return undefined;
    if (!blobs.has(digest)) {
      const bytes = await read(blobPath(digest));
      if (bytes) blobs.set(digest, bytes);
    }
    return blobs.get(digest);
  };

  await readBlob(manifest.config, 'manifest config');
  const layers: unknown[] = Array.isArray(manifest.layers) ? manifest.layers : [];
  if (layers.length > limits.maxEntries) {
    throw new UnsafeInputError(`${location}: manifest has ${layers.length} layers, over the ${limits.maxEntries}-entry limit; refused.`);
  }
  const files = new Map<string, Uint8Array>();
  const descriptions: { name: string; bytes: Uint8Array | undefined }[] = [];
  for (const [position, layer] of layers.entries()) {
    const bytes = await readBlob(layer, `manifest layers[${position}]`);
    if (!isRecord(layer)) continue;
    const title = layerTitle(layer, position, location);
    if (title !== undefined && bytes && !files.has(title)) files.set(title, bytes);
    if (layer.mediaType === OCI_MEDIA_TYPES.description) {
      const digest = typeof layer.digest === 'string' && SHA256_DIGEST.test(layer.digest) ? layer.digest : undefined;
      descriptions.push({ name: title ?? (digest ? blobPath(digest) : `layer ${position}`), bytes });
    }
  }

  const first = descriptions[0];
  const descriptionFile = first?.name ?? 'margo.yaml';
  const description = !first
    ? unreadable(`no layer with media type ${OCI_MEDIA_TYPES.description}`)
    : first.bytes
      ? refuseUnsafeYaml(parseUtf8Yaml(first.bytes, limits), `${location}: ${first.name}`)
      : unreadable(`the blob of description layer ${first.name} is not in the layout`);
  const tag = refName(entry.descriptor);
  return {
    format: 'oci-layout',
    location,
    digest: manifestDigest,
    files,
    descriptionFile,
    descriptionCandidates: descriptions.map((d) => d.name),
    description,
    oci: { index, manifest, manifestDigest, ...(tag !== undefined ? { tag } : {}), blobs },
  };
}

interface IndexEntry {
  descriptor: Record<string, unknown>;
  position: number;
  digest: unknown;
}

function chooseManifest(manifests: unknown[], location: string, tag: string | undefined): IndexEntry {
  const entries = manifests.map((descriptor, position) => {
    const record = isRecord(descriptor) ? descriptor : {};
    return { descriptor: record, position, digest: record.digest };
  });
  const tags = entries.map((e) => refName(e.descriptor) ?? '(untagged)').join(', ');
  if (tag !== undefined) {
    // A layout may tag two manifests alike; the first wins, as `oras` resolves it.
    const tagged = entries.find((e) => refName(e.descriptor) === tag);
    if (!tagged) throw new Error(`${location}: index.json has no manifest tagged "${tag}" (tags: ${tags || 'none'}). Pass one of those with --tag.`);
    return tagged;
  }
  const [only, ...others] = entries;
  if (!only) throw new Error(`${location}: index.json lists no manifests. Push the package into the layout first.`);
  if (others.length > 0) throw new Error(`${location}: index.json lists ${entries.length} manifests (tags: ${tags}). Pass --tag to choose one.`);
  return only;
}

function refName(descriptor: Record<string, unknown>): string | undefined {
  const annotations = descriptor.annotations;
  const name = isRecord(annotations) ? annotations[OCI_ANNOTATIONS.refName] : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The digest when it is `sha256:<64 hex>`, the only form used as a file name. A digest that could name a
 * path elsewhere is hostile and refused; any other (`sha512:`, garbage) is not read, and the checks report it.
 */
function sha256Digest(digest: unknown, where: string): string | undefined {
  if (typeof digest !== 'string') return undefined;
  if (SHA256_DIGEST.test(digest)) return digest;
  if (/[/\\\0]|\.\./.test(digest)) {
    throw new UnsafeInputError(`${where} has digest ${JSON.stringify(digest)}, which would name a path outside blobs/sha256; refused.`);
  }
  return undefined;
}

/** The layer's title as a normalised relative POSIX path; undefined when it has none. */
function layerTitle(layer: Record<string, unknown>, position: number, location: string): string | undefined {
  const annotations = layer.annotations;
  const title = isRecord(annotations) ? annotations[OCI_ANNOTATIONS.title] : undefined;
  if (typeof title !== 'string' || title === '') return undefined;
  const escapes =
    title.startsWith('/') || /^[A-Za-z]:/.test(title) || title.includes('\\') || title.includes('\0') || title.split('/').includes('..');
  if (escapes) {
    throw new UnsafeInputError(
      `${location}: manifest layers[${position}] has title ${JSON.stringify(title)}, which is absolute or leaves the package; refused. Title layers with a path relative to the package root, such as resources/icon.svg.`,
    );
  }
  return posix.normalize(title);
}

function parseJson(bytes: Uint8Array | undefined, subject: string, fix: string): unknown {
  if (!bytes) throw new Error(`${subject} is missing. ${fix}`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new Error(`${subject} is not valid JSON: ${(cause as Error).message.split('\n')[0]}. ${fix}`, { cause });
  }
}

function parseUtf8Yaml(bytes: Uint8Array, limits: InputLimits): ParsedYaml {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return unreadable('the description layer is not valid UTF-8');
  }
  return parseYaml(text, limits);
}

function unreadable(message: string): ParsedYaml {
  return { value: undefined, problems: [{ message }], locate: () => undefined };
}

/**
 * Reads files below the layout root by a relative path built only from fixed names and checked digests.
 * Every path segment is lstat'ed and links are refused, so nothing outside the layout is read; the file is
 * opened with O_NOFOLLOW as well, against a swap between the check and the open.
 */
function createLayoutReader(dir: string, location: string, limits: InputLimits) {
  let total = 0;
  return async (relative: string): Promise<Uint8Array | undefined> => {
    const segments = relative.split('/');
    let size = 0;
    for (let depth = 1; depth <= segments.length; depth++) {
      const sub = segments.slice(0, depth).join('/');
      const info = await lstat(join(dir, sub)).catch((cause: NodeJS.ErrnoException) => {
        if (cause.code === 'ENOENT' || cause.code === 'ENOTDIR') return undefined;
        throw new Error(`${location}: cannot read ${sub}: ${cause.message}`, { cause });
      });
      if (!info) return undefined;
      if (info.isSymbolicLink()) {
        throw new UnsafeInputError(`${location}: ${sub} is a symbolic link; refused, a link could leave the layout. Copy the content into the layout.`);
      }
      const last = depth === segments.length;
      if (!last && !info.isDirectory()) return undefined;
      if (last && !info.isFile()) throw new UnsafeInputError(`${location}: ${sub} is not a regular file; refused.`);
      size = info.size;
    }
    if (size > limits.maxFileBytes) {
      throw new UnsafeInputError(`${location}: ${relative} is ${size} bytes, over the ${limits.maxFileBytes}-byte limit; refused.`);
    }
    if (total + size > limits.maxTotalBytes) {
      throw new UnsafeInputError(`${location}: the blobs read exceed the ${limits.maxTotalBytes}-byte package limit at ${relative}; refused.`);
    }
    total += size;
    const handle = await open(join(dir, relative), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      const buffer = Buffer.alloc(size);
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
    } finally {
      await handle.close();
    }
  };
}
