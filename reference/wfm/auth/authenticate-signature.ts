import type { IncomingMessage } from 'node:http';
import { verifyRequest } from '../../../core/http-signatures/index.js';
import type { FaultSet } from '../faults.js';
import { apiError, type ApiError } from '../http/problem.js';

export interface SignatureSettings {
  /** Replay window on `created` (SIG-006). */
  replayWindowSeconds: number;
  now: () => number;
  faults: FaultSet;
  /** See WfmSettings.acceptUnverifiedSignatures. */
  acceptUnverifiedSignatures?: boolean;
}

/** Skew allowed for a `created` in the future (SIG-006; Margo gives no value, ambiguity 7). */
const MAX_SKEW_SECONDS = 30;

/**
 * Verifies an RFC 9421 signature with a known public key: a missing or wrong Content-Digest is 400
 * (SIG-007), any signature failure, replays included, 401 (SIG-005, SIG-006). The key comes from the
 * clientId in the path (SIG-005) or, for onboarding, from the submitted certificate (ambiguity 8), so
 * `keyid` only has to name it when the signer chose our keyid reading (ambiguity 4).
 */
export async function authenticateSignature(
  req: IncomingMessage,
  body: Buffer,
  publicKeyPem: string,
  settings: SignatureSettings,
): Promise<true | ApiError> {
  const verdict = await verifySignature(req, body, publicKeyPem, settings);
  return verdict !== true && settings.acceptUnverifiedSignatures ? true : verdict;
}

async function verifySignature(req: IncomingMessage, body: Buffer, publicKeyPem: string, settings: SignatureSettings): Promise<true | ApiError> {
  const { faults } = settings;
  // An unsigned request is 401 even without a Content-Digest (CAP-003, ST-002, ONB-003); the digest
  // rule (400, SIG-007) applies to signed requests.
  if (!isSigned(req)) return apiError({ status: 401, title: 'Unauthorized' }, 'The request carries no RFC 9421 Signature and Signature-Input (SIG-003); sign it.');
  const digestOptional = faults.has('content-digest-optional') && req.headers['content-digest'] === undefined;
  const result = await verifyRequest(
    { method: req.method ?? 'GET', url: targetUri(req), headers: req.headers, body: digestOptional ? undefined : body },
    {
      lookupKey: () => ({ publicKeyPem }),
      now: Math.floor(settings.now() / 1000),
      maxAgeSeconds: faults.has('accepts-replayed-request') ? Number.MAX_SAFE_INTEGER : settings.replayWindowSeconds,
      maxSkewSeconds: faults.has('accepts-replayed-request') ? Number.MAX_SAFE_INTEGER : MAX_SKEW_SECONDS,
    },
  );
  if (result.ok) return true;
  return apiError({ status: result.status, title: result.status === 400 ? 'Bad Request' : 'Unauthorized' }, result.message);
}

/** The absolute target URI the client addressed (`@target-uri`): https, the Host it sent, the raw request target. */
export function targetUri(req: IncomingMessage): string {
  return `https://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
}

/** Whether the request carries any RFC 9421 signature fields at all. */
export function isSigned(req: IncomingMessage): boolean {
  return req.headers['signature'] !== undefined || req.headers['signature-input'] !== undefined;
}
