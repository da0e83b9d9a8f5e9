import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { ContentEntry } from '../desired/build-desired-state.js';
import type { ApiContext, ApiResponse } from '../http/api-types.js';
import { ifNoneMatchMatches } from '../http/conditional.js';

/**
 * Answers with an immutable content-addressed document (DS-009/DS-010, DS-015, DS-022, DS-023):
 * ETag is the quoted digest, 304 on a match, optional gzip whose digest still covers the decoded bytes.
 */
export function contentAddressedResponse(req: IncomingMessage, entry: ContentEntry, contentType: string, { edition, faults }: ApiContext): ApiResponse {
  const etag = faults.has('unquoted-content-etag') ? entry.digest : `"${entry.digest}"`;
  const cacheControl = faults.has('content-addressed-cache-public') ? 'public, max-age=31536000, immutable' : edition.api.cacheControl.contentAddressed;
  const compressible = entry.kind === 'deployment';
  const headers: Record<string, string> = { etag, 'cache-control': cacheControl, ...(compressible ? { vary: 'Accept-Encoding' } : {}) };
  if (ifNoneMatchMatches(req, etag)) return { status: 304, headers };
  if (entry.encoding === 'gzip') return { status: 200, headers: { ...headers, 'content-type': contentType, 'content-encoding': 'gzip' }, body: entry.bytes };
  if (compressible && wantsGzip(req.headers['accept-encoding'])) {
    return { status: 200, headers: { ...headers, 'content-type': contentType, 'content-encoding': 'gzip' }, body: gzipSync(entry.bytes) };
  }
  return { status: 200, headers: { ...headers, 'content-type': contentType }, body: entry.bytes };
}

function wantsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === 'x-gzip') && (q === undefined || Number(q.slice(2)) > 0);
  });
}
