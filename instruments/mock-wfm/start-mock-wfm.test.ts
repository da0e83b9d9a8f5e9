import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { EDITIONS } from '../../core/catalog/editions.js';
import { createTestPki } from '../../core/identity/index.js';
import { startMockWfm, type MockWfm } from './start-mock-wfm.js';

describe('startMockWfm (rc.3)', async () => {
  const pki = await createTestPki();
  const svid = await pki.issueClient('device-1');
  const agent = new Agent({ connect: { ca: pki.bundlePem, cert: svid.certPem, key: svid.keyPem } });
  let mock: MockWfm | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });
  const poll = async (wfm: MockWfm, headers: Record<string, string> = {}) => {
    const response = await request(`${wfm.url}/api/v1/deployments`, { dispatcher: agent, headers: { accept: 'application/vnd.margo.manifest.v1+json', ...headers } });
    return { status: response.statusCode, headers: response.headers as Record<string, string>, body: await response.body.text() };
  };
  const started = async () => {
    const wfm = await startMockWfm({ edition: EDITIONS['1.0.0-rc.3'], pki });
    wfm.operator.acceptClient({ spiffeId: svid.spiffeId });
    mock = wfm;
    return wfm;
  };

  it('records each exchange with its route, answer and no problems for a conformant poll', async () => {
    const wfm = await started();
    await poll(wfm);
    await wfm.traffic.waitFor((e) => e.route === 'deployments', { timeoutMs: 2000 });
    const [exchange] = wfm.traffic.exchanges;
    expect({ route: exchange?.route, status: exchange?.response?.status, problems: exchange?.problems, by: exchange?.answeredBy, tls: exchange?.tlsProtocol }).toEqual({
      route: 'deployments',
      status: 200,
      problems: [],
      by: 'engine',
      tls: 'TLSv1.3',
    });
  });

  it('answers 503 with Retry-After when a scenario says so', async () => {
    const wfm = await started();
    wfm.setHooks({ answer: () => ({ status: 503, retryAfterSeconds: 2 }) });
    const answer = await poll(wfm);
    expect({ status: answer.status, retryAfter: answer.headers['retry-after'], type: answer.headers['content-type'] }).toEqual({ status: 503, retryAfter: '2', type: 'application/problem+json' });
  });

  it('serves a rewritten manifest with its own ETag and 304 for it', async () => {
    const wfm = await started();
    wfm.setHooks({ manifest: (m) => ({ ...m, manifestVersion: 99 }) });
    const first = await poll(wfm);
    const again = await poll(wfm, { 'if-none-match': first.headers['etag'] ?? '' });
    expect({ version: JSON.parse(first.body).manifestVersion, again: again.status }).toEqual({ version: 99, again: 304 });
  });

  it('flags a request for a path the edition does not define (API-001)', async () => {
    const wfm = await started();
    await request(`${wfm.url}/problem-types/x`, { dispatcher: agent }).then((r) => r.body.text());
    const exchange = await wfm.traffic.waitFor(() => true, { timeoutMs: 2000 });
    expect(exchange.problems.map((p) => p.requirement)).toEqual(['API-001']);
  });

  it('records each TCP connection with the identity presented, the requests it carried and who closed it', async () => {
    const wfm = await started();
    await poll(wfm);
    const other = await pki.issueWfm({ foreignCa: true });
    wfm.presentIdentity({ name: 'anchor-b', ...other });
    // A client that refuses the certificate it is shown, as a device without anchor B does.
    const refusing = new Agent({ connect: { ca: pki.bundlePem, cert: svid.certPem, key: svid.keyPem } });
    await request(`${wfm.url}/api/v1/deployments`, { dispatcher: refusing }).catch(() => undefined);
    await refusing.close();
    await wfm.traffic.waitUntil(() => wfm.traffic.sockets.filter((s) => s.closedAt !== undefined).length === 2, { timeoutMs: 2000 });
    expect(wfm.traffic.sockets.map((s) => ({ identity: s.identity, requests: s.requests, exchanges: s.exchanges, closedByMock: s.closedByMock }))).toEqual([
      { identity: 'valid', requests: 1, exchanges: [0], closedByMock: true },
      { identity: 'anchor-b', requests: 0, exchanges: [], closedByMock: false },
    ]);
  });
});
