import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from './key-id-of.js';
import type { RequestSigner } from './sign-request.js';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './signature-algorithms.js';

const CURVES = { prime256v1: 'P-256', secp384r1: 'P-384' } as const;

/** A fresh key pair for `algorithm`, for tests: the signer plus its public key. */
export function createTestSigner(algorithm: SignatureAlgorithm): RequestSigner & { publicKeyPem: string } {
  const curve = SIGNATURE_ALGORITHMS.find((row) => row.name === algorithm)?.namedCurve;
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const { publicKey, privateKey } =
    curve === undefined
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('ec', { namedCurve: CURVES[curve], publicKeyEncoding, privateKeyEncoding });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, keyId: keyIdOf(publicKey), algorithm };
}
