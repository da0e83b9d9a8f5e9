import type { Edition } from '../../../harness/catalog/editions.js';
import type { EditionId } from '../../../harness/catalog/types.js';
import { apiFacts } from '../../wfm-api/api-facts.js';
import type { DeploymentType } from '../context.js';

/**
 * How a device claims the deployment type a profile certifies, per edition: rc.3 lists it in
 * supportedDeploymentTypes; preview-1 says it through the role (Standalone Cluster runs Helm, DEV-005;
 * Standalone Device runs Compose, DEV-006).
 */
const HOSTING_CLAIMS: Record<EditionId, (type: DeploymentType) => Record<string, unknown>> = {
  '1.0.0-rc.3': (type) => ({ supportedDeploymentTypes: [type] }),
  'preview-1': (type) => ({ roles: [type === 'helm' ? 'Standalone Cluster' : 'Standalone Device'] }),
};

/**
 * The capabilities the suite hands the device (launch contract: the capabilities file): the WFM suite's
 * valid hosting-device body of the edition, claiming the profile's deployment type, without the envelope
 * the file does not carry.
 */
export function defaultCapabilities(edition: Edition, deviceId: string, type: DeploymentType): { properties: Record<string, unknown>; labels?: Record<string, unknown> } {
  const body = apiFacts(edition).capabilities(deviceId);
  const properties = { ...(body['properties'] as Record<string, unknown>), ...HOSTING_CLAIMS[edition.id](type) };
  return { properties, ...(body['labels'] ? { labels: body['labels'] as Record<string, unknown> } : {}) };
}
