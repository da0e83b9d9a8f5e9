import type { FileLocation, Finding } from '../../../core/results/model.js';
import { asArray, isRecord } from '../description.js';
import type { OciPackage, PackageContext, PackageFormat } from '../package.js';
import { OCI_ANNOTATIONS, blobPath } from '../../../core/protocol/oci-media-types.js';

const GIVEN_AS: Record<PackageFormat, string> = {
  directory: 'a directory',
  tarball: 'a tarball',
  description: 'a lone description file',
  'oci-layout': 'an OCI image layout without a manifest',
};

/**
 * Runs `decide` only when the package was read from an OCI image layout. A directory or tarball has no
 * manifest, so every OCI packaging requirement the caller decides is `skip` for it.
 */
export function withOciInput(
  context: PackageContext,
  requirements: readonly string[],
  decide: (oci: OciPackage) => Finding[],
): Finding[] {
  const { pkg } = context;
  if (pkg.format === 'oci-layout' && pkg.oci) return decide(pkg.oci);
  return requirements.map((requirement) => ({
    requirement,
    outcome: 'skip',
    message: `The package was given as ${GIVEN_AS[pkg.format]}; OCI packaging (${requirement}) is checked when the input is an OCI image layout.`,
  }));
}

/** A place in the manifest blob, `blobs/sha256/<hex>`. */
export function manifestLocation(oci: OciPackage, pointer: string): FileLocation {
  return { kind: 'file', file: blobPath(oci.manifestDigest), pointer };
}

/** `manifest sha256:0123456789ab`: the short form, as container tools print it; evidence holds the full digest. */
export function manifestName(oci: OciPackage): string {
  return `manifest ${oci.manifestDigest.slice(0, 'sha256:'.length + 12)}`;
}

/** The manifest's layers; a missing or malformed `layers` is reported by `ociManifest`. */
export function manifestLayers(oci: OciPackage): unknown[] {
  return isRecord(oci.manifest) ? asArray(oci.manifest.layers) : [];
}

/** A layer's `org.opencontainers.image.title`, when it has one. */
export function layerTitle(layer: unknown): string | undefined {
  const annotations = isRecord(layer) ? layer.annotations : undefined;
  const title = isRecord(annotations) ? annotations[OCI_ANNOTATIONS.title] : undefined;
  return typeof title === 'string' && title !== '' ? title : undefined;
}

/** `layer 2 (resources/icon.svg)`, or `layer 2` when untitled. */
export function layerName(layer: unknown, position: number): string {
  const title = layerTitle(layer);
  return title ? `layer ${position} (${title})` : `layer ${position}`;
}

/** A JSON value for a message: `"text"`, `42`, or `missing`; long values are cut. */
export function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
