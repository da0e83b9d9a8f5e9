import { once } from 'node:events';
import { X509Certificate, constants, createPrivateKey, sign, verify } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePem } from './pem.js';
import { createTestPki, type ClientCertificateOptions, type TestPki } from './test-pki.js';

const now = new Date('2026-01-15T12:00:00Z');
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now });
});

const certificates = (pem: string) => decodePem(pem).map((der) => new X509Certificate(der));

describe('createTestPki', () => {
  it('defaults to trust domain margo.test, wfm-1 and a foreign other.test', () => {
    expect([pki.trustDomain, pki.wfmId, pki.foreign.trustDomain]).toEqual(['margo.test', 'wfm-1', 'other.test']);
  });

  it('picks a different foreign trust domain when asked for other.test', async () => {
    const other = await createTestPki({ trustDomain: 'other.test', wfmId: 'w' });
    expect([other.wfm.spiffeId, other.foreign.trustDomain]).toEqual(['spiffe://other.test/margo/wfm/w', 'another.test']);
  });

  it('gives the WFM an SVID with DNS and IP SANs, chained through the intermediate to the root', () => {
    const [leaf, intermediate, ...rest] = certificates(pki.wfm.certPem);
    const [root] = certificates(pki.bundlePem);
    expect(rest).toEqual([]);
    expect(leaf?.subjectAltName).toBe('URI:spiffe://margo.test/margo/wfm/wfm-1, DNS:localhost, IP Address:127.0.0.1');
    expect([leaf?.verify(intermediate!.publicKey), intermediate?.verify(root!.publicKey), intermediate?.toString()]).toEqual([true, true, certificates(pki.intermediatePem)[0]?.toString()]);
    expect(createPrivateKey(pki.wfm.keyPem).asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(pki.wfm.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('issues leaves valid from five minutes before `now` for a day', async () => {
    const [leaf] = certificates((await pki.issueClient('dev-1')).certPem);
    expect([new Date(leaf!.validFrom).toISOString(), new Date(leaf!.validTo).toISOString()]).toEqual(['2026-01-15T11:55:00.000Z', '2026-01-16T12:00:00.000Z']);
  });

  it('serves plain TLS that a preview-1 client name-checks as 127.0.0.1 against the bundle', async () => {
    // Current time, not the fixed `now`, so that the TLS stack sees a valid certificate.
    const live = await createTestPki();
    const server = tls.createServer({ key: live.wfm.keyPem, cert: live.wfm.certPem, minVersion: 'TLSv1.3' }, (socket) => socket.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const socket = tls.connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, ca: live.bundlePem });
      const [data] = (await once(socket, 'data')) as [Buffer];
      expect(data.toString()).toBe('ok');
    } finally {
      server.close();
    }
  });
});

describe('spiffeBundle and discoveryDocument', () => {
  it('publishes the root as the single x509-svid key', () => {
    const bundle = pki.spiffeBundle();
    const root = decodePem(pki.bundlePem)[0]!;
    const rootJwk = new X509Certificate(root).publicKey.export({ format: 'jwk' });
    expect(bundle).toEqual({
      keys: [{ kty: 'EC', crv: 'P-256', x: rootJwk.x, y: rootJwk.y, use: 'x509-svid', x5c: [root.toString('base64')] }],
      spiffe_sequence: 1,
      spiffe_refresh_hint: 300,
    });
  });

  it('takes sequence and refresh hint options', () => {
    expect(pki.spiffeBundle({ sequence: 7, refreshHintSeconds: 60 })).toMatchObject({ spiffe_sequence: 7, spiffe_refresh_hint: 60 });
  });

  it('names the trust domain and bundle URI', () => {
    expect(pki.discoveryDocument('https://127.0.0.1:8443/.well-known/spiffe/bundle.json')).toEqual({
      trustDomain: 'margo.test',
      trustBundleUri: 'https://127.0.0.1:8443/.well-known/spiffe/bundle.json',
    });
  });
});

describe('issueClientCertificate (preview-1)', () => {
  const signatures: Array<[NonNullable<ClientCertificateOptions['keyAlgorithm']>, string, { padding?: number }]> = [
    ['ecdsa-p256', 'ecdsa-p256-sha256', {}],
    ['ecdsa-p384', 'ecdsa-p384-sha384', {}],
    ['rsa-2048', 'rsa-v1_5-sha256', { padding: constants.RSA_PKCS1_PADDING }],
    ['rsa-2048', 'rsa-pss-sha256', { padding: constants.RSA_PKCS1_PSS_PADDING }],
  ];
  it.each(signatures)('issues a root-signed %s certificate whose key signs %s', async (keyAlgorithm, rfc9421, padding) => {
    const hash = rfc9421.endsWith('sha384') ? 'sha384' : 'sha256';
    const issued = await pki.issueClientCertificate('device-7', { keyAlgorithm });
    const [leaf, ...rest] = certificates(issued.certPem);
    const [root] = certificates(pki.bundlePem);
    const data = Buffer.from('@method: POST');
    const signature = sign(hash, data, { key: issued.keyPem, ...padding });
    expect({
      chainLength: rest.length + 1,
      subject: leaf?.subject,
      signedByRoot: leaf?.verify(root!.publicKey),
      publicKeyMatches: leaf?.publicKey.export({ format: 'pem', type: 'spki' }) === issued.publicKeyPem,
      signatureVerifies: verify(hash, data, { key: issued.publicKeyPem, ...padding }, signature),
    }).toEqual({ chainLength: 1, subject: 'CN=device-7\nO=margo-conformance test PKI', signedByRoot: true, publicKeyMatches: true, signatureVerifies: true });
  });

  it('issues an expired certificate on request', async () => {
    const [leaf] = certificates((await pki.issueClientCertificate('device-7', { expired: true })).certPem);
    expect(new Date(leaf!.validTo).toISOString()).toBe('2026-01-14T12:00:00.000Z');
  });

  it('issues a root-signed CA certificate (cA=true, keyCertSign) on request, valid otherwise', async () => {
    const [leaf] = certificates((await pki.issueClientCertificate('device-7', { caTrue: true })).certPem);
    const [clean] = certificates((await pki.issueClientCertificate('device-7')).certPem);
    expect([leaf?.ca, clean?.ca, leaf?.verify(certificates(pki.bundlePem)[0]!.publicKey), leaf?.validTo === clean?.validTo]).toEqual([true, false, true, true]);
  });

  it('issues a certificate from the foreign root on request', async () => {
    const [leaf] = certificates((await pki.issueClientCertificate('device-7', { foreign: true })).certPem);
    expect([leaf?.verify(certificates(pki.foreign.bundlePem)[0]!.publicKey), leaf?.verify(certificates(pki.bundlePem)[0]!.publicKey)]).toEqual([true, false]);
  });
});
