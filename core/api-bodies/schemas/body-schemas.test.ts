import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../catalog/editions.js';
import { validateBody, type BodyKind } from '../validate-body.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const manifest = (change: Record<string, unknown> = {}) => ({ manifestVersion: 1, bundle: null, deployments: [], ...change });
const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** preview-1, the prose and DSL-2025 shape: ids in metadata.annotations, helm.v3. */
const proseDeployment = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'application.margo.org/v1alpha1',
  kind: 'ApplicationDeployment',
  metadata: { annotations: { id: UUID, applicationId: 'line-monitor' }, name: 'line-monitor-0f8fad5b', namespace: 'line-monitor' },
  spec: { deploymentProfile: { type: 'helm.v3', components: [{ name: 'monitor', properties: { repository: 'oci://r/monitor', revision: '1.2.0' } }] }, parameters: {}, ...spec },
});
/** preview-1, the 1.0.0 OpenAPI appDeploymentManifest shape: top-level id, spec.applicationId, helm, no annotations. */
const openApiDeployment = (change: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'margo.org',
  kind: 'ApplicationDeployment',
  id: UUID,
  metadata: { name: 'line-monitor-0f8fad5b' },
  spec: { applicationId: 'line-monitor', deploymentProfile: { type: 'helm', components: [{ name: 'monitor', properties: { repository: 'oci://r/monitor', revision: '1.2.0' } }] }, ...spec },
  ...change,
});
const composeProfile = (properties: Record<string, unknown>) => ({ deploymentProfile: { type: 'compose', components: [{ name: 'web', properties }] } });
/** rc.3 deployment with the given deviceConstraints. */
const rc3Deployment = (deviceConstraints: unknown) => ({
  id: UUID,
  metadata: { name: 'n', namespace: 'line-monitor', deviceId: 'device-1' },
  spec: { applicationId: 'line-monitor', deploymentProfile: { type: 'helm', components: [{ name: 'c', properties: { repository: 'oci://r/c', revision: '1.0.0' } }], deviceConstraints } },
});
const capabilities = (labels: Record<string, unknown>) => ({ properties: { id: 'device-1', vendor: 'v', modelNumber: 'm', serialNumber: 's' }, labels });

