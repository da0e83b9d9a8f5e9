import { describe, expect, it } from 'vitest';
import { createTestSigner } from './create-test-signer.js';
import { signRequest } from './sign-request.js';
import { SIGNATURE_ALGORITHMS } from './signature-algorithms.js';
import { verifyRequest } from './verify-request.js';

const URL = 'https://wfm.example.com/api/v1/clients/c-1/capabilities';
const BODY = new TextEncoder().encode('{"apiVersion":"device.margo/v1","kind":"DeviceCapabilities"}');
const NOW = 1_760_000_000;

describe('verifyRequest round trip', () => {
  for (const { name } of SIGNATURE_ALGORITHMS) {
    const signer = createTestSigner(name);
    const lookupKey = (keyId: string) => (keyId === signer.keyId ? { publicKeyPem: signer.publicKeyPem } : undefined);

    it(`accepts a POST signed with ${name}`, async () => {
      const headers = { 'content-type': 'application/json' };
      const added = await signRequest({ method: 'POST', url: URL, headers, body: BODY }, signer, { created: NOW });
      const result = await verifyRequest({ method: 'POST', url: URL, headers: { ...headers, ...added }, body: BODY }, { lookupKey, now: NOW });
      expect(result).toEqual({ ok: true, keyId: signer.keyId, created: NOW, components: ['@method', '@target-uri', 'content-digest'], algorithm: name });
    });

    it(`accepts a GET without body or Content-Digest signed with ${name}`, async () => {
      const added = await signRequest({ method: 'GET', url: URL, headers: {} }, signer, { created: NOW });
      const result = await verifyRequest({ method: 'GET', url: URL, headers: added, body: new Uint8Array(0) }, { lookupKey, now: NOW });
      expect(result).toEqual({ ok: true, keyId: signer.keyId, created: NOW, components: ['@method', '@target-uri'], algorithm: name });
    });
  }

  it('accepts rsa-pss-sha256 without alg when the key is registered for it', async () => {
    const signer = createTestSigner('rsa-pss-sha256');
    const added = await signRequest({ method: 'POST', url: URL, headers: {}, body: BODY }, signer, { created: NOW, includeAlg: false });
    const result = await verifyRequest(
      { method: 'POST', url: URL, headers: added, body: BODY },
      { lookupKey: () => ({ publicKeyPem: signer.publicKeyPem, algorithm: 'rsa-pss-sha256' }), now: NOW },
    );
    expect(result).toMatchObject({ ok: true, algorithm: 'rsa-pss-sha256' });
  });

  it('accepts multi-valued header arrays as a Node server receives them', async () => {
    const signer = createTestSigner('ecdsa-p256-sha256');
    const added = await signRequest({ method: 'GET', url: URL, headers: {} }, signer, { created: NOW });
    const result = await verifyRequest(
      { method: 'GET', url: URL, headers: { ...added, 'x-absent': undefined, accept: ['application/json', 'text/plain'] } },
      { lookupKey: () => ({ publicKeyPem: signer.publicKeyPem }), now: NOW },
    );
    expect(result).toMatchObject({ ok: true });
  });
});
