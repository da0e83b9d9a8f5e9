import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { bundleDocument, JWT_SVID_KEY, startTrustBundleServer, type TrustBundleServer } from './trust-bundle-server.js';
import { createTrafficLog, type TrafficLog } from './traffic-log.js';

let pki: TestPki;
let server: TrustBundleServer;
let traffic: TrafficLog;

beforeAll(async () => {
  pki = await createTestPki();
  traffic = createTrafficLog();
  server = await startTrustBundleServer({ trustDomain: pki.trustDomain, serving: { bundle: bundleDocument(pki.bundlePem, { sequence: 1 }) }, traffic: () => traffic, clock: () => 0 });
});
afterAll(() => server.close());

/** GETs a URL the way a device holding only the server's CA does; localhost is 127.0.0.1 here. */
function fetchJson(url: string): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }> {
  const target = new URL(url);
  const get = target.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', servername: target.hostname, port: target.port, path: target.pathname, ca: server.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    }).on('error', reject);
  });
}

describe('mock trust bundle server', () => {
  it('serves discovery on localhost over https, pointing at the bundle, and records both', async () => {
    const discovery = await fetchJson(server.discoveryUrl);
    expect(discovery.json).toEqual({ trustDomain: pki.trustDomain, trustBundleUri: server.discoveryUrl.replace('/.well-known/margo', '/bundle.json') });
    const bundle = await fetchJson((discovery.json as { trustBundleUri: string }).trustBundleUri);
    expect(bundle.json).toMatchObject({ spiffe_sequence: 1, spiffe_refresh_hint: 1, keys: [{ use: 'x509-svid' }] });
    expect(traffic.exchanges.map((e) => `${e.route} ${e.response?.status}`).slice(-2)).toEqual(['trust-discovery 200', 'trust-bundle 200']);
  });

  it('announces an http bundle URI, extra members, headers and a failing bundle as a scenario says', async () => {
    server.serve({ bundle: bundleDocument(pki.bundlePem, { sequence: 2, extraKeys: [JWT_SVID_KEY] }), bundleScheme: 'http', discovery: { extra: true }, headers: { 'cache-control': 'max-age=3600' } });
    const discovery = await fetchJson(server.discoveryUrl);
    const uri = (discovery.json as { trustBundleUri: string }).trustBundleUri;
    expect([uri.startsWith('http://127.0.0.1:'), (discovery.json as { extra: unknown }).extra, discovery.headers['cache-control']]).toEqual([true, true, 'max-age=3600']);
    expect(((await fetchJson(uri)).json as { keys: { use: string }[] }).keys.map((key) => key.use)).toEqual(['x509-svid', 'jwt-svid']);
    expect(traffic.exchanges.at(-1)?.route).toBe('trust-bundle-http');
    server.serve({ bundle: {}, bundleStatus: 503 });
    expect((await fetchJson(server.discoveryUrl.replace('/.well-known/margo', '/bundle.json'))).status).toBe(503);
  });

  it('presents a certificate a device holding its CA refuses, and records the connection', async () => {
    server.present('untrusted');
    await expect(fetchJson(server.discoveryUrl)).rejects.toThrow();

    await traffic.waitUntil(() => traffic.connections.some((c) => c.identity === 'untrusted'), { timeoutMs: 2000 });
    expect(traffic.connections.filter((c) => c.identity === 'untrusted').map((c) => c.server)).toEqual(['trust-bundle']);
    server.present('valid');
    expect((await fetchJson(server.discoveryUrl)).status).toBe(200);
  });
});
