import type { ManagementApi } from '../catalog/editions.js';

/** Where one ApplicationDeployment document keeps its deployment id and application id. */
export interface DeploymentPointers {
  idPointer: string;
  applicationIdPointer: string;
}

/**
 * The pointers for this document: the edition's own shape, or its `alternative` when the document has
 * nothing at the alternative's `marker` (preview-1: no metadata.annotations means the 1.0.0 OpenAPI shape, DS-035).
 */
export function deploymentPointers(shape: ManagementApi['deploymentDocument'], document: unknown): DeploymentPointers {
  const alternative = shape.alternative;
  if (alternative && pointerValue(document, alternative.marker) === undefined) {
    return { idPointer: alternative.idPointer, applicationIdPointer: alternative.applicationIdPointer };
  }
  return { idPointer: shape.idPointer, applicationIdPointer: shape.applicationIdPointer };
}

/** The value at an RFC 6901 pointer, or undefined. */
export function pointerValue(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
