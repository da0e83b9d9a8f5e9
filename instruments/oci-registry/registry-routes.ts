import { DIGEST, type Repository } from './registry-content.js';

/** An answer of the registry, before it is written: status, headers, and the body a GET would carry. */
export interface RegistryAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** distribution-spec error codes this read-only registry answers with. */
export type RegistryErrorCode = 'NAME_UNKNOWN' | 'MANIFEST_UNKNOWN' | 'BLOB_UNKNOWN' | 'DIGEST_INVALID' | 'UNSUPPORTED';

const PATH = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/;
const TAGS_LIST = /^\/v2\/(.+)\/tags\/list$/;

export interface RegistryRouteOptions {
  /**
   * At most this many tags in one tags-list answer to a request with `n`, with a `Link` to the next page
   * when more remain (distribution-spec "Listing Tags" lets a registry return fewer than `n` only with a
   * `Link`). A request without `n` gets the whole list, as the spec asks. @default unlimited
   */
  maxTagsPerPage?: number;
}

/**
 * Answers one request: `GET /v2/`, the tags list (`n`/`last` pagination), and `GET`/`HEAD` of manifests
 * (by tag or digest) and blobs (by digest), with `Content-Type`, `Content-Length` and
 * `Docker-Content-Digest`. Everything else is an OCI error body. `served` gives the bytes to serve for a
 * blob digest: normally the blob, or altered bytes a scenario set.
 */
export function answerRegistryRequest(
  request: { method: string; path: string },
  repositories: ReadonlyMap<string, Repository>,
  served: (digest: string, stored: Uint8Array) => Uint8Array,
  options: RegistryRouteOptions = {},
): RegistryAnswer {
  const { method } = request;
  if (method !== 'GET' && method !== 'HEAD') return error(405, 'UNSUPPORTED', `${method} is not supported: this registry is read-only`);
  const [path = '', query = ''] = request.path.split('?', 2);
  if (path === '/v2/' || path === '/v2') return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
  const tagsOf = TAGS_LIST.exec(path)?.[1];
  if (tagsOf !== undefined) return tagsList(tagsOf, new URLSearchParams(query), repositories, options.maxTagsPerPage);
  const match = PATH.exec(path);
  if (!match) return error(404, 'NAME_UNKNOWN', `no route for ${path}`);
  const [, name = '', kind, rawReference = ''] = match;
  let reference: string;
  try {
    reference = decodeURIComponent(rawReference);
  } catch {
    return error(400, 'DIGEST_INVALID', `reference ${rawReference} is not valid percent-encoding`);
  }
  const repository = repositories.get(name);
  if (!repository) return error(404, 'NAME_UNKNOWN', `repository ${name} is not known`);
  if (kind === 'manifests') {
    const manifest = reference.includes(':') ? repository.manifestsByDigest.get(reference) : repository.manifestsByTag.get(reference);
    if (!manifest) return error(404, 'MANIFEST_UNKNOWN', `manifest ${reference} is not in ${name}`);
    return content(manifest.mediaType, manifest.digest, manifest.bytes);
  }
  if (!DIGEST.test(reference)) return error(400, 'DIGEST_INVALID', `${reference} is not a sha256 digest`);
  const blob = repository.blobs.get(reference) ?? (repository.manifestsByDigest.get(reference)?.bytes);
  if (!blob) return error(404, 'BLOB_UNKNOWN', `blob ${reference} is not in ${name}`);
  return content('application/octet-stream', reference, served(reference, blob));
}

/** `{name, tags}` in lexical (case-insensitive) order after `last`; pages of at most `pageSize` when `n` is given. */
function tagsList(name: string, query: URLSearchParams, repositories: ReadonlyMap<string, Repository>, pageSize = Number.POSITIVE_INFINITY): RegistryAnswer {
  const repository = repositories.get(name);
  if (!repository) return error(404, 'NAME_UNKNOWN', `repository ${name} is not known`);
  const n = query.get('n');
  if (n !== null && !/^\d{1,6}$/.test(n)) return error(400, 'UNSUPPORTED', `n=${n} is not a non-negative integer`);
  const last = query.get('last');
  const all = [...repository.manifestsByTag.keys()].sort(lexical).filter((tag) => last === null || lexical(tag, last) > 0);
  const page = n === null ? all : all.slice(0, Math.min(Number(n), pageSize));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const lastShown = page[page.length - 1];
  if (n !== null && lastShown !== undefined && page.length < all.length) {
    headers['link'] = `</v2/${name}/tags/list?${new URLSearchParams({ n, last: lastShown }).toString()}>; rel="next"`;
  }
  return { status: 200, headers, body: Buffer.from(JSON.stringify({ name, tags: page })) };
}

/** The distribution-spec tag order: case-insensitive, then by code point so distinct tags never tie. */
function lexical(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function content(mediaType: string, digest: string, bytes: Uint8Array): RegistryAnswer {
  return { status: 200, headers: { 'content-type': mediaType, 'docker-content-digest': digest }, body: bytes };
}

function error(status: number, code: RegistryErrorCode, message: string): RegistryAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ errors: [{ code, message }] })) };
}
