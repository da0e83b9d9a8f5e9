import type { Edition } from '../../../core/catalog/editions.js';
import type { ApiContext, ApiRequest, ApiResponse, ApiRoute } from '../http/api-types.js';
import { apiError, type ApiError } from '../http/problem.js';
import { contentAddressedResponse } from './content-addressed.js';

/** GET one ApplicationDeployment YAML by deployment id and digest: exact bytes or 404 (DS-020). */
export function deploymentDocumentRoute(edition: Edition): ApiRoute {
  return { name: 'deployment', method: 'GET', path: edition.api.paths.deployment, auth: 'client', handle: getDeploymentDocument };
}

async function getDeploymentDocument({ req, params, caller }: ApiRequest, context: ApiContext): Promise<ApiResponse | ApiError> {
  const { desired, faults } = context;
  const deploymentId = params['deploymentId'] ?? '';
  const digest = params['digest'] ?? '';
  // ID-003: documents are looked up in the caller's own scope only.
  const entry = await desired.find(faults.has('shared-content-store') ? undefined : caller, digest);
  let found = entry?.kind === 'deployment' && entry.deploymentId === deploymentId ? entry : undefined;
  if (!found && faults.has('content-addressed-404-missing')) {
    found = (await desired.current(caller)).entries.find((e) => e.kind === 'deployment' && e.deploymentId === deploymentId);
  }
  if (!found) return apiError('deployment-not-found', `No deployment "${deploymentId}" with digest "${digest}" exists for this client (DS-020).`);
  return contentAddressedResponse(req, found, 'application/yaml', context);
}
