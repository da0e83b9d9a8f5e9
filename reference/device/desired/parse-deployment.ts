import { parseYaml } from '../../../core/input/parse-yaml.js';
import { resolvePointer } from '../../eligibility/resolve-pointer.js';
import type { DeviceFacts } from '../device-facts.js';
import type { RuntimeComponent } from '../runtime/workload-runtime.js';
import { isRecord } from './validate-manifest.js';

/** What the device takes from one ApplicationDeployment YAML. */
export interface ParsedDeployment {
  deploymentId: string;
  /** The application it was made from (DS-037), when the YAML names one. */
  applicationId?: string;
  /** rc.3 `metadata.deviceId` (DS-030). */
  deviceId?: string;
  profileType: string;
  components: RuntimeComponent[];
  parameters: Record<string, unknown>;
  /** rc.3 `deploymentProfile.deviceConstraints`, as given. */
  deviceConstraints?: Record<string, unknown>;
  /** `x-*-extensions` members found on the profile and its components (DS-038: ignored). */
  extensions: string[];
}

const EXTENSION_KEY = /^x-[a-z][a-z0-9-]*-extensions$/;

/**
 * Parses a verified YAML document with the bounded parser for untrusted input. A document the device
 * cannot read is a problem for the whole manifest, like a digest mismatch (DS-024: keep the previous state).
 */
export function parseDeployment(bytes: Buffer, expectedId: string, facts: DeviceFacts): ParsedDeployment | { problem: string } {
  const parsed = parseYaml(bytes.toString('utf8'));
  if (parsed.problems.length > 0) return { problem: `deployment ${expectedId}: YAML is not readable: ${parsed.problems[0]?.message ?? ''}` };
  const document = parsed.value;
  const id = resolvePointer(document, facts.deploymentIdPointer);
  // DS-018: the YAML names the deployment the manifest listed it under.
  if (!id.found || id.value !== expectedId) return { problem: `deployment ${expectedId}: ${facts.deploymentIdPointer} is ${id.found ? JSON.stringify(id.value) : 'missing'} (DS-018)` };
  const spec = isRecord(document) && isRecord(document['spec']) ? document['spec'] : {};
  const profile = isRecord(spec['deploymentProfile']) ? spec['deploymentProfile'] : undefined;
  if (!profile || typeof profile['type'] !== 'string' || !Array.isArray(profile['components']) || profile['components'].length === 0) {
    return { problem: `deployment ${expectedId}: spec.deploymentProfile needs a type and at least one component` };
  }
  const components: RuntimeComponent[] = [];
  const extensions = Object.keys(profile).filter((key) => EXTENSION_KEY.test(key));
  for (const [index, component] of profile['components'].entries()) {
    if (!isRecord(component) || typeof component['name'] !== 'string') return { problem: `deployment ${expectedId}: component #${index + 1} has no name` };
    const own = Object.keys(component).filter((key) => EXTENSION_KEY.test(key));
    components.push({
      name: component['name'],
      properties: isRecord(component['properties']) ? component['properties'] : {},
      ...(own.length > 0 ? { extensions: Object.fromEntries(own.map((key) => [key, component[key]])) } : {}),
    });
    extensions.push(...own);
  }
  const deviceId = facts.deploymentDeviceIdPointer ? resolvePointer(document, facts.deploymentDeviceIdPointer) : { found: false as const };
  const applicationId = resolvePointer(document, facts.deploymentApplicationIdPointer);
  return {
    deploymentId: expectedId,
    ...(applicationId.found && typeof applicationId.value === 'string' ? { applicationId: applicationId.value } : {}),
    ...(deviceId.found && typeof deviceId.value === 'string' ? { deviceId: deviceId.value } : {}),
    profileType: profile['type'],
    components,
    parameters: isRecord(spec['parameters']) ? spec['parameters'] : {},
    ...(isRecord(profile['deviceConstraints']) ? { deviceConstraints: profile['deviceConstraints'] } : {}),
    extensions,
  };
}
