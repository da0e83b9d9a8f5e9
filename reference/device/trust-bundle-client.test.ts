import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../core/catalog/editions.js';
import { createServerPki, createTestPki, spiffeBundle, type ServerPki, type Svid, type TestPki } from '../../core/identity/index.js';
import type { DeviceEvent } from './device-events.js';
import type { DeviceFaultId } from './faults.js';
import { startDevice, type RunningDevice } from './start-device.js';
import { startScriptedWfm, type ScriptedWfm } from './test-support/scripted-wfm.js';

/** What the trust bundle server serves; `bundle` undefined answers 404. */
interface Serving {
  /** Members laid over `{trustDomain, trustBundleUri}`. */
  discovery?: Record<string, unknown>;
  /** `http` announces the plain listener's bundle URL (TB-005). */
  bundleScheme?: 'http';
  bundle?: unknown;
  headers?: Record<string, string>;
}

interface TrustServer {
  discoveryUrl: string;
  requests: { at: number; scheme: 'https' | 'http'; path: string; status: number }[];
  serve(serving: Serving): void;
  close(): Promise<void>;
}

type Certificate = 'server' | 'untrusted' | 'wrongName';

interface Scene {
  server: TrustServer;
  wfm: ScriptedWfm;
  device: RunningDevice;
  stateDir: string;
}

interface Setup {
  serving: Serving;
  certificate?: Certificate;
  faults?: string[];
  /** The WFM's SVID. @default pki.wfm, chained to anchor A */
  wfmSvid?: Svid;
  /** Reuse a state directory (a restart); it is then not removed. */
  stateDir?: string;
}

const JWT_SVID_KEY = { kty: 'EC', crv: 'P-256', x: 'kkEn5E2Hd_rvCRDCVMNj3deN0ADij9uJVmN-El0CJz0', y: 'qNrnjhtzrtTR0bRgI2jPIC1nEgcWNX63YcZOEzyo1iA', use: 'jwt-svid', kid: 'jwt-1' };
const is = (name: DeviceEvent['event'], match: Record<string, unknown> = {}) => (event: DeviceEvent) =>
  event.event === name && Object.entries(match).every(([key, value]) => (event as Record<string, unknown>)[key] === value);
const outcome = (event: DeviceEvent) => is('trust-bundle-accepted')(event) || is('trust-bundle-rejected')(event);

let pki: TestPki;
let serverPki: ServerPki;
let client: Svid;
/** The trust domain's anchor A (pki.bundlePem) and the other root B (pki.foreign.bundlePem), both of margo.test SVIDs here. */
const bundleOf = (anchorsPem: string, sequence: number) => spiffeBundle(anchorsPem, { sequence, refreshHintSeconds: 1 });

beforeAll(async () => {
  [pki, serverPki] = await Promise.all([createTestPki(), createServerPki()]);
  client = await pki.issueClient('client-1');
});

