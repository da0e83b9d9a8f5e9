import { describe, expect, it } from 'vitest';
import { contentDigest } from './content-digest.js';
import { createTestSigner } from './create-test-signer.js';
import { signRequest, type SignRequestOptions } from './sign-request.js';
import type { VerifyFailureCode } from './verify-failure.js';
import { verifyRequest, type VerifiableRequest } from './verify-request.js';

const URL = 'https://wfm.example.com/api/v1/clients/c-1/capabilities';
const text = (s: string) => new TextEncoder().encode(s);
const BODY = text('{"apiVersion":"device.margo/v1","kind":"DeviceCapabilities"}');
const OTHER_BODY = text('{"apiVersion":"device.margo/v1","kind":"Something"}');
const NOW = 1_760_000_000;

const client = createTestSigner('ecdsa-p256-sha256');
const stranger = createTestSigner('ecdsa-p256-sha256');
const rsaClient = createTestSigner('rsa-pss-sha256');
const KEYS = new Map([client, rsaClient].map((s) => [s.keyId, { publicKeyPem: s.publicKeyPem }]));

type Tamper = (request: VerifiableRequest & { headers: Record<string, string> }) => VerifiableRequest;
const untouched: Tamper = (request) => request;

interface Case {
  name: string;
  /** How to sign the POST of BODY; defaults to `client` at NOW. */
  sign?: { options?: SignRequestOptions; signer?: typeof client; keyId?: string };
  /** How the received request differs from the signed one. */
  tamper?: Tamper;
  expected: { status: 400 | 401; code: VerifyFailureCode };
}

const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));

const cases: Case[] = [
  { name: 'the body changed after signing', tamper: (r) => ({ ...r, body: OTHER_BODY }), expected: { status: 400, code: 'content-digest-mismatch' } },
  { name: 'the Content-Digest field removed', tamper: (r) => ({ ...r, headers: without(r.headers, 'content-digest') }), expected: { status: 400, code: 'missing-content-digest' } },
  { name: 'a Content-Digest of another body', tamper: (r) => ({ ...r, headers: { ...r.headers, 'content-digest': contentDigest(OTHER_BODY) } }), expected: { status: 400, code: 'content-digest-mismatch' } },
  { name: 'a Content-Digest without a sha-256 member', tamper: (r) => ({ ...r, headers: { ...r.headers, 'content-digest': 'sha-512=:AAAA:' } }), expected: { status: 400, code: 'missing-content-digest' } },
  {
    name: 'body and Content-Digest both swapped for another body',
    tamper: (r) => ({ ...r, body: OTHER_BODY, headers: { ...r.headers, 'content-digest': contentDigest(OTHER_BODY) } }),
    expected: { status: 401, code: 'bad-signature' },
  },
  { name: 'the Signature field removed', tamper: (r) => ({ ...r, headers: without(r.headers, 'signature') }), expected: { status: 401, code: 'missing-signature' } },
  {
    name: 'both signature fields removed',
    tamper: (r) => ({ ...r, headers: without(without(r.headers, 'signature'), 'signature-input') }),
    expected: { status: 401, code: 'missing-signature' },
  },
  { name: 'a signature by another key under the client keyid', sign: { signer: stranger, keyId: client.keyId }, expected: { status: 401, code: 'bad-signature' } },
  { name: '@target-uri not covered', sign: { options: { components: ['@method', 'content-digest'] } }, expected: { status: 401, code: 'missing-component' } },
  { name: 'content-digest not covered', sign: { options: { components: ['@method', '@target-uri'] } }, expected: { status: 401, code: 'missing-component' } },
  { name: 'a different method', tamper: (r) => ({ ...r, method: 'PUT' }), expected: { status: 401, code: 'bad-signature' } },
  { name: 'a different target URI', tamper: (r) => ({ ...r, url: URL.replace('c-1', 'c-2') }), expected: { status: 401, code: 'bad-signature' } },
  { name: 'created 10 minutes old', sign: { options: { created: NOW - 600 } }, expected: { status: 401, code: 'expired' } },
  { name: 'created 5 minutes in the future', sign: { options: { created: NOW + 300 } }, expected: { status: 401, code: 'future' } },
  { name: 'an unknown keyid', sign: { keyId: 'not-onboarded' }, expected: { status: 401, code: 'unknown-key' } },
  {
    name: 'an upper-case "Content-Digest" in Signature-Input (ambiguity 6)',
    sign: { options: { components: ['@method', '@target-uri', 'Content-Digest'] } },
    expected: { status: 401, code: 'malformed-signature' },
  },
  { name: 'a Signature that is not a byte sequence', tamper: (r) => ({ ...r, headers: { ...r.headers, signature: 'sig1="abc"' } }), expected: { status: 401, code: 'malformed-signature' } },
  { name: 'a Signature of the wrong length', tamper: (r) => ({ ...r, headers: { ...r.headers, signature: 'sig1=:AAAA:' } }), expected: { status: 401, code: 'bad-signature' } },
  {
    name: 'alg naming an algorithm outside SIG-004',
    tamper: (r) => ({ ...r, headers: { ...r.headers, 'signature-input': `${r.headers['signature-input']};alg="hmac-sha256"` } }),
    expected: { status: 401, code: 'unsupported-algorithm' },
  },
  { name: 'rsa-pss-sha256 without alg or registration', sign: { signer: rsaClient, options: { includeAlg: false } }, expected: { status: 401, code: 'bad-signature' } },
];

