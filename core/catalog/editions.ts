import type { EditionId } from './types.js';

/** The profile types a description may use, by what they deploy. */
export interface ProfileTypeNames {
  helm: string;
  compose: string;
  /** Only editions with custom deployment types (rc.3) name one. */
  custom?: string;
}

/** How a device's management client talks to the WFM in an edition: paths, authentication, caching, errors. */
export interface ManagementApi {
  /** `mtls`: both sides present X.509-SVIDs (rc.3). `http-signatures`: server TLS plus RFC 9421 signed requests (preview-1). */
  auth: 'mtls' | 'http-signatures';
  /**
   * Path templates. `{clientId}` appears only where the client is named in the path (preview-1);
   * `{deviceId}` only where capabilities are per device (rc.3 gateways).
   */
  paths: {
    capabilities: string;
    deployments: string;
    deployment: string;
    bundle: string;
    status: string;
    onboarding?: string;
    onboardingCertificate?: string;
    trustDiscovery?: string;
  };
  /** Method that first reports capabilities, and the one that updates them, with their success codes. */
  capabilities: { create: { method: 'POST' | 'PUT'; status: number }; update: { method: 'POST' | 'PUT'; status: number }; delete?: { status: number } };
  /** Success code of a status report: on first report, and on a later one. */
  statusReport: { create: number; update: number };
  /** `apiVersion`/`kind` envelope on capabilities and status bodies (preview-1 has it, rc.3 forbids it). */
  envelope?: { apiVersion: { capabilities: string; status: string }; kind: { capabilities: string; status: string } };
  /** Status bodies must carry `adoptedManifestVersion` (rc.3). */
  adoptedManifestVersion: boolean;
  /** Media types of the State Manifest, the deployment bundle and one ApplicationDeployment document. */
  mediaTypes: { manifest: string; bundle: string; deployment: string };
  /** Namespace of the Margo problem types, where errors are problem+json (rc.3, PT-RC3). */
  problemTypeBase?: string;
  /**
   * JSON Pointers into an ApplicationDeployment document (DS-018, DS-030, DS-037): its shape differs per edition.
   * `alternative`: a second shape the edition accepts (preview-1: the 1.0.0 OpenAPI's top-level id and
   * spec.applicationId, DS-035), used for a document that has nothing at `marker`.
   */
  deploymentDocument: {
    idPointer: string;
    applicationIdPointer: string;
    deviceIdPointer?: string;
    alternative?: { marker: string; idPointer: string; applicationIdPointer: string };
  };
  /** `apiVersion` of the onboarding request (preview-1, ONB-004). */
  onboardingApiVersion?: string;
  /** Media type of error bodies. */
  errorMediaType: 'application/problem+json' | 'application/json';
  /** Required Cache-Control on the manifest and on content-addressed responses. */
  cacheControl: { manifest: string; contentAddressed: string };
  /** JSON Schema file (under `core/api-bodies/schemas/`) for the API bodies of this edition. */
  schema: string;
  /**
   * The capabilities enumerations the edition's OpenAPI closes (CAP-007, CAP-011), each with a realistic value
   * outside it that a WFM must refuse. A later edition that opens a list drops its row here, nothing else.
   */
  closedEnumerations: ClosedEnumeration[];
}

/** Capabilities fields whose values come from a closed list. */
export type EnumeratedField = 'architecture' | 'peripheralType' | 'interfaceType' | 'runtime' | 'deploymentType' | 'role';

export interface ClosedEnumeration {
  field: EnumeratedField;
  /** The values the edition allows. */
  values: readonly string[];
  /** A value a product might plausibly send that the edition does not allow. */
  outside: string;
  /** The catalog row that closes the list. */
  requirement: string;
}

export interface Edition {
  id: EditionId;
  aliases: string[];
  title: string;
  /** Our JSON Schema for the ApplicationDescription of this edition, under `suites/package-format/schemas/`. */
  descriptionSchema: string;
  /** JSON Pointer to the application id inside the description. */
  applicationIdPointer: string;
  profileTypes: ProfileTypeNames;
  /** Whether `x-<name>-extensions` objects are defined in this edition. */
  extensions: boolean;
  api: ManagementApi;
}

/**
 * The single table of edition differences. Checks read these facts; they never branch on the edition id.
 * preview-1 is the December 2025 Preview Release with its early-2026 fixes (RFC 9421, onboarding,
 * `clientId` paths); its description keeps the id under `metadata` and names Helm `helm.v3`.
 */
/** The Margo media types: the same in both editions. */
export const MARGO_MEDIA_TYPES = {
  manifest: 'application/vnd.margo.manifest.v1+json',
  bundle: 'application/vnd.margo.bundle.v1+tar+gzip',
  deployment: 'application/yaml',
} as const;

/** Namespace of the registered Margo problem types (rc.3, PT-RC3). */
export const MARGO_PROBLEM_TYPE_BASE = 'https://docs.margo.org/specification/problem-types#';

