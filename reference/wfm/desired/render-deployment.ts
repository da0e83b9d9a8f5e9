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
 * Which ApplicationDeployment shape the WFM writes. `edition`: the edition's own (preview-1: the prose and
 * DSL-2025, ids in metadata.annotations, helm.v3). `openapi-1.0.0`: preview-1 as the 1.0.0 OpenAPI's
 * appDeploymentManifest defines it (top-level id, spec.applicationId, helm, no annotations); both are
 * conformant (DS-035). rc.3 has one shape.
 */
export const DEPLOYMENT_SHAPES = ['edition', 'openapi-1.0.0'] as const;
export type DeploymentShape = (typeof DEPLOYMENT_SHAPES)[number];

/** Profile type names of the 1.0.0 OpenAPI's appDeploymentProfile, from the preview-1 description's. */
const OPENAPI_PROFILE_TYPES: Record<string, string> = { 'helm.v3': 'helm' };

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

/** preview-1 in the 1.0.0 OpenAPI's shape (appDeploymentManifest). */
function openApiPreview1(input: DeploymentInput): Record<string, unknown> {
  const profile = profileOf(input.profile, false);
  const type = String(profile['type']);
  return {
    apiVersion: 'margo.org',
    kind: 'ApplicationDeployment',
    id: input.deploymentId,
    metadata: { name: nameOf(input), namespace: input.applicationId },
    spec: { applicationId: input.applicationId, deploymentProfile: { ...profile, type: OPENAPI_PROFILE_TYPES[type] ?? type }, parameters: parametersOf(input) },
  };
}

/** Editions whose 1.0.0 OpenAPI shape differs from their own (rc.3's is its own). */
const OPENAPI_BUILDERS: Partial<Record<EditionId, (input: DeploymentInput) => Record<string, unknown>>> = { 'preview-1': openApiPreview1 };

/** The exact YAML bytes of a deployment; the same input always gives the same bytes. */
export function renderDeploymentYaml(edition: EditionId, input: DeploymentInput, shape: DeploymentShape = 'edition'): Buffer {
  const build = (shape === 'openapi-1.0.0' ? OPENAPI_BUILDERS[edition] : undefined) ?? DOCUMENT_BUILDERS[edition];
  return Buffer.from(stringify(build(input), { lineWidth: 0 }));
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
