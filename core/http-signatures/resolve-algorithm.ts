import type { KeyObject } from 'node:crypto';
import { keyMatchesAlgorithm } from './key-matches-algorithm.js';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm, type SignatureAlgorithmSpec } from './signature-algorithms.js';
import { verifyFailure, type VerifyFailure } from './verify-failure.js';

/** The algorithm a signature is checked with, and where that choice came from. */
export interface ResolvedAlgorithm {
  algorithm: SignatureAlgorithmSpec;
  source: 'alg parameter' | 'registered for the key' | 'implied by the key';
}

export interface ResolveAlgorithmInput {
  /** The signature label, for messages. */
  label: string;
  /** The `alg` signature parameter, if the signer sent one. */
  alg?: string | undefined;
  /** The verifying key. */
  key: KeyObject;
  /** The algorithm the key was registered for, if any. */
  registered?: SignatureAlgorithm | undefined;
}

/**
 * Picks the algorithm for a signature (SIG-004, RFC 9421 §3.2): the `alg` parameter if sent (it must
 * agree with any registration), else the key's registration, else the first table row the key implies.
 * So rsa-pss-* is only used when named in `alg` or registered: an RSA key alone means rsa-v1_5-sha256.
 */
export function resolveAlgorithm({ label, alg, key, registered }: ResolveAlgorithmInput): ResolvedAlgorithm | VerifyFailure {
  const names = SIGNATURE_ALGORITHMS.map((row) => row.name).join(', ');
  let resolved: ResolvedAlgorithm | undefined;
  if (alg !== undefined) {
    const algorithm = SIGNATURE_ALGORITHMS.find((row) => row.name === alg);
    if (algorithm === undefined) {
      return verifyFailure('unsupported-algorithm', `Signature ${label} has alg="${alg}", which is not one of ${names} (SIG-004). Sign with one of those.`);
    }
    if (registered !== undefined && registered !== alg) {
      return verifyFailure('unsupported-algorithm', `Signature ${label} has alg="${alg}" but its key is registered for ${registered} (SIG-004). Sign with ${registered} or omit alg.`);
    }
    resolved = { algorithm, source: 'alg parameter' };
  } else if (registered !== undefined) {
    const algorithm = SIGNATURE_ALGORITHMS.find((row) => row.name === registered);
    if (algorithm === undefined) throw new Error(`lookupKey registered the key for "${registered}", which is not in SIGNATURE_ALGORITHMS.`);
    resolved = { algorithm, source: 'registered for the key' };
  } else {
    const algorithm = SIGNATURE_ALGORITHMS.find((row) => row.impliedByKey && keyMatchesAlgorithm(key, row));
    if (algorithm === undefined) {
      return verifyFailure('unsupported-algorithm', `Signature ${label} names no alg and its key type ${describeKey(key)} implies none of ${names} (SIG-004). Add alg="..." or use a P-256, P-384 or RSA key.`);
    }
    resolved = { algorithm, source: 'implied by the key' };
  }
  if (!keyMatchesAlgorithm(key, resolved.algorithm)) {
    return verifyFailure('unsupported-algorithm', `Signature ${label} uses ${resolved.algorithm.name} (${resolved.source}) but its key type is ${describeKey(key)} (SIG-004). Sign with an algorithm that fits the key.`);
  }
  return resolved;
}

function describeKey(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `${key.asymmetricKeyType ?? 'unknown'}${curve === undefined ? '' : `/${curve}`}`;
}
