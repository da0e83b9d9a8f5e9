import { afterEach, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { startWfm, type RunningWfm, type WfmOptions } from './start-wfm.js';
import { control, createTlsAgent, send, type Exchange } from './test-support/wfm-test-client.js';

/** Probes that each fault switch changes what the client sees; the suite's self-test checks the verdicts. */
interface Probe {
  fault: string;
  options?: Partial<WfmOptions>;
  /** Fetches the exchange to look at, as an accepted rc.3 client. */
  exchange(get: (path: string, init?: Parameters<typeof send>[2]) => Promise<Exchange>): Promise<Exchange>;
  clean: (e: Exchange) => unknown;
  expected: { clean: unknown; faulted: unknown };
}

const manifest = (get: Parameters<Probe['exchange']>[0]) => get('/api/v1/deployments');
const probes: Probe[] = [
  { fault: 'weak-etag', exchange: manifest, clean: (e) => e.headers['etag']?.startsWith('W/'), expected: { clean: false, faulted: true } },
  {
    fault: 'no-304',
    exchange: async (get) => get('/api/v1/deployments', { headers: { 'if-none-match': (await manifest(get)).headers['etag']! } }),
    clean: (e) => e.status,
    expected: { clean: 304, faulted: 200 },
  },
  { fault: 'no-406', exchange: (get) => get('/api/v1/deployments', { headers: { accept: 'text/html' } }), clean: (e) => e.status, expected: { clean: 406, faulted: 200 } },
  { fault: 'bundle-omitted-when-empty', exchange: manifest, clean: (e) => 'bundle' in e.json(), expected: { clean: true, faulted: false } },
  { fault: 'empty-archive-served', exchange: manifest, clean: (e) => e.json().bundle === null, expected: { clean: true, faulted: false } },
  { fault: 'manifest-cache-public-immutable', exchange: manifest, clean: (e) => e.headers['cache-control'], expected: { clean: 'private', faulted: 'public, max-age=31536000, immutable' } },
  { fault: 'problem-without-type', exchange: (get) => get('/api/v1/capabilities/nobody', { method: 'DELETE' }), clean: (e) => 'type' in e.json(), expected: { clean: true, faulted: false } },
  {
    fault: 'method-not-allowed-as-invalid-request',
    exchange: (get) => get('/api/v1/deployments', { method: 'DELETE' }),
    clean: (e) => [e.status, e.json().type],
    expected: { clean: [405, 'about:blank'], faulted: [405, 'https://docs.margo.org/specification/problem-types#invalid-request'] },
  },
  { fault: 'public-json-as-text-plain', exchange: (get) => get('/.well-known/margo'), clean: (e) => e.headers['content-type'], expected: { clean: 'application/json', faulted: 'text/plain; charset=utf-8' } },
  {
    fault: 'missing-retry-after',
    options: { rateLimit: { burst: 1, perSecond: 0.001 } },
    exchange: async (get) => (await manifest(get), manifest(get)),
    clean: (e) => [e.status, e.headers['retry-after'] !== undefined, e.json().retryable, e.json().backoffStrategy],
    expected: { clean: [429, true, true, 'exponential'], faulted: [429, false, true, 'exponential'] },
  },
];

describe('reference WFM fault switches (rc.3)', () => {
  let pki: TestPki | undefined;
  let running: RunningWfm | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it.each(probes.flatMap((probe) => [{ probe, faulted: false }, { probe, faulted: true }]))('$probe.fault faulted=$faulted', async ({ probe, faulted }) => {
    pki ??= await createTestPki();
    const wfm = await startWfm({
      edition: '1.0.0-rc.3',
      tls: { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem },
      ...(faulted ? { faults: [probe.fault] } : {}),
      ...probe.options,
    });
    running = wfm;
    const svid = await pki.issueClient('probe');
    await control(wfm.controlUrl, 'POST', '/clients', { spiffeId: svid.spiffeId });
    const agent = createTlsAgent(pki.bundlePem, svid);
    try {
      const seen = probe.clean(await probe.exchange((path, init) => send(agent, `${wfm.url}${path}`, init)));
      expect(seen).toEqual(faulted ? probe.expected.faulted : probe.expected.clean);
    } finally {
      await agent.close();
    }
  });
});
