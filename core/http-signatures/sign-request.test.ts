import { describe, expect, it } from 'vitest';
import { contentDigest } from './content-digest.js';
import { createTestSigner } from './create-test-signer.js';
import { signRequest, type SignRequestOptions, type SignableRequest } from './sign-request.js';
import type { SignatureAlgorithm } from './signature-algorithms.js';

const URL = 'https://wfm.example.com/api/v1/clients/c-1/capabilities';
const BODY = new TextEncoder().encode('{"apiVersion":"device.margo/v1"}');
const CREATED = 1_760_000_000;

describe('signRequest', () => {
  const cases: {
    name: string;
    algorithm: SignatureAlgorithm;
    request: SignableRequest;
    options?: SignRequestOptions;
    fields: string[];
    input: (keyId: string) => string;
  }[] = [
    {
      name: 'a POST covers content-digest and sends no alg for an EC key',
      algorithm: 'ecdsa-p256-sha256',
      request: { method: 'POST', url: URL, headers: { 'content-type': 'application/json' }, body: BODY },
      fields: ['content-digest', 'signature-input', 'signature'],
      input: (k) => `sig1=("@method" "@target-uri" "content-digest");created=${CREATED};keyid="${k}"`,
    },
    {
      name: 'a GET without body sends and covers no Content-Digest',
      algorithm: 'ecdsa-p384-sha384',
      request: { method: 'GET', url: URL, headers: {} },
      fields: ['signature-input', 'signature'],
      input: (k) => `sig1=("@method" "@target-uri");created=${CREATED};keyid="${k}"`,
    },
    {
      name: 'rsa-pss-sha256 names itself in alg by default',
      algorithm: 'rsa-pss-sha256',
      request: { method: 'POST', url: URL, headers: {}, body: BODY },
      fields: ['content-digest', 'signature-input', 'signature'],
      input: (k) => `sig1=("@method" "@target-uri" "content-digest");created=${CREATED};keyid="${k}";alg="rsa-pss-sha256"`,
    },
    {
      name: 'includeAlg adds alg for rsa-v1_5-sha256',
      algorithm: 'rsa-v1_5-sha256',
      request: { method: 'POST', url: URL, headers: {}, body: BODY },
      options: { includeAlg: true },
      fields: ['content-digest', 'signature-input', 'signature'],
      input: (k) => `sig1=("@method" "@target-uri" "content-digest");created=${CREATED};keyid="${k}";alg="rsa-v1_5-sha256"`,
    },
    {
      name: 'components craft a signature without @target-uri',
      algorithm: 'ecdsa-p256-sha256',
      request: { method: 'POST', url: URL, headers: {}, body: BODY },
      options: { components: ['@method', 'content-digest'] },
      fields: ['content-digest', 'signature-input', 'signature'],
      input: (k) => `sig1=("@method" "content-digest");created=${CREATED};keyid="${k}"`,
    },
  ];
  for (const { name, algorithm, request, options, fields, input } of cases) {
    it(`signs so that ${name}`, async () => {
      const signer = createTestSigner(algorithm);
      const added = await signRequest(request, signer, { created: CREATED, ...options });
      expect(Object.keys(added).sort()).toEqual([...fields].sort());
      expect(added['signature-input']).toBe(input(signer.keyId));
      expect(added['signature']).toMatch(/^sig1=:[A-Za-z0-9+/]+=*:$/);
      if (request.body !== undefined) expect(added['content-digest']).toBe(contentDigest(request.body));
    });
  }

  it('signs ECDSA P-256 as 64 raw r||s bytes, not DER (RFC 9421 §3.3.4)', async () => {
    const added = await signRequest({ method: 'GET', url: URL, headers: {} }, createTestSigner('ecdsa-p256-sha256'));
    expect(Buffer.from(added['signature']!.slice('sig1=:'.length, -1), 'base64')).toHaveLength(64);
  });

  it('replaces an earlier signature instead of adding a second label', async () => {
    const signer = createTestSigner('ecdsa-p256-sha256');
    const first = await signRequest({ method: 'GET', url: URL, headers: {} }, signer, { created: CREATED });
    const second = await signRequest({ method: 'GET', url: URL, headers: first }, signer, { created: CREATED });
    expect(second['signature-input']).toBe(first['signature-input']);
  });

  it('refuses a key that does not fit the algorithm', async () => {
    const signer = { ...createTestSigner('rsa-v1_5-sha256'), algorithm: 'ecdsa-p256-sha256' as const };
    await expect(signRequest({ method: 'GET', url: URL, headers: {} }, signer)).rejects.toThrow(
      'Signing key is rsa but ecdsa-p256-sha256 needs ec on prime256v1.',
    );
  });
});
