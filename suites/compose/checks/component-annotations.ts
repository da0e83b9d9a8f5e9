import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { notApplicable, type ComposeContext } from '../compose-context.js';
import { COMPOSE_ANNOTATIONS, COMPOSE_MEDIA_TYPES, isComposePublishArtifact, manifestLayers } from '../compose-media-types.js';

/**
 * CMP-003: the archive layer carries org.margo.component.type compose and org.margo.component.version equal
 * to the tag; a present org.opencontainers.image.version must equal it. The RECOMMENDED OCI annotations are
 * not decided here: the catalog has no row of their own for them.
 */
export const componentAnnotations = defineCheck<ComposeContext>({
  id: 'compose/component-annotations',
  title: 'Compose archive layer has the Margo component annotations',
  requirements: ['CMP-003'],
  run: ({ oci }) => {
    if (!oci) return notApplicable('CMP-003', 'Not an OCI image layout, so layer annotations were not checked.');
    if (isComposePublishArtifact(oci.manifest)) return notApplicable('CMP-003', 'The artifact was published with docker compose publish; see CMP-012.');
    const layer = manifestLayers(oci.manifest).find((l) => l.mediaType === COMPOSE_MEDIA_TYPES.archive);
    if (!layer) return notApplicable('CMP-003', `No layer of media type ${COMPOSE_MEDIA_TYPES.archive} to check (see CMP-002).`);
    const a = layer.annotations;
    const version = a[COMPOSE_ANNOTATIONS.version];
    const problems = [
      ...(a[COMPOSE_ANNOTATIONS.type] === 'compose' ? [] : [`${COMPOSE_ANNOTATIONS.type} is ${JSON.stringify(a[COMPOSE_ANNOTATIONS.type])}; expected "compose"`]),
      ...(typeof version === 'string' && version !== '' ? [] : [`${COMPOSE_ANNOTATIONS.version} is missing`]),
      ...(typeof version === 'string' && oci.tag !== undefined && version !== oci.tag ? [`${COMPOSE_ANNOTATIONS.version} is "${version}" but the tag is "${oci.tag}"`] : []),
      ...(a[COMPOSE_ANNOTATIONS.ociVersion] !== undefined && a[COMPOSE_ANNOTATIONS.ociVersion] !== version ? [`${COMPOSE_ANNOTATIONS.ociVersion} is ${JSON.stringify(a[COMPOSE_ANNOTATIONS.ociVersion])}, not the component version`] : []),
    ];
    return problems.map((problem): Finding => ({
      requirement: 'CMP-003',
      outcome: 'fail',
      message: `${oci.location}: the archive layer's ${problem} (CMP-003). Annotate the layer with ${COMPOSE_ANNOTATIONS.type}=compose and ${COMPOSE_ANNOTATIONS.version}=<tag>.`,
      location: { kind: 'file', file: oci.location },
    }));
  },
});
