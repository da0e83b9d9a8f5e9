import type { Edition } from '../../../core/catalog/editions.js';
import type { ApiContext, ApiRequest, ApiResponse, ApiRoute } from '../http/api-types.js';
import { apiError, type ApiError } from '../http/problem.js';
import { capabilitiesSchema } from '../validate/body-schemas.js';
import { capabilitiesAsValidated } from '../validate/lenient-views.js';
import { createBodyValidator, readJsonBody } from '../validate/validate-body.js';

const DEVICE_ID = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/** Capabilities report (and, where the edition has it, unregister) routes, methods and codes from the edition table. */
export function capabilitiesRoutes(edition: Edition): ApiRoute[] {
  const validate = createBodyValidator(capabilitiesSchema(edition));
  const { create, update, delete: remove } = edition.api.capabilities;
  const report = (request: ApiRequest, context: ApiContext) => reportCapabilities(request, context, validate);
  const methods = [...new Set([create.method, update.method])];
  const routes: ApiRoute[] = methods.map((method) => ({ name: 'capabilities', method, path: edition.api.paths.capabilities, auth: 'client', handle: report }));
  if (remove) routes.push({ name: 'capabilities-delete', method: 'DELETE', path: edition.api.paths.capabilities, auth: 'client', handle: deleteCapabilities });
  return routes;
}

async function reportCapabilities(
  { req, params, body, caller }: ApiRequest,
  { edition, state, faults }: ApiContext,
  validate: ReturnType<typeof createBodyValidator>,
): Promise<ApiResponse | ApiError> {
  const pathDeviceId = params['deviceId'];
  // CAP-012: the path names one device, possibly below its gateways.
  if (pathDeviceId !== undefined && !DEVICE_ID.test(pathDeviceId)) {
    return apiError('invalid-request', `deviceId "${pathDeviceId}" is not slash-separated RFC 3986 unreserved segments (CAP-012).`);
  }
  const parsed = readJsonBody(req.headers['content-type'], body);
  if (!('value' in parsed)) return parsed;
  let document = parsed.value;
  if (faults.has('capabilities-envelope-accepted') && isRecord(document)) {
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = document;
    document = rest;
  }
  const errors = validate(capabilitiesAsValidated(document, faults));
  if (!Array.isArray(errors)) return errors;
  if (errors.length > 0) return apiError('semantic-error', `The capabilities body breaks ${errors.length} field rule(s) (CAP-006, CAP-011).`, { errors });

  const reportedId = String(((document as Record<string, Record<string, unknown>>)['properties'] ?? {})['id']);
  // CAP-014: properties.id names the device of the path; a contradiction is a semantic error (catalog note).
  if (pathDeviceId !== undefined && reportedId !== pathDeviceId && !faults.has('capabilities-id-mismatch-accepted')) {
    return apiError('semantic-error', `properties.id is "${reportedId}" but the path names "${pathDeviceId}" (CAP-014).`, {
      errors: [{ field: 'properties.id', message: `must equal the path deviceId "${pathDeviceId}"` }],
    });
  }
  const deviceId = pathDeviceId ?? reportedId;
  const client = state.client(caller);
  if (!client) return apiError('not-authorized', 'The client is not recorded.');
  // CAP-013: a child reports only after its gateway.
  const parent = deviceId.includes('/') ? deviceId.slice(0, deviceId.lastIndexOf('/')) : undefined;
  if (parent !== undefined && !(parent in client.capabilities) && !faults.has('child-before-gateway-accepted')) {
    return apiError('gateway-not-found', `Gateway "${parent}" has not reported its capabilities; report it before "${deviceId}" (CAP-013).`);
  }
  const created = !(deviceId in client.capabilities);
  state.update(() => (client.capabilities[deviceId] = document));
  const { create, update } = edition.api.capabilities;
  const status = created || faults.has('capabilities-update-answers-201') ? create.status : update.status;
  return { status };
}

async function deleteCapabilities({ params, caller }: ApiRequest, { state, edition }: ApiContext): Promise<ApiResponse | ApiError> {
  const deviceId = params['deviceId'] ?? '';
  const client = state.client(caller);
  if (!client || !(deviceId in client.capabilities)) {
    return apiError('device-not-found', `No device "${deviceId}" is registered for this client (CAP-015).`);
  }
  // Unregistering a gateway also unregisters the devices behind it.
  state.update(() => {
    for (const id of Object.keys(client.capabilities)) {
      if (id === deviceId || id.startsWith(`${deviceId}/`)) delete client.capabilities[id];
    }
  });
  return { status: edition.api.capabilities.delete?.status ?? 204 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