/** One defect per row, with the requirement the schema routes it to (x-requirement) and the pointer. */
const CASES: { name: string; edition: keyof typeof EDITIONS; kind: BodyKind; value: unknown; expected: string[] }[] = [
  { name: 'accepts an empty manifest', edition: '1.0.0-rc.3', kind: 'StateManifest', value: manifest(), expected: [] },
  { name: 'routes an omitted bundle to DS-012', edition: '1.0.0-rc.3', kind: 'StateManifest', value: { manifestVersion: 1, deployments: [] }, expected: ['DS-012 /bundle'] },
  { name: 'routes manifestVersion 0 to DS-011', edition: 'preview-1', kind: 'StateManifest', value: manifest({ manifestVersion: 0 }), expected: ['DS-011 /manifestVersion'] },
  { name: 'routes an upper-case digest to DS-016', edition: '1.0.0-rc.3', kind: 'StateManifest', value: manifest({ deployments: [{ deploymentId: 'd', digest: DIGEST.toUpperCase(), url: '/x' }] }), expected: ['DS-016 /deployments/0/digest'] },
  { name: 'routes a wrong bundle mediaType to DS-013', edition: '1.0.0-rc.3', kind: 'StateManifest', value: manifest({ bundle: { mediaType: 'application/gzip', digest: DIGEST, url: '/b' } }), expected: ['DS-013 /bundle/mediaType'] },
  { name: 'routes a missing bundle url to API-008', edition: 'preview-1', kind: 'StateManifest', value: manifest({ bundle: { mediaType: 'application/vnd.margo.bundle.v1+tar+gzip', digest: DIGEST } }), expected: ['API-008 /bundle/url'] },
  { name: 'routes a problem without type to ERR-001', edition: '1.0.0-rc.3', kind: 'ProblemDetail', value: { title: 'Not found', status: 404 }, expected: ['ERR-001 /type'] },
  { name: 'routes a state "Installed" to ST-005', edition: '1.0.0-rc.3', kind: 'DeploymentStatusManifest', value: { deploymentId: 'd', adoptedManifestVersion: 1, status: { state: 'Installed' }, components: [] }, expected: ['ST-005 /status/state'] },
  { name: 'routes an onboarding root CA with line breaks to ONB-002', edition: 'preview-1', kind: 'OnboardingCertificateResponse', value: { certificate: 'QUJD\nREVG' }, expected: ['ONB-002 /certificate'] },
  { name: 'routes an http trustBundleUri to TB-003', edition: '1.0.0-rc.3', kind: 'DiscoveryDocument', value: { trustDomain: 'margo.test', trustBundleUri: 'http://mis/b.json' }, expected: ['TB-003 /trustBundleUri'] },
  { name: 'accepts a preview-1 deployment of the prose shape (annotations, helm.v3)', edition: 'preview-1', kind: 'ApplicationDeployment', value: proseDeployment(), expected: [] },
  { name: 'accepts a preview-1 deployment of the 1.0.0 OpenAPI shape (top-level id, spec.applicationId, helm)', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment(), expected: [] },
  { name: 'accepts a preview-1 Compose deployment of the 1.0.0 OpenAPI shape', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment({}, composeProfile({ packageLocation: 'https://r/web.tar.gz', keyLocation: 'https://r/web.key', wait: true, timeout: '5m0s' })), expected: [] },
  { name: 'routes an OpenAPI-shape deployment without id to DS-035', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment({ id: undefined }), expected: ['DS-035 /id'] },
  { name: 'routes an OpenAPI-shape deployment without spec.applicationId to DS-035', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment({}, { applicationId: undefined }), expected: ['DS-035 /spec/applicationId'] },
  { name: 'routes helm.v3 in the OpenAPI shape to DS-035 (each shape is taken whole)', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment({}, { deploymentProfile: { type: 'helm.v3', components: [] } }), expected: ['DS-035 /spec/deploymentProfile/type'] },
  { name: 'routes helm in the prose shape to DS-035 (each shape is taken whole)', edition: 'preview-1', kind: 'ApplicationDeployment', value: proseDeployment({ deploymentProfile: { type: 'helm', components: [] } }), expected: ['DS-035 /spec/deploymentProfile/type'] },
  { name: 'routes a prose-shape deployment without parameters to DS-035', edition: 'preview-1', kind: 'ApplicationDeployment', value: proseDeployment({ parameters: undefined }), expected: ['DS-035 /spec/parameters'] },
  { name: 'routes a preview-1 Helm component without repository to DS-035', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment({}, { deploymentProfile: { type: 'helm', components: [{ name: 'c', properties: { chart: 'oci://r/c' } }] } }), expected: ['DS-035 /spec/deploymentProfile/components/0/properties/repository'] },
  { name: 'routes a preview-1 Helm component with wait "yes" to DS-035', edition: 'preview-1', kind: 'ApplicationDeployment', value: proseDeployment({ deploymentProfile: { type: 'helm.v3', components: [{ name: 'c', properties: { repository: 'oci://r/c', wait: 'yes' } }] } }), expected: ['DS-035 /spec/deploymentProfile/components/0/properties/wait'] },
  { name: 'routes a preview-1 Compose component without packageLocation to DS-035', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment({}, composeProfile({ repository: 'oci://r/web' })), expected: ['DS-035 /spec/deploymentProfile/components/0/properties/packageLocation'] },
  { name: 'routes a preview-1 Compose component with timeout 5 minutes to DS-035', edition: 'preview-1', kind: 'ApplicationDeployment', value: openApiDeployment({}, composeProfile({ packageLocation: 'https://r/web.tar.gz', timeout: '5 minutes' })), expected: ['DS-035 /spec/deploymentProfile/components/0/properties/timeout'] },
  { name: 'accepts rc.3 deviceConstraints with capacity and eligibility rules', edition: '1.0.0-rc.3', kind: 'ApplicationDeployment', value: rc3Deployment({ capacityRequirements: { cpu: { cores: 0.5, architectures: ['arm64'] }, memory: '512Mi', storage: '1Gi' }, eligibilityRules: [{ labelSelector: { matchExpressions: [{ key: 'site', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists' }] }, propertySelector: { matchExpressions: [{ key: '/interfaces', operator: 'ContainsAny', itemSelector: { matchExpressions: [{ key: '/type', operator: 'In', values: ['ethernet'] }] } }] } }] }), expected: [] },
  { name: 'routes rc.3 deviceConstraints memory "512 MB" to DS-036', edition: '1.0.0-rc.3', kind: 'ApplicationDeployment', value: rc3Deployment({ capacityRequirements: { memory: '512 MB' } }), expected: ['DS-036 /spec/deploymentProfile/deviceConstraints/capacityRequirements/memory'] },
  { name: 'routes rc.3 deviceConstraints cpu without cores to DS-036', edition: '1.0.0-rc.3', kind: 'ApplicationDeployment', value: rc3Deployment({ capacityRequirements: { cpu: { architectures: ['amd64'] } } }), expected: ['DS-036 /spec/deploymentProfile/deviceConstraints/capacityRequirements/cpu/cores'] },
  { name: 'routes an rc.3 match expression operator "Equals" to DS-036', edition: '1.0.0-rc.3', kind: 'ApplicationDeployment', value: rc3Deployment({ eligibilityRules: [{ labelSelector: { matchExpressions: [{ key: 'site', operator: 'Equals', values: ['a'] }] } }] }), expected: ['DS-036 /spec/deploymentProfile/deviceConstraints/eligibilityRules/0/labelSelector/matchExpressions/0/operator'] },
  { name: 'routes an rc.3 In expression without values to DS-036', edition: '1.0.0-rc.3', kind: 'ApplicationDeployment', value: rc3Deployment({ eligibilityRules: [{ labelSelector: { matchExpressions: [{ key: 'site', operator: 'In' }] } }] }), expected: ['DS-036 /spec/deploymentProfile/deviceConstraints/eligibilityRules/0/labelSelector/matchExpressions/0/values'] },
  { name: 'routes an rc.3 ContainsAll expression without itemSelector to DS-036', edition: '1.0.0-rc.3', kind: 'ApplicationDeployment', value: rc3Deployment({ eligibilityRules: [{ propertySelector: { matchExpressions: [{ key: '/interfaces', operator: 'ContainsAll' }] } }] }), expected: ['DS-036 /spec/deploymentProfile/deviceConstraints/eligibilityRules/0/propertySelector/matchExpressions/0/itemSelector'] },
  { name: 'accepts an empty-array label value', edition: '1.0.0-rc.3', kind: 'DeviceCapabilitiesManifest', value: capabilities({ zones: [], site: 'a', gpus: 2, edge: true, ports: [80], names: ['x'] }), expected: [] },
  { name: 'routes a mixed-array label value to CAP-016', edition: '1.0.0-rc.3', kind: 'DeviceCapabilitiesManifest', value: capabilities({ mixed: ['a', 1] }), expected: ['CAP-016 /labels/mixed', 'CAP-016 /labels/mixed/0', 'CAP-016 /labels/mixed/1'] },
  { name: 'accepts a problem whose type is about:blank and instance a relative reference', edition: '1.0.0-rc.3', kind: 'ProblemDetail', value: { type: 'about:blank', title: 'Not Found', status: 404, instance: '/api/v1/deployments/x/status' }, expected: [] },
  { name: 'routes a problem type that is not a URI reference to ERR-001', edition: '1.0.0-rc.3', kind: 'ProblemDetail', value: { type: 'not found', title: 'Not Found', status: 404 }, expected: ['ERR-001 /type'] },
  { name: 'routes a problem instance that is not a URI reference to ERR-001', edition: '1.0.0-rc.3', kind: 'ProblemDetail', value: { type: 'about:blank', title: 'Not Found', status: 404, instance: 'request 42 <x>' }, expected: ['ERR-001 /instance'] },
];

describe('validateBody', () => {
  it.each(CASES)('$name', ({ edition, kind, value, expected }) => {
    expect(validateBody(EDITIONS[edition], kind, value).map((p) => `${p.requirement} ${p.pointer}`).sort()).toEqual(expected);
  });

  it.each(Object.keys(EDITIONS) as (keyof typeof EDITIONS)[])('compiles every body of the %s schema', (edition) => {
    const kinds: BodyKind[] = ['StateManifest', 'DeviceCapabilitiesManifest', 'DeploymentStatusManifest', 'ApplicationDeployment'];
    for (const kind of kinds) expect(() => validateBody(EDITIONS[edition], kind, {})).not.toThrow();
  });
});
