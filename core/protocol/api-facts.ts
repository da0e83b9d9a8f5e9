import { EDITIONS, type Edition } from '../catalog/editions.js';
import type { EditionId } from '../catalog/types.js';

/**
 * What the WFM suite needs per edition: the protocol facts of the edition table (`Edition.api`) under the
 * names the checks use, plus the suite's own sample bodies and package. Checks read them through
 * `apiFacts(edition)` and never branch on the edition id.
 */
export interface ApiFacts {
  manifestMediaType: string;
  bundleMediaType: string;
  deploymentMediaType: string;
  /** Margo problem-type namespace, where errors are problem+json (rc.3, PT-RC3). */
  problemTypeBase?: string;
  /** JSON Pointers into an ApplicationDeployment YAML (DS-018, DS-037). */
  deploymentIdPointer: string;
  applicationIdPointer: string;
  /** `apiVersion` of the onboarding request (preview-1). */
  onboardingApiVersion?: string;
  /** Our example application package for the edition, loaded through the control adapter. */
  packageFixture: string;
  /** A valid capabilities body for a hosting device. */
  capabilities(deviceId: string): Record<string, unknown>;
  /** A valid status body. */
  status(options: { deploymentId: string; manifestVersion: number; state: string; components: string[] }): Record<string, unknown>;
}

/** The facts the edition table holds, under the names the checks use. */
function editionFacts(id: EditionId): Pick<ApiFacts, 'manifestMediaType' | 'bundleMediaType' | 'deploymentMediaType' | 'problemTypeBase' | 'deploymentIdPointer' | 'applicationIdPointer' | 'onboardingApiVersion'> {
  const api = EDITIONS[id].api;
  return {
    manifestMediaType: api.mediaTypes.manifest,
    bundleMediaType: api.mediaTypes.bundle,
    deploymentMediaType: api.mediaTypes.deployment,
    deploymentIdPointer: api.deploymentDocument.idPointer,
    applicationIdPointer: api.deploymentDocument.applicationIdPointer,
    ...(api.problemTypeBase ? { problemTypeBase: api.problemTypeBase } : {}),
    ...(api.onboardingApiVersion ? { onboardingApiVersion: api.onboardingApiVersion } : {}),
  };
}

export const API_FACTS: Record<EditionId, ApiFacts> = {
  '1.0.0-rc.3': {
    ...editionFacts('1.0.0-rc.3'),
    packageFixture: 'fixtures/packages/rc3/valid/line-monitor/margo.yaml',
    capabilities: (deviceId) => ({
      properties: {
        id: deviceId,
        vendor: 'margo-conformance',
        modelNumber: 'suite-device',
        serialNumber: `sn-${deviceId.replace(/\//g, '-')}`,
        cpus: [{ cores: 4, architecture: 'amd64' }],
        memory: '8Gi',
        storage: '64Gi',
        peripherals: [],
        interfaces: [{ type: 'ethernet' }],
        otelCollector: true,
        supportedRuntimes: ['oci'],
        supportedDeploymentTypes: ['helm', 'compose'],
      },
    }),
    status: ({ deploymentId, manifestVersion, state, components }) => ({
      deploymentId,
      adoptedManifestVersion: manifestVersion,
      status: { state },
      components: components.map((name) => ({ name, state })),
    }),
  },
  'preview-1': {
    ...editionFacts('preview-1'),
    packageFixture: 'fixtures/packages/preview-1/valid/line-monitor/margo.yaml',
    capabilities: (deviceId) => ({
      apiVersion: 'device.margo.org/v1alpha1',
      kind: 'DeviceCapabilitiesManifest',
      properties: {
        id: deviceId,
        vendor: 'margo-conformance',
        modelNumber: 'suite-device',
        serialNumber: `sn-${deviceId}`,
        roles: ['Standalone Device'],
        resources: {
          cpu: { cores: 4, architecture: 'amd64' },
          memory: '8Gi',
          storage: '64Gi',
          peripherals: [],
          interfaces: [{ type: 'ethernet' }],
        },
      },
    }),
    status: ({ deploymentId, state, components }) => ({
      apiVersion: 'deployment.margo.org/v1alpha1',
      kind: 'DeploymentStatusManifest',
      deploymentId,
      status: { state },
      components: components.map((name) => ({ name, state })),
    }),
  },
};

export function apiFacts(edition: Edition): ApiFacts {
  return API_FACTS[edition.id];
}
