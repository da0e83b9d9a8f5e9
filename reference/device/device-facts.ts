import { EDITIONS, type Edition } from '../../core/catalog/editions.js';
import type { EditionId } from '../../core/catalog/types.js';

/**
 * What the device needs per edition: the protocol facts of the edition table (`Edition.api`) under the
 * names the device uses, plus its own capability bodies and defaults. Code reads them through
 * `deviceFacts(edition)` and never branches on the edition id.
 */
export interface DeviceFacts {
  manifestMediaType: string;
  /** JSON Pointer to the deployment id inside an ApplicationDeployment YAML (DS-018). */
  deploymentIdPointer: string;
  /** JSON Pointer to the application id inside an ApplicationDeployment YAML (DS-037). */
  deploymentApplicationIdPointer: string;
  /** JSON Pointer to the targeted device, where the edition has one (rc.3 DS-030). */
  deploymentDeviceIdPointer?: string;
  /** `apiVersion` of the onboarding request (preview-1, ONB-004). */
  onboardingApiVersion?: string;
  /**
   * Whether the device can be a see-thru gateway: its children are reported under their own deviceId and
   * deployments are placed on them (DEV-010, DEV-013), which needs per-device capabilities paths (rc.3).
   */
  seeThruGateways: boolean;
  /** The capabilities body around `properties` (and labels where the edition has them). */
  capabilitiesBody(properties: Record<string, unknown>, labels: Record<string, unknown> | undefined): Record<string, unknown>;
  /** Deployment profile types (edition names) a device with these capability properties runs (PKG-017). */
  supportedProfileTypes(properties: Record<string, unknown>, edition: Edition): string[];
  /** Default capability properties of the reference device, beside id/vendor/model/serial. */
  defaultProperties: Record<string, unknown>;
}

/** The facts the edition table holds, under the names the device uses. */
function editionFacts(id: EditionId): Pick<DeviceFacts, 'manifestMediaType' | 'deploymentIdPointer' | 'deploymentApplicationIdPointer' | 'deploymentDeviceIdPointer' | 'onboardingApiVersion' | 'seeThruGateways'> {
  const api = EDITIONS[id].api;
  return {
    manifestMediaType: api.mediaTypes.manifest,
    seeThruGateways: api.paths.capabilities.includes('{deviceId}'),
    deploymentIdPointer: api.deploymentDocument.idPointer,
    deploymentApplicationIdPointer: api.deploymentDocument.applicationIdPointer,
    ...(api.deploymentDocument.deviceIdPointer ? { deploymentDeviceIdPointer: api.deploymentDocument.deviceIdPointer } : {}),
    ...(api.onboardingApiVersion ? { onboardingApiVersion: api.onboardingApiVersion } : {}),
  };
}
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
    ...editionFacts('1.0.0-rc.3'),
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
    ...editionFacts('preview-1'),
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
