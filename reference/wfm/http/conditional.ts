import type { IncomingMessage } from 'node:http';

/** Whether If-None-Match matches `etag` (weak comparison, as RFC 9110 §13.1.2 prescribes for it). */
export function ifNoneMatchMatches(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
