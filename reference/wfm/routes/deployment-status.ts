import type { Edition } from '../../../core/catalog/editions.js';
import { isObject } from '../desired/application-description.js';
import type { ApiContext, ApiRequest, ApiResponse, ApiRoute } from '../http/api-types.js';
import { apiError, type ApiError } from '../http/problem.js';
import { deploymentStatusSchema } from '../validate/body-schemas.js';
import { statusAsValidated } from '../validate/lenient-views.js';
import { createBodyValidator, readJsonBody, type FieldError } from '../validate/validate-body.js';

/** POST a deployment status report (ST-003..ST-012); success codes from the edition table. */
export function deploymentStatusRoute(edition: Edition): ApiRoute {
  const validate = createBodyValidator(deploymentStatusSchema(edition));
  const lastWrite = { at: -Infinity, client: '' };
  return {
    name: 'status',
    method: 'POST',
    path: edition.api.paths.status,
    auth: 'client',
    handle: (request, context) => postStatus(request, context, validate, lastWrite),
  };
}

// status-dropped-under-contention: how close another client's write must be for the "lock" to give up.
const CONTENTION_MS = 50;

async function postStatus(
  { req, params, body, caller }: ApiRequest,
  { edition, state, desired, faults }: ApiContext,
  validate: ReturnType<typeof createBodyValidator>,
  lastWrite: { at: number; client: string },
): Promise<ApiResponse | ApiError> {
  const deploymentId = params['deploymentId'] ?? '';
  const deployment = state.data.deployments[deploymentId];
  const client = state.client(caller);
  if (!deployment || deployment.client !== caller || !client) {
    return apiError('deployment-not-found', `No deployment "${deploymentId}" is assigned to this client.`);
  }
  const parsed = readJsonBody(req.headers['content-type'], body);
  if (!('value' in parsed)) return parsed;
  let report = parsed.value;
  if (faults.has('status-accepts-capitalised-state')) report = lowerCaseStates(report);
  if (faults.has('status-without-adopted-version-accepted') && isObject(report) && report['adoptedManifestVersion'] === undefined) {
    report = { ...report, adoptedManifestVersion: client.manifestVersion };
  }
  // status-removal-states-refused, status-deployment-id-from-path (validate/lenient-views.ts).
  report = statusAsValidated(report, deploymentId, faults);
  // status-component-states-unchecked: component entries are validated with their state taken as valid.
  const schemaErrors = validate(faults.has('status-component-states-unchecked') ? withValidComponentStates(report) : report);
  if (!Array.isArray(schemaErrors)) return schemaErrors;
  const record = report as { deploymentId: string; adoptedManifestVersion?: number; components: { name: string }[] };
  const components = (desired.description(deployment.applicationId)?.deploymentProfiles.find((p) => p['id'] === deployment.profileId)?.['components'] ?? []) as { name?: unknown }[];
  const errors = schemaErrors.length > 0 ? schemaErrors : semanticErrors(record, deploymentId, components.map((c) => String(c.name)), client.manifestVersion);
  if (errors.length > 0) return apiError('semantic-error', `The status report breaks ${errors.length} rule(s) (ST-004, ST-005, ST-007, ST-012).`, { errors });

  const created = !(deploymentId in client.statuses);
  const now = performance.now();
  const contended = lastWrite.client !== caller && now - lastWrite.at < CONTENTION_MS;
  Object.assign(lastWrite, { at: now, client: caller });
  if (!(contended && faults.has('status-dropped-under-contention'))) state.update(() => (client.statuses[deploymentId] = parsed.value));
  return { status: created ? edition.api.statusReport.create : edition.api.statusReport.update };
}

/** Rules a schema cannot state: the path's deployment, its exact component set and a version that was issued. */
function semanticErrors(
  report: { deploymentId: string; adoptedManifestVersion?: number; components: { name: string }[] },
  deploymentId: string,
  expected: string[],
  latestVersion: number,
): FieldError[] {
  const errors: FieldError[] = [];
  // ST-012: the body names the deployment of the path.
  if (report.deploymentId !== deploymentId) errors.push({ field: 'deploymentId', message: `must equal the path deploymentId "${deploymentId}"` });
  // ST-007: one entry per component of the deployment, no more, no fewer.
  const names = report.components.map((c) => c.name);
  if (names.length !== expected.length || !expected.every((name) => names.includes(name))) {
    errors.push({ field: 'components', message: `must hold exactly one entry for each of ${expected.join(', ')}` });
  }
  if (report.adoptedManifestVersion !== undefined && report.adoptedManifestVersion > latestVersion) {
    errors.push({ field: 'adoptedManifestVersion', message: `must be a manifestVersion this WFM issued (latest ${latestVersion})` });
  }
  return errors;
}

function lowerCaseStates(report: unknown): unknown {
  if (!isObject(report)) return report;
  const lower = (value: unknown) => (isObject(value) && typeof value['state'] === 'string' ? { ...value, state: value['state'].toLowerCase() } : value);
  return { ...report, status: lower(report['status']), components: Array.isArray(report['components']) ? report['components'].map(lower) : report['components'] };
}

function withValidComponentStates(report: unknown): unknown {
  if (!isObject(report) || !Array.isArray(report['components'])) return report;
  return { ...report, components: report['components'].map((c: unknown) => (isObject(c) ? { ...c, state: 'installing' } : c)) };
}
