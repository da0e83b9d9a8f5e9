import { defineCheck } from '../../../core/runner/check.js';
import { notApplicable, type ComposeContext } from '../compose-context.js';
import { COMPOSE_MEDIA_TYPES, isComposePublishArtifact, manifestLayers } from '../compose-media-types.js';
import { isRecord } from '../model/compose-project.js';

/** CMP-002: artifactType and exactly one layer of the Compose Archive media type. */
export const componentManifest = defineCheck<ComposeContext>({
  id: 'compose/component-manifest',
  title: 'Compose component manifest has the Margo artifact and layer media types',
  requirements: ['CMP-002'],
  run: ({ oci }) => {
    if (!oci) return notApplicable('CMP-002', 'Not an OCI image layout, so the component manifest was not checked.');
    // A `docker compose publish` artifact is reported once, under CMP-012.
    if (isComposePublishArtifact(oci.manifest)) return notApplicable('CMP-002', 'The artifact was published with docker compose publish; see CMP-012.');
    const manifest = isRecord(oci.manifest) ? oci.manifest : {};
    const layers = manifestLayers(oci.manifest);
    const archives = layers.filter((l) => l.mediaType === COMPOSE_MEDIA_TYPES.archive);
    const problems = [
      ...(manifest.artifactType === COMPOSE_MEDIA_TYPES.artifact ? [] : [`artifactType is ${JSON.stringify(manifest.artifactType)}; expected ${COMPOSE_MEDIA_TYPES.artifact}`]),
      ...(layers.length === 1 && archives.length === 1 ? [] : [`has ${layers.length} layers, ${archives.length} of media type ${COMPOSE_MEDIA_TYPES.archive}; expected exactly one such layer`]),
    ];
    return problems.map((problem) => ({
      requirement: 'CMP-002',
      outcome: 'fail' as const,
      message: `${oci.location}: the manifest ${problem} (CMP-002). Push the archive with oras push --artifact-type ${COMPOSE_MEDIA_TYPES.artifact} archive.tar.gz:${COMPOSE_MEDIA_TYPES.archive}.`,
      location: { kind: 'file' as const, file: oci.location },
    }));
  },
});
