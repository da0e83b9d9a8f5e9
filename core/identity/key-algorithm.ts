import { webcrypto } from 'node:crypto';

/**
 * Key algorithms the test PKI can put in a certificate. ID-013: ECDSA P-256/SHA-256 is mandatory; P-384,
 * Ed25519 and RSA >= 3072 are optional. `rsa-2048` is only valid for preview-1 RFC 9421 keys, and is a
 * defect in an X.509-SVID.
 */
export type KeyAlgorithm = 'ecdsa-p256' | 'ecdsa-p384' | 'ed25519' | 'rsa-3072' | 'rsa-2048';

type GenerateParams = webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams | webcrypto.Algorithm;

const RSA_EXPONENT = new Uint8Array([1, 0, 1]);

/**
 * WebCrypto parameters per key algorithm. RSA keys are generated as RSASSA-PKCS1-v1_5 so their
 * SubjectPublicKeyInfo is plain rsaEncryption, which signs with both PKCS#1 v1.5 and PSS (ID-013).
 */
export const KEY_ALGORITHMS: Record<KeyAlgorithm, GenerateParams> = {
  'ecdsa-p256': { name: 'ECDSA', namedCurve: 'P-256' },
  'ecdsa-p384': { name: 'ECDSA', namedCurve: 'P-384' },
  ed25519: { name: 'Ed25519' },
  'rsa-3072': { name: 'RSASSA-PKCS1-v1_5', modulusLength: 3072, publicExponent: RSA_EXPONENT, hash: 'SHA-256' },
  'rsa-2048': { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: RSA_EXPONENT, hash: 'SHA-256' },
};

/** A fresh, extractable key pair from WebCrypto's CSPRNG (ID-014). */
export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(KEY_ALGORITHMS[algorithm], true, ['sign', 'verify'])) as CryptoKeyPair;
}