export const EDITIONS: Record<EditionId, Edition> = {
  '1.0.0-rc.3': {
    id: '1.0.0-rc.3',
    aliases: ['latest', 'rc.3', 'rc3'],
    title: 'Margo 1.0.0-rc.3 (mutual TLS with SPIFFE X.509-SVIDs)',
    descriptionSchema: 'application-description.rc3.schema.json',
    applicationIdPointer: '/id',
    profileTypes: { helm: 'helm', compose: 'compose', custom: 'custom' },
    extensions: true,
    api: {
      auth: 'mtls',
      paths: {
        capabilities: '/api/v1/capabilities/{deviceId}',
        deployments: '/api/v1/deployments',
        deployment: '/api/v1/deployments/{deploymentId}/{digest}',
        bundle: '/api/v1/bundles/{digest}',
        status: '/api/v1/deployments/{deploymentId}/status',
        trustDiscovery: '/.well-known/margo',
      },
      capabilities: { create: { method: 'PUT', status: 201 }, update: { method: 'PUT', status: 200 }, delete: { status: 204 } },
      statusReport: { create: 201, update: 200 },
      adoptedManifestVersion: true,
      mediaTypes: MARGO_MEDIA_TYPES,
      problemTypeBase: MARGO_PROBLEM_TYPE_BASE,
      deploymentDocument: { idPointer: '/id', applicationIdPointer: '/spec/applicationId', deviceIdPointer: '/metadata/deviceId' },
      errorMediaType: 'application/problem+json',
      cacheControl: { manifest: 'private', contentAddressed: 'private, max-age=31536000, immutable' },
      schema: 'management-api.rc3.schema.json',
      closedEnumerations: [
        { field: 'architecture', values: ['amd64', 'arm64', 'arm'], outside: 'x86_64', requirement: 'CAP-011' },
        { field: 'peripheralType', values: ['gpu', 'display', 'camera', 'microphone', 'speaker'], outside: 'npu', requirement: 'CAP-011' },
        { field: 'interfaceType', values: ['ethernet', 'wifi', 'cellular', 'bluetooth', 'usb', 'canbus', 'rs232'], outside: 'modbus', requirement: 'CAP-011' },
        { field: 'runtime', values: ['oci', 'custom'], outside: 'wasm', requirement: 'CAP-011' },
        { field: 'deploymentType', values: ['helm', 'compose', 'custom'], outside: 'kustomize', requirement: 'CAP-011' },
      ],
    },
  },
  'preview-1': {
    id: 'preview-1',
    aliases: ['pr1', 'preview1'],
    title: 'Margo Preview Release 1 (RFC 9421 HTTP message signatures)',
    descriptionSchema: 'application-description.preview1.schema.json',
    applicationIdPointer: '/metadata/id',
    profileTypes: { helm: 'helm.v3', compose: 'compose' },
    extensions: false,
    api: {
      auth: 'http-signatures',
      paths: {
        capabilities: '/api/v1/clients/{clientId}/capabilities',
        deployments: '/api/v1/clients/{clientId}/deployments',
        deployment: '/api/v1/clients/{clientId}/deployments/{deploymentId}/{digest}',
        bundle: '/api/v1/clients/{clientId}/bundles/{digest}',
        status: '/api/v1/clients/{clientId}/deployments/{deploymentId}/status',
        onboarding: '/api/v1/onboarding',
        onboardingCertificate: '/api/v1/onboarding/certificate',
      },
      capabilities: { create: { method: 'POST', status: 201 }, update: { method: 'PUT', status: 201 } },
      statusReport: { create: 200, update: 200 },
      envelope: {
        apiVersion: { capabilities: 'device.margo.org/v1alpha1', status: 'deployment.margo.org/v1alpha1' },
        kind: { capabilities: 'DeviceCapabilitiesManifest', status: 'DeploymentStatusManifest' },
      },
      adoptedManifestVersion: false,
      mediaTypes: MARGO_MEDIA_TYPES,
      deploymentDocument: {
        idPointer: '/metadata/annotations/id',
        applicationIdPointer: '/metadata/annotations/applicationId',
        alternative: { marker: '/metadata/annotations', idPointer: '/id', applicationIdPointer: '/spec/applicationId' },
      },
      onboardingApiVersion: 'onboarding.margo.org/v1alpha1',
      errorMediaType: 'application/json',
      cacheControl: { manifest: 'no-cache', contentAddressed: 'public, max-age=31536000, immutable' },
      schema: 'management-api.preview1.schema.json',
      closedEnumerations: [
        { field: 'role', values: ['Standalone Cluster', 'Cluster Leader', 'Standalone Device', 'Gateway'], outside: 'Server', requirement: 'CAP-007' },
        { field: 'architecture', values: ['amd64', 'arm64', 'arm'], outside: 'x86_64', requirement: 'CAP-011' },
        { field: 'peripheralType', values: ['gpu', 'display', 'camera', 'microphone', 'speaker'], outside: 'npu', requirement: 'CAP-011' },
        { field: 'interfaceType', values: ['ethernet', 'wifi', 'cellular', 'bluetooth', 'usb', 'canbus', 'rs232'], outside: 'modbus', requirement: 'CAP-011' },
      ],
    },
  },
};

export const DEFAULT_EDITION: EditionId = '1.0.0-rc.3';

/** Resolves a user-supplied edition name or alias; undefined when unknown. */
export function resolveEdition(name: string): Edition | undefined {
  const wanted = name.trim().toLowerCase();
  return Object.values(EDITIONS).find((edition) => edition.id === wanted || edition.aliases.includes(wanted));
}
