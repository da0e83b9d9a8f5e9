import type { Edition } from '../../harness/catalog/editions.js';
import type { EditionId } from '../../harness/catalog/types.js';

/**
 * Edition facts the device needs beyond `Edition.api`, in one table (they mirror suites/wfm-api/api-facts.ts
 * and belong in harness/catalog/editions.ts; issue 4 report). Code reads them through `deviceFacts(edition)`
 * and never branches on the edition id.
 */
export interface DeviceFacts {
  manifestMediaType: string;
  /** JSON Pointer to the deployment id inside an ApplicationDeployment YAML (DS-018). */
  deploymentIdPointer: string;
  /** JSON Pointer to the targeted device, where the edition has one (rc.3 DS-030). */
  deploymentDeviceIdPointer?: string;
  /** `apiVersion` of the onboarding request (preview-1, ONB-004). */
  onboardingApiVersion?: string;
  /** The capabilities body around `properties` (and labels where the edition has them). */
  capabilitiesBody(properties: Record<string, unknown>, labels: Record<string, unknown> | undefined): Record<string, unknown>;
  /** Deployment profile types (edition names) a device with these capability properties runs (PKG-017). */
  supportedProfileTypes(properties: Record<string, unknown>, edition: Edition): string[];
  /** Default capability properties of the reference device, beside id/vendor/model/serial. */
  defaultProperties: Record<string, unknown>;
}

const MANIFEST = 'application/vnd.margo.manifest.v1+json';
const HOSTING = {
  memory: '8Gi',
  storage: '64Gi',
  peripherals: [],
  interfaces: [{ type: 'ethernet' }],
};
// preview-1 roles name what a device deploys: Standalone Device runs Compose, the cluster roles Helm.
const ROLE_TYPES: Record<string, 'helm' | 'compose'> = { 'Standalone Device': 'compose', 'Standalone Cluster': 'helm', 'Cluster Leader': 'helm' };

export const DEVICE_FACTS: Record<EditionId, DeviceFacts> = {
  '1.0.0-rc.3': {
    manifestMediaType: MANIFEST,
    deploymentIdPointer: '/id',
    deploymentDeviceIdPointer: '/metadata/deviceId',
    // CAP-005: no envelope in rc.3; labels are optional.
    capabilitiesBody: (properties, labels) => ({ properties, ...(labels ? { labels } : {}) }),
    supportedProfileTypes: (properties, edition) => {
      const types = Array.isArray(properties['supportedDeploymentTypes']) ? properties['supportedDeploymentTypes'] : [];
      const names: Record<string, string | undefined> = { ...edition.profileTypes };
      return types.map((type) => names[String(type)]).filter((name): name is string => name !== undefined);
    },
    defaultProperties: {
      cpus: [{ cores: 4, architecture: 'amd64' }],
      ...HOSTING,
      otelCollector: true,
      supportedRuntimes: ['oci'],
      supportedDeploymentTypes: ['helm', 'compose'],
    },
  },
  'preview-1': {
    manifestMediaType: MANIFEST,
    deploymentIdPointer: '/metadata/annotations/id',
    onboardingApiVersion: 'onboarding.margo.org/v1alpha1',
    // CAP-004: the envelope comes from the edition table; preview-1 has no labels.
    capabilitiesBody: (properties) => ({ properties }),
    supportedProfileTypes: (properties, edition) => {
      const roles = Array.isArray(properties['roles']) ? properties['roles'] : [];
      return [...new Set(roles.map((role) => ROLE_TYPES[String(role)]).filter((kind) => kind !== undefined))].map((kind) => edition.profileTypes[kind]);
    },
    defaultProperties: {
      roles: ['Standalone Cluster', 'Standalone Device'],
      resources: { cpu: { cores: 4, architecture: 'amd64' }, ...HOSTING },
    },
  },
};

export function deviceFacts(edition: Edition): DeviceFacts {
  return DEVICE_FACTS[edition.id];
}
