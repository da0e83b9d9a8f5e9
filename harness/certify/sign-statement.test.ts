import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, loadSigningKey, signStatement, SigningKeyError, type InTotoStatement } from './sign-statement.js';
import { verifySignedStatement } from './verify-signature.js';

const statement: InTotoStatement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'results.json', digest: { sha256: 'ab'.repeat(32) } }],
  predicateType: 'https://margo.org/conformance/certification-result/v1',
  predicate: { verdict: 'conformant' },
};
const pem = (type: 'ec' | 'ed25519' | 'rsa') =>
  (type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519')).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('signStatement', () => {
  const keys = [
    { name: 'a generated Ed25519 key', key: () => generateSigningKey() },
    { name: 'an ECDSA P-256 PEM key', key: () => loadSigningKey(pem('ec'), 'lab.pem') },
    { name: 'an Ed25519 PEM key', key: () => loadSigningKey(pem('ed25519'), 'lab.pem') },
  ];
  for (const { name, key: make } of keys) {
    it(`signs with ${name} into a Sigstore bundle that verifies with the public half and no other`, async () => {
      const key = make();
      const json = await signStatement(statement, key);
      expect(JSON.parse(json).mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(verifySignedStatement(json, key.publicKeyPem)).toEqual(statement);
      expect(() => verifySignedStatement(json, generateSigningKey().publicKeyPem)).toThrow(/^signature does not verify: signed by another key/);
    });
  }

  it('rejects a changed payload', async () => {
    const key = generateSigningKey();
    const bundle = JSON.parse(await signStatement(statement, key));
    const payload = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    payload.predicate.verdict = 'non-conformant';
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(payload)).toString('base64');
    expect(() => verifySignedStatement(JSON.stringify(bundle), key.publicKeyPem)).toThrow('signature does not verify: signature verification failed');
  });

  it('refuses an RSA key with one line', () => {
    expect(() => loadSigningKey(pem('rsa'), 'lab.pem')).toThrow(new SigningKeyError('lab.pem: a rsa key; only ECDSA P-256 and Ed25519 keys are accepted.'));
  });
});
