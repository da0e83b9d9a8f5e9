import { stringify } from 'yaml';
import type { EditionId } from '../../../core/catalog/types.js';
import { isObject, type ApplicationDescription } from './application-description.js';

/** One deployment of a profile of an application to a device, with its chosen parameter values. */
export interface DeploymentInput {
  deploymentId: string;
  deviceId: string;
  applicationId: string;
  profile: Record<string, unknown>;
  parameters: ApplicationDescription['parameters'];
}

const EXTENSION_KEY = /^x-[a-z][a-z0-9-]*-extensions$/;

/**
 * The ApplicationDeployment document shape per edition. editions.ts has no field for this shape yet,
 * so the two builders live here, keyed by edition.
 * rc.3 (DS-036, DS-030): top-level id, metadata.deviceId, spec.applicationId; profile and component
 * extensions are kept, root-level description extensions are not (PKG-034/036/037).
 * preview-1 (DS-035): apiVersion/kind and metadata.annotations {id, applicationId}.
 */
const DOCUMENT_BUILDERS: Record<EditionId, (input: DeploymentInput) => Record<string, unknown>> = {
  '1.0.0-rc.3': (input) => ({
    id: input.deploymentId,
    metadata: { name: nameOf(input), namespace: input.applicationId, deviceId: input.deviceId },
    spec: {
      applicationId: input.applicationId,
      deploymentProfile: profileOf(input.profile, true),
      parameters: parametersOf(input),
    },
  }),
  'preview-1': (input) => ({
    apiVersion: 'application.margo.org/v1alpha1',
    kind: 'ApplicationDeployment',
    metadata: {
      annotations: { id: input.deploymentId, applicationId: input.applicationId },
      name: nameOf(input),
      namespace: input.applicationId,
    },
    spec: { deploymentProfile: profileOf(input.profile, false), parameters: parametersOf(input) },
  }),
};

/** The exact YAML bytes of a deployment; the same input always gives the same bytes. */
export function renderDeploymentYaml(edition: EditionId, input: DeploymentInput): Buffer {
  return Buffer.from(stringify(DOCUMENT_BUILDERS[edition](input), { lineWidth: 0 }));
}

function nameOf(input: DeploymentInput): string {
  return `${input.applicationId}-${input.deploymentId.slice(0, 8)}`;
}

function profileOf(profile: Record<string, unknown>, withExtensions: boolean): Record<string, unknown> {
  const components = (Array.isArray(profile['components']) ? profile['components'] : []).filter(isObject).map((component) => ({
    name: component['name'],
    properties: component['properties'],
    ...(withExtensions ? extensionsOf(component) : {}),
  }));
  return {
    type: profile['type'],
    components,
    ...(withExtensions && profile['deviceConstraints'] !== undefined ? { deviceConstraints: profile['deviceConstraints'] } : {}),
    ...(withExtensions ? extensionsOf(profile) : {}),
  };
}

function extensionsOf(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => EXTENSION_KEY.test(key)));
}

/** Parameters narrowed to the chosen profile's components; a parameter that targets none of them is left out. */
function parametersOf(input: DeploymentInput): Record<string, unknown> {
  const names = new Set((Array.isArray(input.profile['components']) ? input.profile['components'] : []).filter(isObject).map((c) => c['name']));
  const result: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(input.parameters)) {
    const targets = (parameter.targets ?? [])
      .map((target) => ({ pointer: target.pointer, components: (target.components ?? []).filter((c) => names.has(c)) }))
      .filter((target) => target.components.length > 0);
    if (targets.length > 0) result[name] = { value: parameter.value, targets };
  }
  return result;
}
