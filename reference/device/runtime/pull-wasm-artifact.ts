import { createHash } from 'node:crypto';
import { request } from 'undici';
import { OCI_MEDIA_TYPES } from '../../../core/protocol/oci-media-types.js';
import { MAX_WASM_BYTES, WASM_MEDIA_TYPES } from '../../../core/protocol/wasm-convention.js';
import type { DeviceFaultSet } from '../faults.js';

export interface PullOptions {
  /** The component's `repository`: `oci://host[:port]/name`, optionally `:tag` or `@sha256:...` on the last segment. */
  repository: string;
  /** The component's `revision`: the tag when the repository names none. */
  revision?: string;
  faults: DeviceFaultSet;
  signal: AbortSignal;
  /** Per request: headers and body each. @default 10000 */
  timeoutMs?: number;
}

export interface PulledArtifact {
  manifestDigest: string;
  layerDigest: string;
  wasm: Uint8Array;
}

/** Bounds on what a registry may send: a manifest or config is small JSON; a module is at most MAX_WASM_BYTES. */
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Pulls a Wasm OCI artifact (profiles/device-wasm.md section 3) over the distribution API and verifies
 * it as any OCI content (WASM-014): the manifest against the digest the registry names (or the one the
 * reference pins), then config and layer against their descriptors' digest and size. Plain HTTP only to
 * a loopback registry (the harness's); HTTPS otherwise. Throws one line naming what did not match.
 */
export async function pullWasmArtifact(options: PullOptions): Promise<PulledArtifact> {
  const { base, name, reference } = parseReference(options.repository, options.revision);
  const get = (path: string, accept: string, limit: number) => fetchBounded(`${base}/v2/${name}/${path}`, accept, limit, options);

  const manifest = await get(`manifests/${reference}`, OCI_MEDIA_TYPES.manifest, MAX_MANIFEST_BYTES);
  const manifestDigest = sha256(manifest.body);
  const expected = reference.startsWith('sha256:') ? reference : manifest.digestHeader;
  if (expected !== undefined && expected !== manifestDigest) throw new Error(`manifest ${name}:${reference} has digest ${manifestDigest}; the registry named ${expected}`);
  const parsed = parseJson(manifest.body, `manifest ${name}:${reference}`);
  const config = descriptor(parsed['config'], 'config');
  if (config.mediaType !== WASM_MEDIA_TYPES.config) throw new Error(`manifest ${name}:${reference} has config media type ${config.mediaType}; expected ${WASM_MEDIA_TYPES.config}`);
  const layers = Array.isArray(parsed['layers']) ? parsed['layers'] : [];
  if (layers.length !== 1) throw new Error(`manifest ${name}:${reference} has ${layers.length} layers; a Wasm artifact has exactly one`);
  const layer = descriptor(layers[0], 'layer');
  if (layer.mediaType !== WASM_MEDIA_TYPES.layer && layer.mediaType !== WASM_MEDIA_TYPES.legacyLayer) throw new Error(`layer media type ${layer.mediaType} is not ${WASM_MEDIA_TYPES.layer}`);

  const configBlob = await get(`blobs/${config.digest}`, '*/*', MAX_CONFIG_BYTES);
  verifyBlob('config', config, configBlob.body);
  const layerBlob = await get(`blobs/${layer.digest}`, '*/*', MAX_WASM_BYTES);
  // WASM-014: the one place the layer is held to its digest.
  if (!options.faults.has('skips-wasm-blob-digest-check')) verifyBlob('layer', layer, layerBlob.body);
  return { manifestDigest, layerDigest: layer.digest, wasm: layerBlob.body };
}

function parseReference(repository: string, revision: string | undefined): { base: string; name: string; reference: string } {
  const match = /^oci:\/\/([^/]+)\/(.+)$/.exec(repository);
  if (!match) throw new Error(`repository ${JSON.stringify(repository)} is not oci://host/name`);
  const [, host = '', path = ''] = match;
  const pinned = /^(.*)@(sha256:[0-9a-f]{64})$/.exec(path) ?? /^(.*[^/]):([A-Za-z0-9_][A-Za-z0-9._-]{0,127})$/.exec(path);
  const name = pinned ? (pinned[1] as string) : path;
  const reference = pinned ? (pinned[2] as string) : revision;
  if (!reference) throw new Error(`repository ${repository} names no tag and the component has no revision`);
  const hostname = host.replace(/:\d+$/, '');
  // Plain HTTP only where nothing can listen in between: the loopback registry of a test harness.
  return { base: `${LOOPBACK.has(hostname) ? 'http' : 'https'}://${host}`, name, reference };
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

function descriptor(value: unknown, what: string): Descriptor {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const { mediaType, digest, size } = record;
  if (typeof mediaType !== 'string' || typeof digest !== 'string' || !DIGEST.test(digest) || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new Error(`the ${what} descriptor needs mediaType, a sha256 digest and a size`);
  }
  return { mediaType, digest, size };
}

function verifyBlob(what: string, expected: Descriptor, bytes: Uint8Array): void {
  const actual = sha256(bytes);
  if (actual !== expected.digest) throw new Error(`${what} blob has digest ${actual}; the manifest names ${expected.digest}, so it was refused (WASM-014)`);
  if (bytes.length !== expected.size) throw new Error(`${what} blob has ${bytes.length} bytes; the manifest names ${expected.size} (WASM-014)`);
}

async function fetchBounded(url: string, accept: string, limit: number, options: PullOptions): Promise<{ body: Uint8Array; digestHeader?: string }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const response = await request(url, { method: 'GET', headers: { accept }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: options.signal });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`GET ${url} answered ${response.statusCode}`);
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body.dump();
    throw new Error(`GET ${url} announces ${declared} bytes; more than the ${limit} the device accepts`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      response.body.destroy();
      throw new Error(`GET ${url} sent more than the ${limit} bytes the device accepts`);
    }
    chunks.push(chunk as Buffer);
  }
  const digestHeader = response.headers['docker-content-digest'];
  return { body: Buffer.concat(chunks), ...(typeof digestHeader === 'string' ? { digestHeader } : {}) };
}

function parseJson(bytes: Uint8Array, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the one message
  }
  throw new Error(`${what} is not a JSON object`);
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
