import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../catalog/editions.js';
import { validateBody, type BodyKind } from '../validate-body.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const manifest = (change: Record<string, unknown> = {}) => ({ manifestVersion: 1, bundle: null, deployments: [], ...change });

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
