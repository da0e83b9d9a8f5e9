import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateFields } from './certificate-fields.js';
import type { ClientSvidOptions } from './test-pki.js';
import { decodePem } from './pem.js';
import { createTestPki, type TestPki } from './test-pki.js';

// The fields as a full ASN.1 model (@peculiar/x509) reads them: the reference for the DER walker.
function modelFields(der: Buffer) {
  const cert = new x509.X509Certificate(new Uint8Array(der));
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    uris: (san?.names.items ?? []).filter((name) => name.type === 'url').map((name) => name.value),
    ca: cert.getExtension(x509.BasicConstraintsExtension)?.ca === true,
    keyUsage: cert.getExtension(x509.KeyUsagesExtension)?.usages ?? 0,
  };
}

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: new Date('2026-01-15T12:00:00Z') });
});

describe('certificateFields', () => {
  const clients: Array<[string, ClientSvidOptions]> = [
    ['a clean client SVID', {}],
    ['an expired SVID', { expired: true }],
    ['a not yet valid SVID', { notYetValid: true }],
    ['an SVID without URI SAN', { noUriSan: true }],
    ['an SVID with two URI SANs', { twoUriSans: true }],
    ['an SVID with cA=true', { caTrue: true }],
    ['an SVID with keyCertSign', { keyCertSign: true }],
    ['an RSA 2048 SVID', { keyAlgorithm: 'rsa-2048' }],
    ['an Ed25519 SVID', { keyAlgorithm: 'ed25519' }],
    ['a malformed SPIFFE ID', { spiffeId: 'spiffe://margo.test/margo/wfm/wfm-1/client/../dev-1' }],
  ];
  it.each(clients)('reads %s as the ASN.1 model does, for every certificate of the chain', async (_, options) => {
    const svid = await pki.issueClient('dev-1', options);
    for (const der of decodePem(svid.certPem)) expect(certificateFields(der)).toEqual(modelFields(der));
  });

  it('reads the batch-issued SVIDs, the WFM SVID and the anchors as the ASN.1 model does', () => {
    const ders = [...decodePem(pki.issueClients(['dev-2'])[0]?.certPem ?? ''), ...decodePem(pki.wfm.certPem), ...decodePem(pki.bundlePem), ...decodePem(pki.foreign.bundlePem)];
    expect(ders.length).toBeGreaterThan(4);
    for (const der of ders) expect(certificateFields(der)).toEqual(modelFields(der));
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['bytes that are not DER', Buffer.from('not a certificate')],
    ['a truncated certificate', () => (decodePem(pki.wfm.certPem)[0] as Buffer).subarray(0, 200)],
  ] as const)('throws on %s', (_, input) => {
    expect(() => certificateFields(typeof input === 'function' ? input() : input)).toThrow();
  });
});
