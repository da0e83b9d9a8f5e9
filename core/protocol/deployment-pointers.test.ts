import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../catalog/editions.js';
import type { EditionId } from '../catalog/types.js';
import { deploymentPointers } from './deployment-pointers.js';

const CASES: { name: string; edition: EditionId; document: unknown; expected: [string, string] }[] = [
  { name: 'reads a preview-1 prose-shape document at metadata.annotations', edition: 'preview-1', document: { metadata: { annotations: { id: 'd' } } }, expected: ['/metadata/annotations/id', '/metadata/annotations/applicationId'] },
  { name: 'reads a preview-1 document without annotations at the 1.0.0 OpenAPI id and spec.applicationId', edition: 'preview-1', document: { id: 'd', metadata: { name: 'n' } }, expected: ['/id', '/spec/applicationId'] },
  { name: 'reads a preview-1 document that is not a mapping at the OpenAPI pointers', edition: 'preview-1', document: 'text', expected: ['/id', '/spec/applicationId'] },
  { name: 'reads an rc.3 document at its one shape, annotations or not', edition: '1.0.0-rc.3', document: { metadata: { annotations: { id: 'd' } } }, expected: ['/id', '/spec/applicationId'] },
];

describe('deploymentPointers', () => {
  it.each(CASES)('$name', ({ edition, document, expected }) => {
    const pointers = deploymentPointers(EDITIONS[edition].api.deploymentDocument, document);
    expect([pointers.idPointer, pointers.applicationIdPointer]).toEqual(expected);
  });
});
