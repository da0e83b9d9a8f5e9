import type { Edition } from '../../../core/catalog/editions.js';
import type { EditionId } from '../../../core/catalog/types.js';

/**
 * Request-body schemas the reference WFM enforces, written from the OpenAPI field facts of each
 * edition. They are the server's own copies; the suite validates with its schemas in suites/wfm-api.
 */
const STATES = ['pending', 'installing', 'installed', 'failed', 'removing', 'removed'];
const DEVICE_ID = '^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$';
const EXTENSION = '^x-[a-z][a-z0-9-]*-extensions$';
const STATUS_ERROR = { type: 'object', properties: { code: { type: 'string' }, source: { type: 'string' }, message: { type: 'string' } } };
const PERIPHERAL = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['gpu', 'display', 'camera', 'microphone', 'speaker'] }, manufacturer: { type: 'string' }, model: { type: 'string' } },
};
const INTERFACE = { type: 'object', required: ['type'], properties: { type: { enum: ['ethernet', 'wifi', 'cellular', 'bluetooth', 'usb', 'canbus', 'rs232'] } } };
const CPU = { type: 'object', required: ['cores'], properties: { cores: { type: 'number' }, architecture: { enum: ['amd64', 'arm64', 'arm'] } } };
const IDENTITY = { id: { type: 'string', pattern: DEVICE_ID }, vendor: { type: 'string' }, modelNumber: { type: 'string' }, serialNumber: { type: 'string' } };

function statusSchema(envelope: Record<string, unknown>, required: string[], extra: Record<string, unknown>) {
  return {
    type: 'object',
    required: [...Object.keys(envelope), 'deploymentId', ...required, 'status', 'components'],
    properties: {
      ...envelope,
      ...extra,
      deploymentId: { type: 'string', minLength: 1 },
      status: { type: 'object', required: ['state'], properties: { state: { enum: STATES }, error: STATUS_ERROR } },
      components: {
        type: 'array',
        items: { type: 'object', required: ['name', 'state'], properties: { name: { type: 'string' }, state: { enum: STATES }, error: STATUS_ERROR } },
      },
    },
  };
}

function envelopeOf(edition: Edition, body: 'capabilities' | 'status'): Record<string, unknown> {
  const envelope = edition.api.envelope;
  return envelope ? { apiVersion: { const: envelope.apiVersion[body] }, kind: { const: envelope.kind[body] } } : {};
}

const CAPABILITIES: Record<EditionId, (edition: Edition) => object> = {
  // CAP-005: closed root, only properties, labels and x-*-extensions.
  '1.0.0-rc.3': () => ({
    type: 'object',
    required: ['properties'],
    additionalProperties: false,
    patternProperties: { [EXTENSION]: { type: 'object' } },
    properties: {
      properties: {
        type: 'object',
        required: ['id', 'vendor', 'modelNumber', 'serialNumber'],
        properties: {
          ...IDENTITY,
          cpus: { type: 'array', items: CPU },
          memory: { type: 'string' },
          storage: { type: 'string' },
          peripherals: { type: 'array', items: PERIPHERAL },
          interfaces: { type: 'array', items: INTERFACE },
          otelCollector: { type: 'boolean' },
          supportedRuntimes: { type: 'array', minItems: 1, items: { enum: ['oci', 'custom'] } },
          supportedDeploymentTypes: { type: 'array', minItems: 1, items: { enum: ['helm', 'compose', 'custom'] } },
        },
      },
      labels: {
        type: 'object',
        additionalProperties: {
          anyOf: [
            { type: ['string', 'number', 'boolean'] },
            { type: 'array', items: { type: 'string' } },
            { type: 'array', items: { type: 'number' } },
          ],
        },
      },
    },
  }),
  // CAP-004, CAP-007: envelope, roles (Gateway from the gateway proposal), resources for hosting roles.
  'preview-1': (edition) => ({
    type: 'object',
    required: ['apiVersion', 'kind', 'properties'],
    properties: {
      ...envelopeOf(edition, 'capabilities'),
      properties: {
        type: 'object',
        required: ['id', 'vendor', 'modelNumber', 'serialNumber', 'roles'],
        properties: {
          ...IDENTITY,
          roles: { type: 'array', minItems: 1, items: { enum: ['Standalone Cluster', 'Cluster Leader', 'Standalone Device', 'Gateway'] } },
          resources: {
            type: 'object',
            required: ['cpu', 'memory', 'storage', 'peripherals', 'interfaces'],
            properties: { cpu: CPU, memory: { type: 'string' }, storage: { type: 'string' }, peripherals: { type: 'array', items: PERIPHERAL }, interfaces: { type: 'array', items: INTERFACE } },
          },
        },
        if: { required: ['roles'], properties: { roles: { type: 'array', items: { const: 'Gateway' } } } },
        else: { required: ['resources'] },
      },
    },
  }),
};

export function capabilitiesSchema(edition: Edition): object {
  return CAPABILITIES[edition.id](edition);
}

/** ST-004 (rc.3: adoptedManifestVersion, optional deviceId) and ST-003 (preview-1: envelope). */
export function deploymentStatusSchema(edition: Edition): object {
  return edition.api.adoptedManifestVersion
    ? statusSchema({}, ['adoptedManifestVersion'], { adoptedManifestVersion: { type: 'integer', minimum: 1 }, deviceId: { type: 'string', pattern: DEVICE_ID } })
    : statusSchema(envelopeOf(edition, 'status'), [], {});
}
