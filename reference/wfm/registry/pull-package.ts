import { createHash } from 'node:crypto';
import { OCI_ANNOTATIONS, OCI_EMPTY_DESCRIPTOR, OCI_MEDIA_TYPES, SHA256_DIGEST, resourceOfMediaType } from '../../../core/protocol/oci-media-types.js';
import type { FaultSet } from '../faults.js';
import { fetchFromRegistry, RegistryUnreachableError, type RegistryResponse } from './registry-fetch.js';
import { newestVersion } from './semver.js';

/** What the operator named: a registry, a repository in it, and optionally the version. */
export interface PackageReference {
  registry: URL;
  repository: string;
  version?: string;
}

/** A pulled package: the description's text and the manifest it came from. */
export interface PulledPackage {
  descriptionYaml: string;
  manifestDigest: string;
}

/** The WFM refuses what the registry served (control answer 422). */
export class PackageRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageRefusedError';
  }
}

/** Bounds of one pull: every request has a deadline, every body a size limit. */
const LIMITS = {
  timeoutMs: 10_000,
  tagsPageBytes: 1024 * 1024,
  tagsPageSize: 100,
  tagsPages: 50,
  /** The size registries must at least accept for a manifest (distribution-spec). */
  manifestBytes: 4 * 1024 * 1024,
  layers: 64,
  blobBytes: 16 * 1024 * 1024,
} as const;

/**
 * Pulls an application package through the OCI Distribution API (AR-001, AR-006): lists the tags (every
 * page), takes the asked version's tag or the newest version (AR-005: tags are versions), resolves the tag
 * to a manifest digest, fetches the manifest by that digest with the OCI manifest media type in `Accept`
 * and verifies its digest, checks it is a Margo application package (AR-007: artifactType, empty config, one
 * description layer of the Margo media type, resource layers of their Margo media types), and fetches every layer by digest, verifying size and digest.
 */
