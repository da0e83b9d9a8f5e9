import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestSigner } from './create-test-signer.js';
import { resolveAlgorithm } from './resolve-algorithm.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';

const keys = {
  p256: createPublicKey(createTestSigner('ecdsa-p256-sha256').publicKeyPem),
  p384: createPublicKey(createTestSigner('ecdsa-p384-sha384').publicKeyPem),
  rsa: createPublicKey(createTestSigner('rsa-v1_5-sha256').publicKeyPem),
};

describe('resolveAlgorithm', () => {
  const cases: {
    name: string;
    key: keyof typeof keys;
    alg?: string;
    registered?: SignatureAlgorithm;
    expected: { algorithm: SignatureAlgorithm; source: string } | { code: string };
  }[] = [
    { name: 'a P-256 key implies ecdsa-p256-sha256', key: 'p256', expected: { algorithm: 'ecdsa-p256-sha256', source: 'implied by the key' } },
    { name: 'a P-384 key implies ecdsa-p384-sha384', key: 'p384', expected: { algorithm: 'ecdsa-p384-sha384', source: 'implied by the key' } },
    { name: 'an RSA key alone implies rsa-v1_5-sha256', key: 'rsa', expected: { algorithm: 'rsa-v1_5-sha256', source: 'implied by the key' } },
    { name: 'alg names rsa-pss-sha256 for an RSA key', key: 'rsa', alg: 'rsa-pss-sha256', expected: { algorithm: 'rsa-pss-sha256', source: 'alg parameter' } },
    { name: 'a key registered for rsa-pss-sha256', key: 'rsa', registered: 'rsa-pss-sha256', expected: { algorithm: 'rsa-pss-sha256', source: 'registered for the key' } },
    { name: 'alg agreeing with the registration', key: 'rsa', alg: 'rsa-pss-sha512', registered: 'rsa-pss-sha512', expected: { algorithm: 'rsa-pss-sha512', source: 'alg parameter' } },
    { name: 'alg outside the table', key: 'rsa', alg: 'hmac-sha256', expected: { code: 'unsupported-algorithm' } },
    { name: 'alg disagreeing with the registration', key: 'rsa', alg: 'rsa-v1_5-sha256', registered: 'rsa-pss-sha256', expected: { code: 'unsupported-algorithm' } },
    { name: 'alg for another curve', key: 'p256', alg: 'ecdsa-p384-sha384', expected: { code: 'unsupported-algorithm' } },
    { name: 'alg for RSA with an EC key', key: 'p256', alg: 'rsa-pss-sha256', expected: { code: 'unsupported-algorithm' } },
  ];
  for (const { name, key, alg, registered, expected } of cases) {
    it(`resolves ${name}`, () => {
      const result = resolveAlgorithm({ label: 'sig1', alg, key: keys[key], registered });
      const actual = 'ok' in result ? { code: result.code } : { algorithm: result.algorithm.name, source: result.source };
      expect(actual).toEqual(expected);
    });
  }

  it('says which key type does not fit the algorithm', () => {
    const result = resolveAlgorithm({ label: 'sig1', alg: 'ecdsa-p384-sha384', key: keys.p256 });
    expect('ok' in result && result.message).toBe(
      'Signature sig1 uses ecdsa-p384-sha384 (alg parameter) but its key type is ec/prime256v1 (SIG-004). Sign with an algorithm that fits the key.',
    );
  });
});
