import { X509Certificate } from 'node:crypto';

// Parsing a certificate costs tens of microseconds; looking one up among thousands of recorded clients
// on every onboarding made acceptance quadratic in parses. Memoized per PEM text, bounded.
const MEMO_LIMIT = 100_000;
const memo = new Map<string, string>();

/** SHA-256 fingerprint of a PEM certificate (Node's `fingerprint256` form), memoized per PEM text. */
export function certificateFingerprint(pem: string): string {
  let fingerprint = memo.get(pem);
  if (fingerprint === undefined) {
    fingerprint = new X509Certificate(pem).fingerprint256;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(pem, fingerprint);
  }
  return fingerprint;
}
