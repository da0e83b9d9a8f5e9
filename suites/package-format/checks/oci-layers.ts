import { posix } from 'node:path';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { descriptionObject, isRecord, locate, withDescription } from '../description.js';
import type { OciPackage, PackageContext } from '../package.js';
import { layerName, layerTitle, manifestLayers, manifestLocation, manifestName, shown, withOciInput } from './oci-input.js';
import {
  MARGO_RESOURCES,
  OCI_ANNOTATIONS,
  OCI_MEDIA_TYPES,
  formatOfPath,
  resourceMediaType,
  resourceOfMediaType,
  type MargoResource,
} from '../../../core/protocol/oci-media-types.js';

const REQUIREMENTS = ['PKG-028', 'PKG-030', 'PKG-031'] as const;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const RESOURCE_SHAPE = 'application/vnd.margo.app.<resource>.v1+<format>';

/** A resource file the description names, by its normalised path. */
interface NamedResource {
  resource: MargoResource;
  link: string;
  pointer: string;
}

export const ociLayers = defineCheck<PackageContext>({
  id: 'package-format/oci-layers',
  title: 'Layers carry the Margo media types and annotations, and every file the description names is a layer',
  requirements: [...REQUIREMENTS],
  run: (context) =>
    withOciInput(context, REQUIREMENTS, (oci) => {
      const description = descriptionObject(context);
      const named = description ? namedResources(description) : new Map<string, NamedResource>();
      return [...descriptionLayer(context, oci), ...resourceLayers(oci, named), ...namedFilesAreLayers(context, oci)];
    }),
});

/**
 * PKG-030 for the description: some layer has the description media type. How many do is PKG-039,
 * decided by `singleDescription` from `descriptionCandidates`.
 */
function descriptionLayer(context: PackageContext, oci: OciPackage): Finding[] {
  const layers = manifestLayers(oci);
  if (layers.some((layer) => isRecord(layer) && layer.mediaType === OCI_MEDIA_TYPES.description)) return [];
  const fix = `Push the description as margo.yaml:${OCI_MEDIA_TYPES.description}.`;
  // The layer meant as the description, most likely: titled like the description file, or a root-level YAML file.
  const position = layers.findIndex((layer) => {
    const title = layerTitle(layer);
    return title !== undefined && (title === context.pkg.descriptionFile || /^[^/]+\.ya?ml$/.test(posix.normalize(title)));
  });
  const layer = layers[position];
  if (position < 0 || !isRecord(layer)) {
    return [
      {
        requirement: 'PKG-030',
        outcome: 'fail',
        message: `${manifestName(oci)}: no layer has media type "${OCI_MEDIA_TYPES.description}" (PKG-030). ${fix}`,
        location: manifestLocation(oci, '/layers'),
      },
    ];
  }
  return [
    {
      requirement: 'PKG-030',
      outcome: 'fail',
      message: `${manifestName(oci)} ${layerName(layer, position)}: mediaType is ${shown(layer.mediaType)}; expected "${OCI_MEDIA_TYPES.description}" for the application description (PKG-030). ${fix}`,
      location: manifestLocation(oci, `/layers/${position}/mediaType`),
      evidence: { expected: OCI_MEDIA_TYPES.description, actual: layer.mediaType },
    },
  ];
}

/**
 * PKG-030 and PKG-031 for resource layers. A layer is a resource layer when the description names its
 * title as a resource, or when its media type or `org.margo.app.resource` annotation says it is one.
 * PKG-031 defines no value for the annotation, so only its presence is required.
 */
