import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePem } from './pem.js';
import { createTestPki } from './test-pki.js';
import { verifyClientSvid } from './verify-client-svid.js';

describe('issueClients', () => {
  it('issues SVIDs the WFM side verifies, each with its own key and its own SPIFFE ID', async () => {
    const pki = await createTestPki();
    const svids = pki.issueClients(['device-1', 'device-2', 'device-3']);
    expect(svids.map((s) => s.spiffeId)).toEqual(['device-1', 'device-2', 'device-3'].map((id) => `spiffe://margo.test/margo/wfm/wfm-1/client/${id}`));
    expect(new Set(svids.map((s) => s.keyPem)).size).toBe(3);
    for (const svid of svids) {
      const verified = verifyClientSvid(svid.certPem, pki.bundlePem, { trustDomain: pki.trustDomain, wfmId: pki.wfmId });
      expect(verified).toEqual({ spiffeId: svid.spiffeId, clientId: svid.spiffeId.split('/').pop() });
      const [leaf, intermediate] = decodePem(svid.certPem).map((der) => new X509Certificate(der));
      expect(leaf?.verify((intermediate as X509Certificate).publicKey)).toBe(true);
      expect(leaf?.checkPrivateKey(createPrivateKey(svid.keyPem))).toBe(true);
    }
  });

  it('issues the same certificate profile as issueClient', async () => {
    const pki = await createTestPki();
    const [fast] = pki.issueClients(['same']);
    const slow = await pki.issueClient('same');
    const profile = (pem: string) => {
      const cert = new X509Certificate(decodePem(pem)[0] as Buffer);
      return { subject: cert.subject, issuer: cert.issuer, san: cert.subjectAltName, ca: cert.ca, keyUsage: cert.keyUsage, key: cert.publicKey.asymmetricKeyDetails };
    };
    expect(profile(fast?.certPem ?? '')).toEqual(profile(slow.certPem));
  });
});
