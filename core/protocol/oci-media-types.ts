/**
 * The OCI media types and annotations a Margo application package uses (AR; PKG-028..PKG-031), in one
 * place for the loader, the checks and the test layout builder.
 */
export const OCI_MEDIA_TYPES = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  empty: 'application/vnd.oci.empty.v1+json',
  /** Manifest `artifactType` of a Margo application package (PKG-029). */
  application: 'application/vnd.margo.app.v1+json',
  /**
   * The spelling of the PKG-CON concept diagram. The spec text and its media type table say
   * `application/vnd.margo.app.v1+json`; we require that one and name this one in the message (ambiguity 21).
   */
  applicationDiagramSpelling: 'application/vnd.org.margo.app.v1+json',
  description: 'application/vnd.margo.app.description.v1+yaml',
} as const;

export const OCI_ANNOTATIONS = {
  title: 'org.opencontainers.image.title',
  refName: 'org.opencontainers.image.ref.name',
  /** PKG-031: the spec requires the annotation on resource layers but defines no value; we write the resource name. */
  resource: 'org.margo.app.resource',
} as const;

/** The OCI empty descriptor: `{}` (PKG-029 wants it as the manifest's `config`). */
export const OCI_EMPTY_DESCRIPTOR = {
  mediaType: OCI_MEDIA_TYPES.empty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
} as const;

/** The `catalog.application` fields that name a resource file, which are also the `<resource>` of its media type. */
export const MARGO_RESOURCES = ['icon', 'descriptionFile', 'licenseFile', 'releaseNotes'] as const;
export type MargoResource = (typeof MARGO_RESOURCES)[number];

/** `application/vnd.margo.app.<resource>.v1+<format>` (PKG-030); `<format>` is any media type suffix token. */
export function resourceMediaType(resource: MargoResource, format: string): string {
  return `application/vnd.margo.app.${resource}.v1+${format}`;
}

const RESOURCE_MEDIA_TYPE = /^application\/vnd\.margo\.app\.([A-Za-z]+)\.v1\+([A-Za-z0-9][A-Za-z0-9!#$&^_.-]*)$/;

/** The resource a media type declares, or undefined when it does not have the PKG-030 resource shape. */
export function resourceOfMediaType(mediaType: unknown): MargoResource | undefined {
  if (typeof mediaType !== 'string') return undefined;
  const resource = RESOURCE_MEDIA_TYPE.exec(mediaType)?.[1];
  return MARGO_RESOURCES.find((name) => name === resource);
}

/** The only digests used as file names in a layout: anything else could carry `/` or `..`. */
export const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `blobs/sha256/<hex>` for a digest that matched `SHA256_DIGEST`. */
export function blobPath(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/** Media type suffixes by file extension where they differ; any other extension is its own suffix. */
const FORMATS: Record<string, string> = { jpg: 'jpeg', md: 'markdown', txt: 'plain', yml: 'yaml' };

/** The `<format>` we suggest for a resource file: `icon.svg` -> `svg`, `notes.md` -> `markdown`. */
export function formatOfPath(path: string): string {
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return FORMATS[extension] ?? (extension || 'octet-stream');
}
