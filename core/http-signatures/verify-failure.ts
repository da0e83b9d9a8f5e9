/** Why a request failed verification; each code has one HTTP status in VERIFY_FAILURE_STATUS. */
export type VerifyFailureCode =
  | 'missing-content-digest'
  | 'content-digest-mismatch'
  | 'missing-signature'
  | 'malformed-signature'
  | 'unknown-key'
  | 'bad-signature'
  | 'missing-component'
  | 'expired'
  | 'future'
  | 'unsupported-algorithm';

/** A failed verification: the status a WFM answers with, a stable code and a one-line message. */
export interface VerifyFailure {
  ok: false;
  status: 400 | 401;
  code: VerifyFailureCode;
  message: string;
}

/** A missing or wrong Content-Digest is 400 (SIG-007); every signature failure, replay included, is 401 (SIG-005, SIG-006). */
export const VERIFY_FAILURE_STATUS: Readonly<Record<VerifyFailureCode, 400 | 401>> = {
  'missing-content-digest': 400,
  'content-digest-mismatch': 400,
  'missing-signature': 401,
  'malformed-signature': 401,
  'unknown-key': 401,
  'bad-signature': 401,
  'missing-component': 401,
  expired: 401,
  future: 401,
  'unsupported-algorithm': 401,
};

/** Builds the failure for `code`, with the status from VERIFY_FAILURE_STATUS. */
export function verifyFailure(code: VerifyFailureCode, message: string): VerifyFailure {
  return { ok: false, status: VERIFY_FAILURE_STATUS[code], code, message };
}