describe('verifyRequest on tampered requests', () => {
  for (const { name, sign = {}, tamper = untouched, expected } of cases) {
    it(`answers ${expected.status} ${expected.code} to ${name}`, async () => {
      const signer = sign.signer ?? client;
      const method = 'POST';
      const body = BODY;
      const headers = { 'content-type': 'application/json' };
      const added = await signRequest(
        { method, url: URL, headers, body },
        { ...signer, keyId: sign.keyId ?? signer.keyId },
        { created: NOW, ...sign.options },
      );
      const request = tamper({ method, url: URL, headers: { ...headers, ...added }, body });
      const result = await verifyRequest(request, { lookupKey: (id) => KEYS.get(id), now: NOW });
      expect(result).toEqual({ ok: false, ...expected, message: expect.stringMatching(/^[^\n]+\((SIG-00\d)\)[^\n]*$/) });
    });
  }
});

describe('verifyRequest messages', () => {
  const messages: { name: string; tamper: Tamper; message: string }[] = [
    {
      name: 'names both digests when the body does not match',
      tamper: (r) => ({ ...r, headers: { ...r.headers, 'content-digest': 'sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:' } }),
      message: `Content-Digest is sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=: but the body hashes to ${contentDigest(BODY)} (SIG-007). Hash the exact body bytes, not a base64 of them.`,
    },
    {
      name: 'lists the covered and the missing components',
      tamper: (r) => r,
      message: 'Signature-Input sig1 covers ("@method" "@target-uri" "content-digest") but not "content-type" (SIG-002). Cover "@method" "@target-uri" "content-digest" "content-type".',
    },
  ];
  for (const { name, tamper, message } of messages) {
    it(name, async () => {
      const added = await signRequest({ method: 'POST', url: URL, headers: {}, body: BODY }, client, { created: NOW });
      const result = await verifyRequest(tamper({ method: 'POST', url: URL, headers: added, body: BODY }), {
        lookupKey: (id) => KEYS.get(id),
        now: NOW,
        requiredComponents: ['@method', '@target-uri', 'content-digest', 'content-type'],
      });
      expect(result).toMatchObject({ ok: false, message });
    });
  }

  it('accepts a signature at the edges of the replay window and skew', async () => {
    const results = await Promise.all([NOW - 300, NOW + 30].map(async (created) => {
      const added = await signRequest({ method: 'GET', url: URL, headers: {} }, client, { created });
      return (await verifyRequest({ method: 'GET', url: URL, headers: added }, { lookupKey: (id) => KEYS.get(id), now: NOW })).ok;
    }));
    expect(results).toEqual([true, true]);
  });
});