function resourceLayers(oci: OciPackage, named: ReadonlyMap<string, NamedResource>): Finding[] {
  const findings: Finding[] = [];
  for (const [position, layer] of manifestLayers(oci).entries()) {
    if (!isRecord(layer) || layer.mediaType === OCI_MEDIA_TYPES.description) continue;
    const title = layerTitle(layer);
    const byDescription = title !== undefined ? named.get(posix.normalize(title)) : undefined;
    const byMediaType = resourceOfMediaType(layer.mediaType);
    const annotations = isRecord(layer.annotations) ? layer.annotations : {};
    const annotated = typeof annotations[OCI_ANNOTATIONS.resource] === 'string';
    const margoTyped = typeof layer.mediaType === 'string' && layer.mediaType.startsWith('application/vnd.margo.app.');
    if (!byDescription && !byMediaType && !annotated && !margoTyped) continue;

    const subject = `${manifestName(oci)} ${layerName(layer, position)}`;
    const resource = byDescription?.resource ?? byMediaType;
    const example = resource && title ? ` Push it as ${title}:${resourceMediaType(resource, formatOfPath(title))}.` : '';
    if (byDescription && byMediaType !== byDescription.resource) {
      findings.push({
        requirement: 'PKG-030',
        outcome: 'fail',
        message: `${subject}: mediaType is ${shown(layer.mediaType)}; expected ${resourceMediaType(byDescription.resource, '<format>')}, since metadata.catalog.application.${byDescription.resource} names this file (PKG-030).${example}`,
        location: manifestLocation(oci, `/layers/${position}/mediaType`),
        evidence: { resource: byDescription.resource, actual: layer.mediaType },
      });
    } else if (!byMediaType) {
      findings.push({
        requirement: 'PKG-030',
        outcome: 'fail',
        message: `${subject}: mediaType is ${shown(layer.mediaType)}; a resource layer needs ${RESOURCE_SHAPE} with <resource> one of ${MARGO_RESOURCES.join(', ')} (PKG-030).${example || ' Give the layer the media type of the resource it is.'}`,
        location: manifestLocation(oci, `/layers/${position}/mediaType`),
        evidence: { actual: layer.mediaType },
      });
    }
    if (resource && !annotated) {
      findings.push({
        requirement: 'PKG-031',
        outcome: 'fail',
        message: `${subject}: annotation ${OCI_ANNOTATIONS.resource} is missing; resource layers must carry it (PKG-031). Annotate the layer with "${OCI_ANNOTATIONS.resource}": "${resource}".`,
        location: manifestLocation(oci, `/layers/${position}/annotations`),
      });
    }
  }
  return findings;
}

/** PKG-028: a file the description names by relative path is a layer (titled with that path) of this manifest. */
function namedFilesAreLayers(context: PackageContext, oci: OciPackage): Finding[] {
  return withDescription(context, ['PKG-028'], (description) => {
    const titles = new Set(manifestLayers(oci).flatMap((layer) => layerTitle(layer) ?? []).map((title) => posix.normalize(title)));
    const findings: Finding[] = [];
    for (const [path, { resource, link, pointer }] of namedResources(description)) {
      if (titles.has(path)) continue;
      findings.push({
        requirement: 'PKG-028',
        outcome: 'fail',
        message: `${context.pkg.descriptionFile}: metadata.catalog.application.${resource} names "${link}", but no layer of ${manifestName(oci)} is titled ${path} (PKG-028). Push the file as a layer with annotation ${OCI_ANNOTATIONS.title}=${path}.`,
        location: locate(context, pointer),
        evidence: { link, titles: [...titles].sort() },
      });
    }
    return findings;
  });
}

/**
 * The resource files the description names by relative path inside the package, by normalised path. URLs
 * and paths leaving the package are PKG-043's concern, not packaging's.
 */
function namedResources(description: Record<string, unknown>): Map<string, NamedResource> {
  const metadata = isRecord(description.metadata) ? description.metadata : {};
  const catalog = isRecord(metadata.catalog) ? metadata.catalog : {};
  const application = isRecord(catalog.application) ? catalog.application : {};
  const named = new Map<string, NamedResource>();
  for (const resource of MARGO_RESOURCES) {
    const link = application[resource];
    if (typeof link !== 'string' || link === '' || HAS_SCHEME.test(link) || posix.isAbsolute(link)) continue;
    const path = posix.normalize(link);
    if (path === '..' || path.startsWith('../')) continue;
    if (!named.has(path)) named.set(path, { resource, link, pointer: `/metadata/catalog/application/${resource}` });
  }
  return named;
}
