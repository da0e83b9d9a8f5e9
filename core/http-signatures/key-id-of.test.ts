import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from './key-id-of.js';

describe('keyIdOf', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const expected = createHash('sha256').update(createPublicKey(publicKey).export({ type: 'spki', format: 'der' })).digest('hex');

  const cases = [
    { name: 'an SPKI public key', pem: publicKey },
    { name: 'the matching private key', pem: privateKey },
  ];
  for (const { name, pem } of cases) {
    it(`gives the hex SHA-256 of the DER SubjectPublicKeyInfo for ${name}`, () => {
      expect(keyIdOf(pem)).toBe(expected);
    });
  }

  it('gives 64 lower-case hex digits', () => {
    expect(keyIdOf(publicKey)).toMatch(/^[0-9a-f]{64}$/);
  });
});