async function startTrustServer(certificate: Certificate, serving: Serving): Promise<TrustServer> {
  let current = serving;
  const origins = { https: '', http: '' };
  const requests: TrustServer['requests'] = [];
  const handle = (scheme: 'https' | 'http') => (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, value?: unknown) => {
      requests.push({ at: Date.now(), scheme, path: req.url ?? '', status });
      res.writeHead(status, { 'content-type': 'application/json', ...current.headers }).end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (scheme === 'https' && req.url === '/.well-known/margo') {
      return answer(200, { trustDomain: pki.trustDomain, trustBundleUri: `${current.bundleScheme === 'http' ? origins.http : origins.https}/bundle.json`, ...current.discovery });
    }
    if (req.url === '/bundle.json' && current.bundle !== undefined) return answer(200, current.bundle);
    answer(404);
  };
  const { certPem, keyPem } = serverPki[certificate];
  const secure = createHttpsServer({ cert: certPem, key: keyPem }, handle('https'));
  const plain = createHttpServer(handle('http'));
  // 127.0.0.1 only, while the URL says localhost: the device must reach it over IPv4 and check the name.
  const [securePort, plainPort] = await Promise.all([listen(secure), listen(plain)]);
  origins.https = `https://localhost:${securePort}`;
  origins.http = `http://127.0.0.1:${plainPort}`;
  return {
    discoveryUrl: `${origins.https}/.well-known/margo`,
    requests,
    serve(next) {
      current = next;
    },
    close: async () => {
      await Promise.all([secure, plain].map((server) => new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })));
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Runs `body` with a trust bundle server, a scripted WFM and a device in discovery mode; everything is closed afterwards. */
async function withScene<T>(setup: Setup, body: (scene: Scene) => Promise<T>): Promise<T> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const server = await startTrustServer(setup.certificate ?? 'server', setup.serving);
    cleanups.push(() => server.close());
    const wfm = await startScriptedWfm(setup.wfmSvid ?? pki.wfm);
    cleanups.push(() => wfm.close());
    const stateDir = setup.stateDir ?? (await mkdtemp(join(tmpdir(), 'margo-device-tb-')));
    if (!setup.stateDir) cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    const device = await startDevice({
      edition: EDITIONS['1.0.0-rc.3'],
      wfmUrl: wfm.url,
      trust: { kind: 'svid', trustDiscovery: { url: server.discoveryUrl, caPem: serverPki.caPem }, certPem: client.certPem, keyPem: client.keyPem },
      deviceId: 'device-1',
      stateDir,
      pollIntervalMs: 50,
      backoffBaseMs: 50,
      requestTimeoutMs: 2000,
      faults: setup.faults ?? [],
    });
    cleanups.push(() => device.stop());
    return await body({ server, wfm, device, stateDir });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

const bundleRequests = (server: TrustServer, since = 0) => server.requests.filter((request) => request.path === '/bundle.json' && request.at >= since);

/** Whether the WFM still gets requests a moment after the last trust event (the device trusts its SVID). */
async function talksToWfm(scene: Scene): Promise<boolean> {
  await delay(150);
  const since = Date.now();
  await delay(400);
  return scene.wfm.received.some((request) => request.at >= since);
}

/** Lets the device get going on `first`, serves `second` and waits for the device's verdict on it. */
async function rotate(scene: Scene, second: Serving): Promise<DeviceEvent> {
  await scene.device.waitFor(is('capabilities-sent'));
  const since = scene.device.events.length;
  scene.server.serve(second);
  return scene.device.waitFor(outcome, { since });
}

describe('reference device: Trust Bundle API client (rc.3)', () => {
  it('sends nothing to the WFM before it has a bundle, then fetches discovery, then the bundle, then talks to the WFM', async () => {
    await withScene({ serving: {} }, async (scene) => {
      await scene.device.waitFor(is('trust-bundle-failed'));
      await delay(300);
      expect(scene.wfm.received).toEqual([]);
      expect(scene.device.events.filter(is('skipped', { reason: 'no-trust-bundle' }))).toHaveLength(1);
      scene.server.serve({ bundle: bundleOf(pki.bundlePem, 1) });
      await scene.device.waitFor(is('capabilities-sent'));
      expect(scene.device.events.find(is('trust-bundle-accepted'))).toMatchObject({ sequence: 1, anchors: 1 });
      const { requests } = scene.server;
      // Every bundle fetch follows a discovery fetch; the WFM hears nothing before the first bundle served.
      expect(requests.every((request, index) => request.path !== '/bundle.json' || requests[index - 1]?.path === '/.well-known/margo')).toBe(true);
      const firstBundle = requests.find((request) => request.path === '/bundle.json' && request.status === 200);
      expect(scene.wfm.received[0]?.at).toBeGreaterThanOrEqual(firstBundle?.at ?? Infinity);
    });
  });

  it.each<{ certificate: Certificate; what: string }>([
    { certificate: 'untrusted', what: 'a certificate from a CA it was not given' },
    { certificate: 'wrongName', what: 'a certificate of its CA for another name' },
  ])('refuses a discovery server presenting $what, again on every retry (ID-019)', async ({ certificate }) => {
    await withScene({ serving: { bundle: bundleOf(pki.bundlePem, 1) }, certificate }, async (scene) => {
      await scene.device.waitFor((event) => is('trust-bundle-rejected', { requirement: 'ID-019' })(event) && scene.device.events.filter(is('trust-bundle-rejected')).length >= 2);
      expect(scene.server.requests).toEqual([]);
      expect(scene.wfm.received).toEqual([]);
    });
  });

  it('adopts a rotated bundle: a WFM chained to the new anchor only is refused before, accepted after', async () => {
    const wfmSvid = await pki.issueWfm({ foreignCa: true });
    await withScene({ serving: { bundle: bundleOf(pki.bundlePem, 1) }, wfmSvid }, async (scene) => {
      await scene.device.waitFor(is('wfm-identity-rejected'));
      expect(scene.wfm.received).toEqual([]);
      scene.server.serve({ bundle: bundleOf(pki.foreign.bundlePem, 2) });
      await scene.device.waitFor(is('trust-bundle-accepted', { sequence: 2 }));
      await scene.device.waitFor(is('capabilities-sent'));
    });
  });

  it('keeps the accepted bundle and its sequence across a restart (TB-008)', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'margo-device-tb-'));
    try {
      await withScene({ serving: { bundle: bundleOf(pki.bundlePem, 5) }, stateDir }, (scene) => scene.device.waitFor(is('capabilities-sent')));
      await withScene({ serving: { bundle: bundleOf(pki.foreign.bundlePem, 3) }, stateDir }, async (scene) => {
        expect(await scene.device.waitFor(is('trust-bundle-rejected'))).toMatchObject({ requirement: 'TB-008' });
        await scene.device.waitFor(is('capabilities-sent'));
        expect(scene.device.events.some(is('skipped', { reason: 'no-trust-bundle' }))).toBe(false);
      });
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  interface Row {
    requirement: string;
    fault: DeviceFaultId;
    title: string;
    setup: () => Setup;
    /** True when the deviation the requirement forbids was observed. */
    deviates: (scene: Scene) => Promise<boolean>;
  }

  const ROWS: Row[] = [
    {
      requirement: 'ID-019',
      fault: 'trusts-discovery-on-first-use',
      title: 'sends no request to a discovery server whose certificate it cannot verify',
      setup: () => ({ serving: { bundle: bundleOf(pki.bundlePem, 1) }, certificate: 'untrusted' }),
      deviates: async (scene) => (await scene.device.waitFor(outcome), scene.server.requests.length > 0),
    },
    {
      requirement: 'TB-001',
      fault: 'rejects-unknown-bundle-fields',
      title: 'ignores members it does not know in the discovery document and the bundle',
      setup: () => ({ serving: { discovery: { 'x-acme-region': 'eu-1' }, bundle: { ...bundleOf(pki.bundlePem, 1), 'x-acme-note': 'extra' } } }),
      deviates: async (scene) => (await scene.device.waitFor(outcome)).event === 'trust-bundle-rejected',
    },
    {
      requirement: 'TB-004',
      fault: 'ignores-discovered-trust-domain',
      title: 'does not fetch the bundle of a discovery document naming another trust domain',
      setup: () => ({ serving: { discovery: { trustDomain: pki.foreign.trustDomain }, bundle: bundleOf(pki.bundlePem, 1) } }),
      deviates: async (scene) => (await scene.device.waitFor(outcome), bundleRequests(scene.server).length > 0),
    },
    {
      requirement: 'TB-005',
      fault: 'follows-http-bundle-uri',
      title: 'never requests an http trustBundleUri',
      setup: () => ({ serving: { bundleScheme: 'http', bundle: bundleOf(pki.bundlePem, 1) } }),
      deviates: async (scene) => (await scene.device.waitFor(outcome), scene.server.requests.some((request) => request.scheme === 'http')),
    },
    {
      requirement: 'TB-006',
      fault: 'rejects-bundle-with-jwt-keys',
      title: 'adopts a bundle that also holds a jwt-svid key',
      setup: () => {
        const bundle = bundleOf(pki.bundlePem, 1);
        return { serving: { bundle: { ...bundle, keys: [JWT_SVID_KEY, ...bundle.keys] } } };
      },
      deviates: async (scene) => (await scene.device.waitFor(outcome)).event === 'trust-bundle-rejected',
    },
    {
      requirement: 'TB-007',
      fault: 'accepts-bundle-without-x509-anchors',
      title: 'refuses a bundle without X.509 anchors and keeps verifying the WFM with its current one',
      setup: () => ({ serving: { bundle: bundleOf(pki.bundlePem, 1) } }),
      deviates: async (scene) => (await rotate(scene, { bundle: { keys: [JWT_SVID_KEY], spiffe_sequence: 2, spiffe_refresh_hint: 1 } }), !(await talksToWfm(scene))),
    },
    {
      requirement: 'TB-008',
      fault: 'accepts-lower-bundle-sequence',
      title: 'refuses a bundle whose spiffe_sequence went back',
      setup: () => ({ serving: { bundle: bundleOf(pki.bundlePem, 5) } }),
      deviates: async (scene) => (await rotate(scene, { bundle: bundleOf(pki.foreign.bundlePem, 3) }), !(await talksToWfm(scene))),
    },
    {
      requirement: 'TB-009',
      fault: 'merges-trust-bundles',
      title: 'refuses a WFM chained to the old anchor once a new bundle replaced it',
      setup: () => ({ serving: { bundle: bundleOf(pki.bundlePem, 1) } }),
      deviates: async (scene) => (await rotate(scene, { bundle: bundleOf(pki.foreign.bundlePem, 2) }), talksToWfm(scene)),
    },
    {
      requirement: 'TB-010',
      fault: 'honours-bundle-cache-control',
      title: 'fetches the bundle again after spiffe_refresh_hint despite Cache-Control: max-age=3600',
      setup: () => ({ serving: { bundle: bundleOf(pki.bundlePem, 1), headers: { 'cache-control': 'max-age=3600', expires: new Date(Date.now() + 3_600_000).toUTCString() } } }),
      deviates: async (scene) => {
        await scene.device.waitFor(is('trust-bundle-accepted'));
        await delay(2000);
        return bundleRequests(scene.server).length < 2;
      },
    },
  ];

  // Concurrent tests assert through their own context's expect.
  it.concurrent.for(ROWS)('$requirement: $title', async (row, { expect }) => {
    expect(await withScene(row.setup(), row.deviates)).toBe(false);
  });

  it.concurrent.for(ROWS)('$requirement: fault $fault shows the deviation', async (row, { expect }) => {
    expect(await withScene({ ...row.setup(), faults: [row.fault] }, row.deviates)).toBe(true);
  });
});
