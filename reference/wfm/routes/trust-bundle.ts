import { spiffeBundle } from '../../../core/identity/index.js';
import type { Edition } from '../../../core/catalog/editions.js';
import { canonicalJson } from '../desired/canonical-json.js';
import { sha256Digest } from '../desired/digest.js';
import type { ApiContext, ApiRequest, ApiResponse, ApiRoute } from '../http/api-types.js';
import { ifNoneMatchMatches } from '../http/conditional.js';

/** Where this WFM serves its trust domain's SPIFFE bundle; the discovery document points here. */
export const TRUST_BUNDLE_PATH = '/.well-known/spiffe/bundle.json';

/**
 * The Trust Bundle API (TB-002, TB-003, TB-006, TB-011): discovery and SPIFFE bundle, public, with a
 * strong ETag and 304. Served on the API origin without client authentication.
 */
export function trustBundleRoutes(edition: Edition): ApiRoute[] {
  const discovery = edition.api.paths.trustDiscovery;
  if (!discovery) return [];
  return [
    { name: 'trust-discovery', method: 'GET', path: discovery, auth: 'public', handle: getDiscovery },
    { name: 'trust-bundle', method: 'GET', path: TRUST_BUNDLE_PATH, auth: 'public', handle: getBundle },
  ];
}

async function getDiscovery({ req }: ApiRequest, context: ApiContext): Promise<ApiResponse> {
  return cacheable(req, { trustDomain: context.settings.trustDomain, trustBundleUri: `${context.origin()}${TRUST_BUNDLE_PATH}` });
}

async function getBundle({ req }: ApiRequest, context: ApiContext): Promise<ApiResponse> {
  return cacheable(req, spiffeBundle(context.settings.caPem));
}

function cacheable(req: ApiRequest['req'], value: unknown): ApiResponse {
  const body = Buffer.from(canonicalJson(value));
  const etag = `"${sha256Digest(body)}"`;
  // TB-010: caching must not defer a refresh, so caches revalidate every time.
  const headers = { etag, 'cache-control': 'no-cache' };
  if (ifNoneMatchMatches(req, etag)) return { status: 304, headers };
  return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body };
}
