import { createHash } from 'node:crypto';

/** One artifact the registry serves: a repository name, its tags, the manifest and the blobs it references. */
export interface RegistryArtifact {
  /** Repository name, such as `line-filter/wasm` (distribution-spec name grammar). */
  name: string;
  /** Tag or tags that resolve to the manifest. */
  tag: string | string[];
  manifest: Uint8Array;
  /** `Content-Type` of the manifest. @default the manifest's own `mediaType`, else the OCI image manifest type */
  manifestMediaType?: string;
  /** The blobs (config and layers): by digest, or as a list whose digests are computed. */
  blobs: ReadonlyMap<string, Uint8Array> | readonly Uint8Array[];
}

export interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface Repository {
  manifestsByTag: Map<string, StoredManifest>;
  manifestsByDigest: Map<string, StoredManifest>;
  blobs: Map<string, Uint8Array>;
}

const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * The registry's content: repositories by name. A blob keyed by a digest that is not its sha256 is a
 * mistake in the scenario, not a tampering test (use `tamperBlob` for that), so it throws.
 */
export function createRepositories(artifacts: readonly RegistryArtifact[]): Map<string, Repository> {
  const repositories = new Map<string, Repository>();
  for (const artifact of artifacts) addArtifact(repositories, artifact);
  return repositories;
}

/** Adds one artifact (its manifest, tags and blobs) to the repositories; a tag already there moves to it. */
export function addArtifact(repositories: Map<string, Repository>, artifact: RegistryArtifact): void {
  if (!NAME.test(artifact.name)) throw new Error(`OCI registry: repository name "${artifact.name}" does not match the distribution-spec name grammar; use lower-case path components such as line-filter/wasm.`);
  const repository = repositories.get(artifact.name) ?? { manifestsByTag: new Map(), manifestsByDigest: new Map(), blobs: new Map() };
  const manifest: StoredManifest = { digest: sha256(artifact.manifest), mediaType: artifact.manifestMediaType ?? mediaTypeOf(artifact.manifest), bytes: artifact.manifest };
  const tags = typeof artifact.tag === 'string' ? [artifact.tag] : artifact.tag;
  const bad = tags.find((tag) => !TAG.test(tag));
  if (bad !== undefined) throw new Error(`OCI registry: tag "${bad}" of ${artifact.name} does not match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}.`);
  const blobs: [string, Uint8Array][] = Array.isArray(artifact.blobs) ? (artifact.blobs as Uint8Array[]).map((b) => [sha256(b), b]) : [...(artifact.blobs as ReadonlyMap<string, Uint8Array>)];
  for (const [digest, bytes] of blobs) {
    if (sha256(bytes) !== digest) throw new Error(`OCI registry: blob keyed ${digest} in ${artifact.name} has sha256 ${sha256(bytes)}; key blobs by their digest, and use tamperBlob() to serve altered bytes.`);
  }
  repositories.set(artifact.name, repository);
  repository.manifestsByDigest.set(manifest.digest, manifest);
  for (const tag of tags) repository.manifestsByTag.set(tag, manifest);
  for (const [digest, bytes] of blobs) repository.blobs.set(digest, bytes);
}

function mediaTypeOf(manifest: Uint8Array): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(manifest).toString('utf8'));
    const mediaType = typeof parsed === 'object' && parsed !== null ? (parsed as { mediaType?: unknown }).mediaType : undefined;
    return typeof mediaType === 'string' ? mediaType : OCI_MANIFEST;
  } catch {
    return OCI_MANIFEST;
  }
}
