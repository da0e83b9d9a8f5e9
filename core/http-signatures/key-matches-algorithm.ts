import type { KeyObject } from 'node:crypto';
import type { SignatureAlgorithmSpec } from './signature-algorithms.js';

/** Whether `key` (public or private) has the key type and curve that `algorithm` signs with. */
export function keyMatchesAlgorithm(key: KeyObject, algorithm: SignatureAlgorithmSpec): boolean {
  const type = key.asymmetricKeyType;
  if (type === undefined || !(algorithm.keyTypes as readonly string[]).includes(type)) return false;
  return algorithm.namedCurve === undefined || key.asymmetricKeyDetails?.namedCurve === algorithm.namedCurve;
}
