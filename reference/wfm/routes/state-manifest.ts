import type { Edition } from '../../../core/catalog/editions.js';
import { canonicalJson } from '../desired/canonical-json.js';
import { MANIFEST_MEDIA_TYPE } from '../desired/build-desired-state.js';
import { sha256Digest } from '../desired/digest.js';
import { accepts } from '../http/accept.js';
import type { ApiContext, ApiRequest, ApiResponse, ApiRoute } from '../http/api-types.js';
import { ifNoneMatchMatches } from '../http/conditional.js';
import { apiError, type ApiError } from '../http/problem.js';

/** GET the State Manifest (DS-003..DS-012): deterministic JSON, strong ETag over the exact body, 304, 406. */
export function stateManifestRoute(edition: Edition): ApiRoute {
  return { name: 'deployments', method: 'GET', path: edition.api.paths.deployments, auth: 'client', handle: getStateManifest };
}

async function getStateManifest({ req, caller }: ApiRequest, { edition, desired, faults }: ApiContext): Promise<ApiResponse | ApiError> {
  if (!accepts(req.headers.accept, MANIFEST_MEDIA_TYPE) && !faults.has('no-406')) {
    return apiError('server-cannot-generate-response', `Accept "${req.headers.accept}" names no type this WFM serves; accept ${MANIFEST_MEDIA_TYPE} (DS-003).`);
  }
  const current = await desired.current(caller);
  const hashed = faults.has('etag-over-reserialised-json') ? Buffer.from(JSON.stringify(JSON.parse(canonicalJson(current.manifest)), null, 2)) : current.manifestBody;
  const etag = `${faults.has('weak-etag') ? 'W/' : ''}"${sha256Digest(hashed)}"`;
  const cacheControl = faults.has('manifest-cache-public-immutable') ? 'public, max-age=31536000, immutable' : edition.api.cacheControl.manifest;
  const headers = { etag, 'cache-control': cacheControl };
  if (ifNoneMatchMatches(req, etag) && !faults.has('no-304')) return { status: 304, headers };
  return { status: 200, headers: { ...headers, 'content-type': MANIFEST_MEDIA_TYPE }, body: current.manifestBody };
}
