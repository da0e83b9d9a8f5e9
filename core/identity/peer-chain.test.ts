import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Svid } from './issue-svid.js';
import { peerChain } from './peer-chain.js';
import { createTestPki, type ClientSvidOptions, type TestPki, type WfmSvidOptions } from './test-pki.js';
import { verifyClientSvid } from './verify-client-svid.js';
import { verifyWfmSvid } from './verify-wfm-svid.js';

type Outcome = { accepted: true; peer: string } | { accepted: false; deviceAbort?: string };

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

/** An mTLS server as the reference WFM runs it: TLS 1.3, client certificates required and chained to the bundle. */
async function startWfm(svid: Svid): Promise<{ port: number; close: () => Promise<void> }> {
  const server = tls.createServer(
    { key: svid.keyPem, cert: svid.certPem, ca: pki.bundlePem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' },
    (socket) => {
      const verified = verifyClientSvid(peerChain(socket), pki.bundlePem, { trustDomain: pki.trustDomain, wfmId: pki.wfmId });
      socket.end('problems' in verified ? `denied: ${verified.problems.join('; ')}` : `client ${verified.clientId} via ${socket.getPeerCertificate().subjectaltname}`);
    },
  );
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Connects as a device: TLS 1.3, the bundle as trust anchors, and the WFM SPIFFE ID checked in place of a
 * host name (ID-007). With TLS 1.3 the server rejects a client certificate after the client's handshake
 * ends, so acceptance is the server's reply arriving.
 */
function connectDevice(port: number, client: Svid): Promise<Outcome> {
  return new Promise((resolve) => {
    let deviceAbort: string | undefined;
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      key: client.keyPem,
      cert: client.certPem,
      ca: pki.bundlePem,
      minVersion: 'TLSv1.3',
      checkServerIdentity: () => {
        const verified = verifyWfmSvid(peerChain(socket), pki.bundlePem, { trustDomain: pki.trustDomain, wfmId: pki.wfmId });
        if ('spiffeId' in verified) return undefined;
        deviceAbort = verified.problems.join('; ');
        return new Error(deviceAbort);
      },
    });
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', () => resolve(deviceAbort ? { accepted: false, deviceAbort } : { accepted: false }));
    socket.on('close', () => resolve(reply ? { accepted: true, peer: reply } : { accepted: false }));
  });
}

describe('mutual TLS with test PKI SVIDs over 127.0.0.1', () => {
  let wfm: Awaited<ReturnType<typeof startWfm>>;
  beforeAll(async () => {
    wfm = await startWfm(pki.wfm);
  });
  afterAll(() => wfm.close());

  it('shows the server the client URI SAN and clientId', async () => {
    const client = await pki.issueClient('dev-1');
    expect(await connectDevice(wfm.port, client)).toEqual({
      accepted: true,
      peer: 'client dev-1 via URI:spiffe://margo.test/margo/wfm/wfm-1/client/dev-1',
    });
  });

  const rejectedClients: Array<[string, ClientSvidOptions]> = [
    ['a foreign-trust-domain client', { foreignTrustDomain: true }],
    ['an expired client', { expired: true }],
    ['a client that omits its intermediate', { leafOnly: true }],
  ];
  it.each(rejectedClients)('fails the handshake for %s', async (_title, options) => {
    const client = await pki.issueClient('dev-1', options);
    expect(await connectDevice(wfm.port, client)).toEqual({ accepted: false });
  });

  it('denies a chain-valid client of another WFM in the application layer (ID-005)', async () => {
    const client = await pki.issueClient('dev-1', { otherWfmId: true });
    expect(await connectDevice(wfm.port, client)).toEqual({ accepted: true, peer: 'denied: wfm-id is "wfm-1-other"; expected "wfm-1" (ID-005)' });
  });

  const wrongWfms: Array<[string, WfmSvidOptions, string]> = [
    ['another wfm-id', { wrongWfmId: true }, 'wfm-id is "wfm-1-other"; expected "wfm-1" (ID-007)'],
    ['a client-shaped SPIFFE ID', { wrongPath: true }, 'path is "/margo/wfm/wfm-1/client/impostor"; expected the shape /margo/wfm/<wfm-id> (ID-007)'],
  ];
  it.each(wrongWfms)('lets the device abort on a WFM presenting %s (ID-007)', async (_title, options, deviceAbort) => {
    const impostor = await startWfm(await pki.issueWfm(options));
    try {
      expect(await connectDevice(impostor.port, await pki.issueClient('dev-1'))).toEqual({ accepted: false, deviceAbort });
    } finally {
      await impostor.close();
    }
  });
});
