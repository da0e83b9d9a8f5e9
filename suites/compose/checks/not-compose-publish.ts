import { defineCheck } from '../../../core/runner/check.js';
import { notApplicable, type ComposeContext } from '../compose-context.js';
import { isComposePublishArtifact } from '../compose-media-types.js';

/** CMP-012: recognised by the artifact and layer media types `docker compose publish` writes. */
export const notComposePublish = defineCheck<ComposeContext>({
  id: 'compose/not-compose-publish',
  title: 'Compose component is not published with docker compose publish',
  requirements: ['CMP-012'],
  run: ({ oci }) => {
    if (!oci) return notApplicable('CMP-012', 'Not an OCI image layout, so the publishing tool was not checked.');
    return isComposePublishArtifact(oci.manifest)
      ? [{ requirement: 'CMP-012', outcome: 'fail', message: `${oci.location}: the manifest has the docker compose publish layout (application/vnd.docker.compose.*) (CMP-012). Publish the Compose Archive with oras push instead.`, location: { kind: 'file', file: oci.location } }]
      : [];
  },
});
