import { parseDictionary } from 'structured-headers';
import { contentDigest } from './content-digest.js';
import { verifyFailure, type VerifyFailure } from './verify-failure.js';

/**
 * Checks the `Content-Digest` field against the body (SIG-001, SIG-007); undefined when it is right.
 * Reading for ambiguity 4: only a request with a non-empty body must carry one ("if body is
 * present"); a field that is sent anyway must still be right. Only the sha-256 member is
 * required and checked; other members (e.g. sha-512) are ignored.
 */
export function checkContentDigest(headerValue: string | undefined, body: Uint8Array | undefined): VerifyFailure | undefined {
  const bytes = body ?? new Uint8Array(0);
  const expected = contentDigest(bytes);
  if (headerValue === undefined) {
    if (bytes.byteLength === 0) return undefined;
    return verifyFailure(
      'missing-content-digest',
      `Request has a ${bytes.byteLength}-byte body but no Content-Digest field (SIG-007). Send Content-Digest: ${expected}.`,
    );
  }
  const sent = sha256Member(headerValue);
  if (sent === undefined) {
    return verifyFailure(
      'missing-content-digest',
      `Content-Digest is ${headerValue}, which has no sha-256=:<base64>: member (SIG-007). Send Content-Digest: ${expected}.`,
    );
  }
  if (`sha-256=:${sent}:` !== expected) {
    // The hint covers ambiguity 7: some Margo texts hash the base64 of the body.
    return verifyFailure(
      'content-digest-mismatch',
      `Content-Digest is sha-256=:${sent}: but the body hashes to ${expected} (SIG-007). Hash the exact body bytes, not a base64 of them.`,
    );
  }
  return undefined;
}

function sha256Member(headerValue: string): string | undefined {
  try {
    const value = parseDictionary(headerValue).get('sha-256')?.[0];
    return value instanceof ArrayBuffer ? Buffer.from(value).toString('base64') : undefined;
  } catch {
    return undefined;
  }
}
