import type { Edition } from '../../../core/catalog/editions.js';
import { BUNDLE_MEDIA_TYPE } from '../desired/build-desired-state.js';
import type { ApiContext, ApiRequest, ApiResponse, ApiRoute } from '../http/api-types.js';
import { apiError, type ApiError } from '../http/problem.js';
import { contentAddressedResponse } from './content-addressed.js';

/** GET the deterministic tar.gz bundle by digest (DS-013, DS-014, DS-020). */
export function bundleRoute(edition: Edition): ApiRoute {
  return { name: 'bundle', method: 'GET', path: edition.api.paths.bundle, auth: 'client', handle: getBundle };
}

async function getBundle({ req, params, caller }: ApiRequest, context: ApiContext): Promise<ApiResponse | ApiError> {
  const { desired, faults } = context;
  const digest = params['digest'] ?? '';
  const entry = await desired.find(faults.has('shared-content-store') ? undefined : caller, digest);
  if (entry?.kind !== 'bundle') return apiError('invalid-bundle', `No bundle with digest "${digest}" exists for this client (DS-020).`);
  return contentAddressedResponse(req, entry, faults.has('bundle-wrong-media-type') ? 'application/gzip' : BUNDLE_MEDIA_TYPE, context);
}