export async function pullPackage(reference: PackageReference, faults: FaultSet): Promise<PulledPackage> {
  const base = `/v2/${reference.repository}`;
  const get = (path: string, limitBytes: number, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    fetchFromRegistry(new URL(path, reference.registry), { method, headers, limitBytes, timeoutMs: LIMITS.timeoutMs });

  const tags = await listTags(reference, base, get, faults);
  const tag = chooseTag(reference, tags, faults);
  const accept: Record<string, string> = faults.has('pulls-manifest-without-accept') ? {} : { accept: OCI_MEDIA_TYPES.manifest };

  // Resolve the tag to a digest first, then pull by digest: what is loaded is pinned to one manifest.
  const head = expectOk(await get(`${base}/manifests/${tag}`, LIMITS.manifestBytes, accept, 'HEAD'), `manifest ${tag}`);
  const announced = header(head, 'docker-content-digest');
  const pinned = announced !== undefined && SHA256_DIGEST.test(announced) ? announced : tag;
  const manifestResponse = expectOk(await get(`${base}/manifests/${pinned}`, LIMITS.manifestBytes, accept), `manifest ${pinned}`);
  const manifestDigest = pinned === tag ? sha256(manifestResponse.body) : pinned;
  if (sha256(manifestResponse.body) !== manifestDigest) throw new PackageRefusedError(`The manifest of ${reference.repository}:${tag} does not match its digest ${manifestDigest} (sha256 ${sha256(manifestResponse.body)}).`);
  const manifest = readManifest(manifestResponse, `${reference.repository}:${tag}`);
  if (!faults.has('loads-any-artifact-type')) expectMargoArtifact(manifest, `${reference.repository}:${tag}`);
  expectMargoResources(manifest, `${reference.repository}:${tag}`);

  let descriptionYaml: string | undefined;
  for (const layer of manifest.layers) {
    const blob = expectOk(await get(`${base}/blobs/${layer.digest}`, LIMITS.blobBytes), `blob ${layer.digest}`);
    if (!faults.has('ignores-blob-digest') && (blob.body.length !== layer.size || sha256(blob.body) !== layer.digest)) {
      throw new PackageRefusedError(`The blob ${layer.digest} of ${reference.repository}:${tag} has ${blob.body.length} bytes with sha256 ${sha256(blob.body)}; its descriptor says ${layer.size} bytes with ${layer.digest}.`);
    }
    if (layer.mediaType === OCI_MEDIA_TYPES.description) descriptionYaml = blob.body.toString('utf8');
  }
  if (descriptionYaml === undefined) throw new PackageRefusedError(`${reference.repository}:${tag} has no layer of media type ${OCI_MEDIA_TYPES.description}, so it carries no application description.`);
  return { descriptionYaml, manifestDigest };
}

type Get = (path: string, limitBytes: number, headers?: Record<string, string>, method?: 'GET' | 'HEAD') => Promise<RegistryResponse>;

/** Every tag of the repository, page by page as the `Link` headers lead, within the page bound. */
async function listTags(reference: PackageReference, base: string, get: Get, faults: FaultSet): Promise<string[]> {
  const tags: string[] = [];
  let path: string | undefined = `${base}/tags/list?n=${LIMITS.tagsPageSize}`;
  for (let page = 0; path !== undefined; page += 1) {
    if (page === LIMITS.tagsPages) throw new RegistryUnreachableError(`the tags list of ${reference.repository} has more than ${LIMITS.tagsPages} pages`);
    const response = expectOk(await get(path, LIMITS.tagsPageBytes), 'tags list');
    const body = parseJson(response.body);
    const listed = isObject(body) ? body['tags'] : undefined;
    if (!Array.isArray(listed) || !listed.every((tag) => typeof tag === 'string')) throw new RegistryUnreachableError(`the tags list of ${reference.repository} is not {"name", "tags": [strings]}`);
    tags.push(...(listed as string[]));
    path = faults.has('ignores-tags-list-link') ? undefined : nextPage(response, reference.registry);
  }
  return tags;
}

/** The path of a `Link: <...>; rel="next"` on the registry's own origin; undefined at the last page. */
function nextPage(response: RegistryResponse, registry: URL): string | undefined {
  const target = /<([^>]*)>\s*;\s*rel="?next"?/.exec(header(response, 'link') ?? '')?.[1];
  if (target === undefined) return undefined;
  const next = new URL(target, registry);
  if (next.origin !== registry.origin) throw new RegistryUnreachableError(`the tags list links to ${next.origin}, another origin than the registry ${registry.origin}`);
  return `${next.pathname}${next.search}`;
}

/** The asked version's tag, or the newest version's (tags equal versions, AR-005; moving tags are no version). */
function chooseTag(reference: PackageReference, tags: readonly string[], faults: FaultSet): string {
  if (reference.version !== undefined) {
    if (!tags.includes(reference.version)) throw new PackageRefusedError(`Version ${reference.version} is not in the tags list of ${reference.repository} (${tags.join(', ') || 'no tags'}).`);
    return reference.version;
  }
  if (faults.has('takes-latest-tag') && tags.includes('latest')) return 'latest';
  const newest = newestVersion(tags);
  if (newest === undefined) throw new PackageRefusedError(`The tags list of ${reference.repository} names no SemVer version (${tags.join(', ') || 'no tags'}).`);
  return newest;
}

interface Layer {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, unknown>;
}

interface Manifest {
  artifactType: unknown;
  config: Record<string, unknown>;
  layers: Layer[];
}

/** An OCI image manifest with well-formed descriptors; anything else is refused. */
function readManifest(response: RegistryResponse, name: string): Manifest {
  const type = header(response, 'content-type')?.split(';')[0]?.trim();
  const value = parseJson(response.body);
  if (type !== OCI_MEDIA_TYPES.manifest || !isObject(value) || value['mediaType'] !== OCI_MEDIA_TYPES.manifest || value['schemaVersion'] !== 2) {
    throw new PackageRefusedError(`The manifest of ${name} is not an OCI image manifest (Content-Type ${type ?? 'none'}).`);
  }
  const { config, layers } = value;
  if (!isObject(config) || !Array.isArray(layers) || layers.length === 0 || layers.length > LIMITS.layers) throw new PackageRefusedError(`The manifest of ${name} needs a config and 1 to ${LIMITS.layers} layers.`);
  for (const layer of layers) {
    if (!isObject(layer) || typeof layer['mediaType'] !== 'string' || typeof layer['digest'] !== 'string' || !SHA256_DIGEST.test(layer['digest']) || !Number.isSafeInteger(layer['size']) || (layer['size'] as number) < 0 || (layer['annotations'] !== undefined && !isObject(layer['annotations']))) {
      throw new PackageRefusedError(`The manifest of ${name} has a layer that is not a sha256 descriptor with mediaType, size and optional annotations.`);
    }
  }
  return { artifactType: value['artifactType'], config, layers: layers as Layer[] };
}

/** AR-007: the Margo artifactType and the OCI empty descriptor as config. */
function expectMargoArtifact(manifest: Manifest, name: string): void {
  if (manifest.artifactType !== OCI_MEDIA_TYPES.application) throw new PackageRefusedError(`${name} has artifactType ${JSON.stringify(manifest.artifactType)}, not ${OCI_MEDIA_TYPES.application}: it is not a Margo application package.`);
  if (manifest.config['mediaType'] !== OCI_EMPTY_DESCRIPTOR.mediaType || manifest.config['digest'] !== OCI_EMPTY_DESCRIPTOR.digest) {
    throw new PackageRefusedError(`${name} has config ${JSON.stringify(manifest.config['mediaType'])}, not the OCI empty descriptor a Margo application package carries.`);
  }
}

/** AR-007, PKG-030/031: a layer annotated as a Margo resource has that resource's media type. */
function expectMargoResources(manifest: Manifest, name: string): void {
  for (const layer of manifest.layers) {
    const resource = layer.annotations?.[OCI_ANNOTATIONS.resource];
    if (resource !== undefined && resourceOfMediaType(layer.mediaType) !== resource) {
      throw new PackageRefusedError(`${name} has a layer annotated ${OCI_ANNOTATIONS.resource}: ${JSON.stringify(resource)} of media type ${layer.mediaType}, not application/vnd.margo.app.${String(resource)}.v1+<format>.`);
    }
  }
}

function expectOk(response: RegistryResponse, what: string): RegistryResponse {
  if (response.status !== 200) throw new RegistryUnreachableError(`the registry answered ${response.status} for the ${what}: ${response.body.toString('utf8').slice(0, 200)}`);
  return response;
}

function header(response: RegistryResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
