import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Edition } from '../../../core/catalog/editions.js';
import { pointerTokens } from '../../../core/input/parse-yaml.js';
import { fromPackageRoot } from '../../../core/package-root.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import { MARGO_RESOURCES, OCI_ANNOTATIONS, OCI_EMPTY_DESCRIPTOR, OCI_MEDIA_TYPES, formatOfPath, resourceMediaType, type MargoResource } from '../../../core/protocol/oci-media-types.js';
import { sha256, type RegistryArtifact } from '../../../instruments/oci-registry/index.js';

/** What a scenario changes in an otherwise correct Margo package manifest (AR-007). */
export interface ManifestChange {
  artifactType?: string;
  /** A config blob instead of the OCI empty descriptor. */
  config?: { mediaType: string; content: string };
  /** The description layer's media type. */
  descriptionMediaType?: string;
  /** The manifest's own media type (and Content-Type), instead of the OCI image manifest's. */
  manifestMediaType?: string;
  /** A resource layer's media type, instead of `application/vnd.margo.app.<resource>.v1+<format>`. */
  resourceMediaType?: { resource: MargoResource; mediaType: string };
}

/** One package version as pushed: the artifact and the digest of its description layer. */
export interface PackageVersion {
  artifact: RegistryArtifact;
  descriptionYaml: string;
  descriptionDigest: string;
  manifestDigest: string;
}

/**
 * The edition's example package as an application id and version of its own, packed the way `oras push
 * --artifact-type application/vnd.margo.app.v1+json` packs it (PKG-028..PKG-031): `margo.yaml` as the
 * description layer, each resource the catalog names as a resource layer, the empty config.
 */
export function packageVersion(edition: Edition, options: { name: string; applicationId: string; version: string; tags: string[]; change?: ManifestChange }): PackageVersion {
  const fixture = fromPackageRoot(apiFacts(edition).packageFixture);
  const description = parse(readFileSync(fixture, 'utf8')) as Record<string, unknown> & { metadata: Record<string, unknown> };
  setAt(description, edition.applicationIdPointer, options.applicationId);
  description.metadata.version = options.version;
  const descriptionYaml = stringify(description);
  const change = options.change ?? {};

  const blobs = new Map<string, Uint8Array>();
  const layer = (bytes: Uint8Array, mediaType: string, annotations: Record<string, string>) => {
    const digest = sha256(bytes);
    blobs.set(digest, bytes);
    return { mediaType, digest, size: bytes.length, annotations };
  };
  const descriptionLayer = layer(Buffer.from(descriptionYaml), change.descriptionMediaType ?? OCI_MEDIA_TYPES.description, { [OCI_ANNOTATIONS.title]: 'margo.yaml' });
  const layers = [descriptionLayer];
  const application = ((description.metadata['catalog'] as Record<string, unknown> | undefined)?.['application'] ?? {}) as Record<string, unknown>;
  for (const resource of MARGO_RESOURCES) {
    const link = application[resource];
    if (typeof link !== 'string') continue;
    const path = normalize(link);
    const mediaType = change.resourceMediaType?.resource === resource ? change.resourceMediaType.mediaType : resourceMediaType(resource, formatOfPath(path));
    layers.push(layer(readFileSync(join(dirname(fixture), path)), mediaType, { [OCI_ANNOTATIONS.title]: path, [OCI_ANNOTATIONS.resource]: resource }));
  }
  const configBytes = Buffer.from(change.config?.content ?? '{}');
  blobs.set(sha256(configBytes), configBytes);
  const config = change.config ? { mediaType: change.config.mediaType, digest: sha256(configBytes), size: configBytes.length } : { ...OCI_EMPTY_DESCRIPTOR };
  const manifestMediaType = change.manifestMediaType ?? OCI_MEDIA_TYPES.manifest;
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: manifestMediaType, artifactType: change.artifactType ?? OCI_MEDIA_TYPES.application, config, layers }));
  return {
    artifact: { name: options.name, tag: options.tags, manifest, manifestMediaType, blobs },
    descriptionYaml,
    descriptionDigest: descriptionLayer.digest,
    manifestDigest: sha256(manifest),
  };
}

/** The description with its version changed to one of the same length: what a tampering mirror might serve. */
export function tamperedDescription(version: PackageVersion, from: string, to: string): Uint8Array {
  if (from.length !== to.length || !version.descriptionYaml.includes(`version: ${from}`)) throw new Error(`cannot tamper version ${from} -> ${to} in the description`);
  return Buffer.from(version.descriptionYaml.replace(`version: ${from}`, `version: ${to}`));
}

function setAt(document: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointerTokens(pointer);
  let node = document;
  for (const token of tokens.slice(0, -1)) node = (node[token] ??= {}) as Record<string, unknown>;
  node[tokens[tokens.length - 1] as string] = value;
}
