import { describe, expect, it } from 'vitest';
import { createTestPki } from '../../core/identity/index.js';
import { contentDigest, keyIdOf, signRequest } from '../../core/http-signatures/index.js';
import { signatureProblems } from './signature-problems.js';

const URL_ = 'https://127.0.0.1:8443/api/v1/clients/c-1/capabilities';
const BODY = Buffer.from('{"properties":{}}');

describe('signatureProblems', async () => {
  const pki = await createTestPki();
  const device = await pki.issueClientCertificate('device-1');
  const signer = { privateKeyPem: device.keyPem, keyId: keyIdOf(device.certPem), algorithm: 'ecdsa-p256-sha256' as const };
  const now = Math.floor(Date.now() / 1000);
  const signed = async (headers: Record<string, string>, components = ['@method', '@target-uri', 'content-digest']) => ({
    ...headers,
    ...(await signRequest({ method: 'POST', url: URL_, headers }, signer, { components })),
  });

  const CASES: { name: string; headers: () => Promise<Record<string, string>>; expected: string[] }[] = [
    { name: 'a correctly signed request', headers: () => signed({ 'content-digest': contentDigest(BODY) }), expected: [] },
    { name: 'no Content-Digest', headers: () => signed({}, ['@method', '@target-uri']), expected: ['SIG-001', 'SIG-002'] },
    { name: 'a digest over the Base64 text', headers: () => signed({ 'content-digest': contentDigest(Buffer.from(BODY.toString('base64'))) }), expected: ['SIG-001'] },
    { name: 'no @target-uri', headers: () => signed({ 'content-digest': contentDigest(BODY) }, ['@method', 'content-digest']), expected: ['SIG-002'] },
    { name: 'no signature at all', headers: async () => ({ 'content-digest': contentDigest(BODY) }), expected: ['SIG-003'] },
  ];

  it.each(CASES)('finds $expected for $name', async ({ headers, expected }) => {
    const problems = await signatureProblems({ method: 'POST', url: URL_, headers: await headers(), body: BODY }, device.publicKeyPem, now);
    expect(problems.map((p) => p.requirement).sort()).toEqual(expected);
  });
});
