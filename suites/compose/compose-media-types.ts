import { isRecord } from './model/compose-project.js';

/** The media types and annotations of a Margo Compose component (CMP-002, CMP-003) and of `docker compose publish` (CMP-012). */
export const COMPOSE_MEDIA_TYPES = {
  artifact: 'application/vnd.org.margo.component.compose+json',
  archive: 'application/vnd.org.margo.component.compose.tar+gzip',
  dockerProject: 'application/vnd.docker.compose.project',
  dockerPrefix: 'application/vnd.docker.compose.',
} as const;

export const COMPOSE_ANNOTATIONS = {
  type: 'org.margo.component.type',
  version: 'org.margo.component.version',
  ociVersion: 'org.opencontainers.image.version',
} as const;

export interface LayerInfo {
  mediaType: unknown;
  digest: unknown;
  annotations: Record<string, unknown>;
}

export function manifestLayers(manifest: unknown): LayerInfo[] {
  const layers = isRecord(manifest) && Array.isArray(manifest.layers) ? manifest.layers : [];
  return layers.map((layer) => ({
    mediaType: isRecord(layer) ? layer.mediaType : undefined,
    digest: isRecord(layer) ? layer.digest : undefined,
    annotations: isRecord(layer) && isRecord(layer.annotations) ? layer.annotations : {},
  }));
}

export function isComposePublishArtifact(manifest: unknown): boolean {
  const artifactType = isRecord(manifest) ? manifest.artifactType : undefined;
  if (artifactType === COMPOSE_MEDIA_TYPES.dockerProject) return true;
  return manifestLayers(manifest).some((l) => typeof l.mediaType === 'string' && l.mediaType.startsWith(COMPOSE_MEDIA_TYPES.dockerPrefix));
}
