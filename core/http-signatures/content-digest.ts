import { createHash } from 'node:crypto';

/**
 * The RFC 9530 `Content-Digest` value for a body: `sha-256=:<base64 SHA-256>:` (SIG-001).
 * Reading for ambiguity 7: the hash is over the exact body bytes, not over a base64 of them.
 */
export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}
