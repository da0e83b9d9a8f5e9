import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../identity/index.js';
import { createHttpClient } from './http-client.js';
import { wfmServerIdentity } from '../identity/index.js';
import { HttpBodyLimitError, HttpConnectionError, HttpTimeoutError, isKitRefusal, isTlsRefusal } from './http-errors.js';

let pki: TestPki;
let url: string;
let server: ReturnType<typeof createHttpsServer>;

beforeAll(async () => {
  pki = await createTestPki();
  server = createHttpsServer({ cert: pki.wfm.certPem, key: pki.wfm.keyPem, ca: pki.bundlePem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3' }, (req, res) => {
    const path = req.url ?? '/';
    if (path === '/slow') return void setTimeout(() => res.end('late'), 500);
    if (path === '/big') return void res.end(Buffer.alloc(2048, 'x'));
    if (path === '/who') {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      return void res.end(peer.subjectaltname ?? 'anonymous');
    }
    res.setHeader('set-cookie', 'session=secret');
    res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createHttpClient', () => {
  it('records the exchange with secrets redacted and the time since the run start', async () => {
    const client = createHttpClient({ startedAt: 0, now: () => 1234 });
    const response = await client.request({ method: 'POST', url: `${url}/echo`, headers: { Authorization: 'Bearer t', signature: 'sig1=:abc:' }, body: '-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----', identity: { caPem: pki.bundlePem } });
    await client.close();
    expect(response.status).toBe(200);
    expect(response.exchange.at).toBe(1234);
    expect(response.exchange.request.headers).toMatchObject({ authorization: '<redacted>', signature: '<redacted>' });
    expect(response.exchange.request.body).toBe('<private key redacted>');
    expect(response.exchange.response?.headers['set-cookie']).toBe('<redacted>');
  });

  it('presents the client certificate of the identity it is given', async () => {
    const client = createHttpClient();
    const svid = await pki.issueClient('device-7');
    const response = await client.request({ method: 'GET', url: `${url}/who`, identity: { caPem: pki.bundlePem, certPem: svid.certPem, keyPem: svid.keyPem } });
    await client.close();
    expect(response.body.toString()).toContain(svid.spiffeId);
  });

  const failures: { name: string; request: { path: string; timeoutMs?: number; maxBodyBytes?: number; maxVersion?: 'TLSv1.2' }; error: new (...args: never[]) => Error }[] = [
    { name: 'times out with HttpTimeoutError', request: { path: '/slow', timeoutMs: 100 }, error: HttpTimeoutError },
    { name: 'stops reading past the body limit with HttpBodyLimitError', request: { path: '/big', maxBodyBytes: 1024 }, error: HttpBodyLimitError },
    { name: 'reports a refused TLS handshake as HttpConnectionError in the tls phase', request: { path: '/', maxVersion: 'TLSv1.2' }, error: HttpConnectionError },
  ];
  it.each(failures)('$name', async ({ request, error }) => {
    const client = createHttpClient();
    const attempt = client.request({
      method: 'GET',
      url: `${url}${request.path}`,
      identity: { caPem: pki.bundlePem, ...(request.maxVersion ? { maxVersion: request.maxVersion } : {}) },
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
      ...(request.maxBodyBytes ? { maxBodyBytes: request.maxBodyBytes } : {}),
    });
    await expect(attempt).rejects.toBeInstanceOf(error);
    await client.close();
  });

  it('tells a refused handshake from nothing listening', async () => {
    const client = createHttpClient();
    const refused = await client.request({ method: 'GET', url, identity: { caPem: pki.bundlePem, maxVersion: 'TLSv1.2' } }).catch((e: unknown) => e);
    const nobody = await client.request({ method: 'GET', url: 'https://127.0.0.1:1' }).catch((e: unknown) => e);
    await client.close();
    expect([isTlsRefusal(refused), isTlsRefusal(nobody), (nobody as HttpConnectionError).phase]).toEqual([true, false, 'connect']);
  });

  it('records the HTTP version and the handshake with what the server presented, and logs both', async () => {
    const client = createHttpClient();
    const response = await client.request({ method: 'GET', url: `${url}/echo`, identity: { caPem: pki.bundlePem } });
    await client.close();
    expect({ version: response.exchange.httpVersion, result: response.handshake?.result, protocol: response.handshake?.protocol, uris: response.handshake?.peer?.uris }).toEqual({
      version: '1.1',
      result: 'completed',
      protocol: 'TLSv1.3',
      uris: [pki.wfm.spiffeId],
    });
    expect(response.observed).toEqual([{ kind: 'traffic', id: 't-000002' }, { kind: 'traffic', id: 't-000001' }]);
    expect(client.traffic.all().map((record) => [record.id, record.kind])).toEqual([['t-000001', 'tls'], ['t-000002', 'http']]);
  });

  it.each([
    { name: 'accepts the WFM SVID of the run', wfmId: 'wfm-1', refused: false },
    { name: 'refuses a WFM SVID naming another wfm-id as the kit\'s own refusal', wfmId: 'wfm-2', refused: true },
  ])('$name', async ({ wfmId, refused }) => {
    const client = createHttpClient();
    const outcome = await client
      .request({ method: 'GET', url: `${url}/echo`, identity: { caPem: pki.bundlePem, checkServerIdentity: wfmServerIdentity({ trustDomain: pki.trustDomain, wfmId }) } })
      .then((response) => response.handshake?.result, (error: unknown) => isKitRefusal(error) && error.handshake?.result);
    await client.close();
    expect(outcome).toBe(refused ? 'refused-by-kit' : 'completed');
  });
});
