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
  const caches: FaultyCaches = { bodies: new Map(), etags: new Map() };
  return { name: 'deployments', method: 'GET', path: edition.api.paths.deployments, auth: 'client', handle: (request, context) => getStateManifest(request, context, caches) };
}

/** The concurrency faults' caches: keyed by manifestVersion alone (the client forgotten), kept 250 ms. */
interface FaultyCaches {
  bodies: Map<number, { at: number; body: Buffer }>;
  etags: Map<number, { at: number; etag: string }>;
}

const FAULTY_CACHE_MS = 250;

// A client's manifest body is one Buffer until its desired state changes: hashed once, not on every poll.
const digests = new WeakMap<Buffer, string>();
function digestOf(body: Buffer): string {
  let digest = digests.get(body);
  if (digest === undefined) digests.set(body, (digest = sha256Digest(body)));
  return digest;
}

function cached<T extends { at: number }>(cache: Map<number, T>, key: number, make: () => T): T {
  const hit = cache.get(key);
  if (hit && performance.now() - hit.at < FAULTY_CACHE_MS) return hit;
  const fresh = make();
  cache.set(key, fresh);
  return fresh;
}

async function getStateManifest({ req, caller }: ApiRequest, { edition, desired, faults }: ApiContext, caches: FaultyCaches): Promise<ApiResponse | ApiError> {
  if (!accepts(req.headers.accept, MANIFEST_MEDIA_TYPE, faults.has('accept-ignores-q-values')) && !faults.has('no-406')) {
    return apiError('server-cannot-generate-response', `Accept "${req.headers.accept}" names no type this WFM serves; accept ${MANIFEST_MEDIA_TYPE} (DS-003).`);
  }
  const built = await desired.current(caller);
  const version = Number(built.manifest['manifestVersion'] ?? 0);
  const current = faults.has('desired-state-cache-without-client')
    ? { ...built, manifestBody: cached(caches.bodies, version, () => ({ at: performance.now(), body: built.manifestBody })).body }
    : built;
  const hashed = faults.has('etag-over-reserialised-json') ? Buffer.from(JSON.stringify(JSON.parse(canonicalJson(current.manifest)), null, 2)) : current.manifestBody;
  const strongEtag = `${faults.has('weak-etag') ? 'W/' : ''}"${digestOf(hashed)}"`;
  const etag = faults.has('etag-cache-without-client') ? cached(caches.etags, version, () => ({ at: performance.now(), etag: strongEtag })).etag : strongEtag;
  const cacheControl = faults.has('manifest-cache-public-immutable') ? 'public, max-age=31536000, immutable' : edition.api.cacheControl.manifest;
  const headers = { etag, 'cache-control': cacheControl };
  // if-none-match-whole-string: the header is compared with the ETag as one string, so a list of tags, W/ or * never matches (DS-007).
  const matches = faults.has('if-none-match-whole-string') ? req.headers['if-none-match'] === etag : ifNoneMatchMatches(req, etag);
  if (matches && !faults.has('no-304')) return { status: 304, headers };
  return { status: 200, headers: { ...headers, 'content-type': MANIFEST_MEDIA_TYPE }, body: current.manifestBody };
}
