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
  // coded-bundle-labelled-gzip: the bundle (already tar+gzip) is compressed again and labelled as plain gzip.
  const codedBundle = entry.kind === 'bundle' && faults.has('coded-bundle-labelled-gzip');
  const compressible = entry.kind === 'deployment' || codedBundle;
  const headers: Record<string, string> = { etag, 'cache-control': cacheControl, ...(compressible ? { vary: 'Accept-Encoding' } : {}) };
  if (ifNoneMatchMatches(req, etag)) {
    // RFC 9110 §15.4.5: a 304 repeats the ETag a 200 would carry (DS-022); the fault leaves it out.
    const { etag: _omitted, ...withoutEtag } = headers;
    return { status: 304, headers: faults.has('content-304-without-etag') ? withoutEtag : headers };
  }
  if (entry.encoding === 'gzip') return { status: 200, headers: { ...headers, 'content-type': contentType, 'content-encoding': 'gzip' }, body: entry.bytes };
  if (compressible && wantsGzip(req.headers['accept-encoding'])) {
    return { status: 200, headers: { ...headers, 'content-type': codedBundle ? 'application/gzip' : contentType, 'content-encoding': 'gzip' }, body: gzipSync(entry.bytes) };
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
