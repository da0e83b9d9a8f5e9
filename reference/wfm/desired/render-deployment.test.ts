import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateBody } from '../../../core/api-bodies/validate-body.js';
import { EDITIONS } from '../../../core/catalog/editions.js';
import type { EditionId } from '../../../core/catalog/types.js';
import { deploymentPointers, pointerValue } from '../../../core/protocol/deployment-pointers.js';
import { renderDeploymentYaml, type DeploymentShape } from './render-deployment.js';

const DEPLOYMENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const input = (type: string) => ({
  deploymentId: DEPLOYMENT_ID,
  deviceId: 'device-1',
  applicationId: 'line-monitor',
  profile: { type, id: 'p', components: [{ name: 'monitor', properties: type === 'compose' ? { packageLocation: 'https://r/monitor.tar.gz' } : { repository: 'oci://r/monitor', revision: '1.2.0' } }] },
  parameters: { level: { value: 3, targets: [{ pointer: 'level', components: ['monitor'] }] } },
});

/** Each shape the reference can write: our schema accepts it and the ids sit where the edition's pointers look (DS-018, DS-035, DS-037). */
const CASES: { name: string; edition: EditionId; shape: DeploymentShape; type: string; profileType: string }[] = [
  { name: 'preview-1 prose shape, Helm', edition: 'preview-1', shape: 'edition', type: 'helm.v3', profileType: 'helm.v3' },
  { name: 'preview-1 1.0.0 OpenAPI shape, Helm (helm.v3 written as helm)', edition: 'preview-1', shape: 'openapi-1.0.0', type: 'helm.v3', profileType: 'helm' },
  { name: 'preview-1 1.0.0 OpenAPI shape, Compose', edition: 'preview-1', shape: 'openapi-1.0.0', type: 'compose', profileType: 'compose' },
  { name: 'rc.3, where the OpenAPI shape is the edition shape', edition: '1.0.0-rc.3', shape: 'openapi-1.0.0', type: 'helm', profileType: 'helm' },
];

describe('renderDeploymentYaml', () => {
  it.each(CASES)('$name', ({ edition, shape, type, profileType }) => {
    const document = parse(renderDeploymentYaml(edition, input(type), shape).toString('utf8')) as unknown;
    const pointers = deploymentPointers(EDITIONS[edition].api.deploymentDocument, document);
    expect({
      problems: validateBody(EDITIONS[edition], 'ApplicationDeployment', document),
      id: pointerValue(document, pointers.idPointer),
      applicationId: pointerValue(document, pointers.applicationIdPointer),
      type: pointerValue(document, '/spec/deploymentProfile/type'),
      annotations: pointerValue(document, '/metadata/annotations') !== undefined,
    }).toEqual({ problems: [], id: DEPLOYMENT_ID, applicationId: 'line-monitor', type: profileType, annotations: edition === 'preview-1' && shape === 'edition' });
  });
});
