import { createPublicKey, X509Certificate } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Edition } from '../../core/catalog/editions.js';
import { peerChain, type TestPki } from '../../core/identity/index.js';
import { describePeer } from '../../core/http/observe-handshake.js';
import { recordExchange } from '../../core/http/record-exchange.js';
import { tlsOptions } from '../../reference/wfm/auth/tls-options.js';
import { createEngine } from '../../reference/wfm/engine.js';
import { createFaultSet } from '../../reference/wfm/faults.js';
import { createApiServer, type ApiHandler, type WrittenAnswer } from '../../reference/wfm/http/api-server.js';
import { createMockOperator, type MockOperator } from './mock-operator.js';
import { requestProblems } from './request-problems.js';
import { routeOf } from './route-of.js';
import { rewrittenContent, rewrittenManifest, scenarioResponse, type HookRequest, type ScenarioHooks } from './scenario-hooks.js';
import { startTrustBundleServer, type TrustBundleServer, type TrustBundleServing } from './trust-bundle-server.js';
import { currentObservationScope, type RunTraffic } from '../../core/evidence/run-traffic.js';
import type { HttpExchange } from '../../core/results/model.js';
import { createTrafficLog, type DeviceRequest, type RecordedExchange, type TrafficLog, type WfmSocket } from './traffic-log.js';

export interface MockWfmOptions {
  edition: Edition;
  pki: TestPki;
  /** @default '127.0.0.1' */
  host?: string;
  /** A fixed port for a device started by hand (`--mock-wfm-port`); 0 picks a free one. @default 0 */
  port?: number;
  /** Also serve the Trust Bundle API, starting with this (feature trust-bundle-api). */
  trustBundle?: TrustBundleServing;
  /** The run-wide traffic log each exchange is also added to, tagged with the check that started the mock. */
  runTraffic?: RunTraffic;
}

/** A server identity the mock can present: the WFM's SVID or certificate, or a defective one. */
export interface ServerIdentity {
  /** Recorded on each TLS connection made while it is presented. */
  name: string;
  certPem: string;
  keyPem: string;
  /** Highest TLS version offered (a TLS 1.2-only WFM, API-006). @default 'TLSv1.3' */
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/** The validating mock WFM: the reference engine with scenario hooks, recording every exchange. */
export interface MockWfm {
  url: string;
  /** Wall-clock time (epoch ms) the mock started; exchange `at` values count from it. */
  startedAt: number;
  edition: Edition;
  readonly traffic: TrafficLog;
  operator: MockOperator;
  /** The trust bundle server, when the options asked for one. */
  trustBundle?: TrustBundleServer;
  /** Replaces the scenario hooks (none: the engine answers everything). */
  setHooks(hooks: ScenarioHooks): void;
  /** Presents another server certificate from the next connection on; open connections are closed. */
  presentIdentity(identity: ServerIdentity): void;
  /**
   * Attached mode: the next scenario on the same long-lived device. `traffic` becomes a fresh log (requests
   * already under way stay in the old one) and the hooks are cleared; the engine state is kept.
   */
  beginScenario(): void;
  /** A long-lived mock (attached mode): what the device does from now on is evidence of this check. */
  attributeTo(scope: string | undefined): void;
  close(): Promise<void>;
}

/** Starts the mock WFM on loopback (or `host`), with the PKI's WFM identity and trust anchors. */
export async function startMockWfm(options: MockWfmOptions): Promise<MockWfm> {
  const { edition, pki } = options;
  const startedAt = Date.now();
  const clock = () => Date.now() - startedAt;
  const faults = createFaultSet([]);
  const engine = createEngine({
    edition,
    faults,
    settings: {
      trustDomain: pki.trustDomain,
      wfmId: pki.wfmId,
      caPem: pki.bundlePem,
      replayWindowSeconds: 300,
      now: Date.now,
      // The mock judges signatures itself (SIG-001..003) and keeps serving, so one defect does not hide the rest.
      acceptUnverifiedSignatures: true,
    },
  });
  const { context } = engine;
  // A mock started for one scenario belongs to that check; a long-lived one (attached mode) is attributed to
  // each check in turn as its session begins.
  let owner = currentObservationScope();
  const sink = options.runTraffic ? (evidence: HttpExchange) => options.runTraffic!.add(evidence, owner) : undefined;
  let traffic = createTrafficLog(sink);
  let hooks: ScenarioHooks = {};
  let identity = 'valid';
  const arrivals = new WeakMap<IncomingMessage, { at: number; headers: Record<string, string>; answeredBy: RecordedExchange['answeredBy']; log: TrafficLog }>();
  // Open TCP connections by the client's address and port (the same on the raw socket and on the TLS socket above it).
  const openSockets = new Map<string, { socket: WfmSocket; log: TrafficLog }>();
  const socketOf = new WeakMap<IncomingMessage, { socket: WfmSocket; log: TrafficLog }>();
  const socketKey = (socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }) => `${socket.remoteAddress}:${socket.remotePort}`;
  const closedByMock = (socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }) => {
    const open = openSockets.get(socketKey(socket));
    if (open) open.socket.closedByMock = true;
  };

  const record = async (req: IncomingMessage, body: Buffer, answer: WrittenAnswer | undefined) => {
    const arrival = arrivals.get(req) ?? { at: clock(), headers: flatHeaders(req), answeredBy: 'engine' as const, log: traffic };
    const path = req.url ?? '/';
    const route = routeOf(edition, req.method ?? 'GET', path);
    const json = parseJson(body);
    // What the device sent, once: judged below and recorded as is.
    const leaf = clientLeafOf(req.socket as TLSSocket);
    const request: DeviceRequest = {
      route: route?.name,
      method: req.method ?? 'GET',
      path,
      httpVersion: req.httpVersion,
      tlsProtocol: (req.socket as TLSSocket).getProtocol?.() ?? undefined,
      ...(leaf ? { clientLeaf: leaf } : {}),
      headers: arrival.headers,
      body,
      ...(json === undefined ? {} : { json }),
    };
    let validationError: string | undefined;
    const problems = await requestProblems({
      ...request,
      edition,
      targetUri: `https://${req.headers.host ?? 'localhost'}${path}`,
      clientChain: chainOf(req.socket as TLSSocket),
      ...signingKey(route?.params['clientId'], json),
      nowSeconds: Math.floor(Date.now() / 1000),
    }).catch((cause: unknown) => {
      validationError = `the mock WFM could not validate this request: ${(cause as Error).message}`;
      return [];
    });
    const recorded = arrival.log.add({
      ...request,
      at: arrival.at,
      ...(answer ? { response: { status: answer.status, headers: answer.headers, body: answer.body } } : {}),
      answeredBy: answer ? arrival.answeredBy : 'silent',
      problems,
      ...(validationError ? { validationError } : {}),
      evidence: recordExchange({ method: req.method ?? 'GET', url: `${context.origin()}${path}`, requestHeaders: arrival.headers, requestBody: body, ...(answer ? { response: answer } : {}), at: arrival.at }),
    });
    const carrier = socketOf.get(req);
    if (carrier?.log === arrival.log) {
      carrier.socket.exchanges.push(recorded.seq);
      carrier.log.socketChanged();
    }
  };

  const signingKey = (clientId: string | undefined, json: unknown): { signingKeyPem?: string } => {
    const pem = clientId ? context.state.client(clientId)?.certificatePem : onboardingCertificate(json);
    if (!pem) return {};
    try {
      return { signingKeyPem: createPublicKey(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'pem' })).export({ type: 'spki', format: 'pem' }).toString() };
    } catch {
      return {};
    }
  };

  const wrap = (engine: ApiHandler): ApiHandler => async (req, body) => {
    const arrival = { at: clock(), headers: flatHeaders(req), answeredBy: 'engine' as RecordedExchange['answeredBy'], log: traffic };
    arrivals.set(req, arrival);
    const path = req.url ?? '/';
    const request: HookRequest = { route: routeOf(edition, req.method ?? 'GET', path)?.name, method: req.method ?? 'GET', path };
    const scripted = hooks.answer?.(request);
    if (scripted === 'silent') {
      closedByMock(req.socket);
      req.socket.destroy();
      void record(req, body, undefined);
      return new Promise<never>(() => undefined);
    }
    if (scripted) {
      arrival.answeredBy = 'scenario';
      return scenarioResponse(scripted, edition);
    }
    if (request.route === 'deployments' && hooks.manifest) {
      delete req.headers['if-none-match'];
      const answer = await engine(req, body);
      if ('problem' in answer) return answer;
      if (arrival.headers['if-none-match'] !== undefined) req.headers['if-none-match'] = arrival.headers['if-none-match'];
      arrival.answeredBy = 'scenario';
      return rewrittenManifest(answer, req, hooks.manifest);
    }
    const answer = await engine(req, body);
    if ((request.route === 'deployment' || request.route === 'bundle') && hooks.content && !('problem' in answer)) {
      arrival.answeredBy = 'scenario';
      return rewrittenContent(answer, request, hooks.content);
    }
    return answer;
  };

  const tls = { certPem: pki.wfm.certPem, keyPem: pki.wfm.keyPem, caPem: pki.bundlePem };
  const onAnswer = (req: IncomingMessage, body: Buffer, answer: WrittenAnswer) => {
    void record(req, body, answer);
    if (!hooks.closeAfterAnswer) return;
    closedByMock(req.socket);
    req.socket.end();
  };
  const server = createApiServer(context, { tls, rateLimit: false, hooks: { wrap, onAnswer } });
  // ID-021: every handshake that carried a client certificate goes to the run-wide log, so a finding can cite which one the device presented.
  const handshakes = new WeakMap<TLSSocket, string>();
  server.on('secureConnection', (socket: TLSSocket) => {
    const peer = describePeer(socket.getPeerCertificate());
    if (!peer || !options.runTraffic) return;
    handshakes.set(socket, options.runTraffic.add({ kind: 'tls', role: 'server', host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, at: clock(), ...(socket.getProtocol() ? { protocol: socket.getProtocol() as string } : {}), peer, result: 'completed' }, owner));
  });
  const clientLeafOf = (socket: TLSSocket): DeviceRequest['clientLeaf'] => {
    const fingerprint256 = socket.getPeerCertificate?.()?.fingerprint256;
    if (!fingerprint256) return undefined;
    const handshake = handshakes.get(socket);
    return { fingerprint256, ...(handshake ? { handshake } : {}) };
  };
  server.on('secureConnection', () => traffic.addConnection({ at: clock(), identity }));
  server.on('tlsClientError', () => traffic.addConnection({ at: clock(), identity }));
  // The identity is fixed when the TCP connection is accepted: the TLS socket is made then, with the context of that moment.
  server.on('connection', (raw: Socket) => {
    const key = socketKey(raw);
    const log = traffic;
    const socket = log.addSocket({ at: clock(), identity, requests: 0, exchanges: [], closedByMock: false });
    openSockets.set(key, { socket, log });
    raw.once('close', () => {
      openSockets.delete(key);
      socket.closedAt = clock();
      // A connection the device ended without a request is the traffic that shows it refused the identity.
      if (socket.requests === 0 && !socket.closedByMock && options.runTraffic) {
        const how = socket.secured ? 'completed the TLS handshake and closed the connection' : 'ended the TLS handshake';
        socket.record = options.runTraffic.add({ kind: 'tls', role: 'server', host: raw.remoteAddress ?? '', port: raw.remotePort ?? 0, at: socket.at, result: 'refused-by-peer', detail: `the device ${how} without sending a request while the mock WFM presented "${socket.identity}"` }, owner);
      }
      log.socketChanged();
    });
  });
  server.on('secureConnection', (tlsSocket: TLSSocket) => {
    const open = openSockets.get(socketKey(tlsSocket));
    if (open) open.socket.secured = true;
  });
  server.on('request', (req: IncomingMessage) => {
    const open = openSockets.get(socketKey(req.socket));
    if (!open) return;
    socketOf.set(req, open);
    open.socket.requests += 1;
    open.log.socketChanged();
  });
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (cause) => reject(new Error(`mock WFM cannot listen on ${host}:${options.port ?? 0}: ${cause.message}`, { cause })));
    server.listen(options.port ?? 0, host, () => resolve((server.address() as AddressInfo).port));
  });
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  engine.setOrigin(origin);
  const trustBundle = options.trustBundle ? await startTrustBundleServer({ trustDomain: pki.trustDomain, serving: options.trustBundle, traffic: () => traffic, clock }) : undefined;

  return {
    url: origin,
    startedAt,
    edition,
    get traffic() {
      return traffic;
    },
    operator: createMockOperator(context),
    ...(trustBundle ? { trustBundle } : {}),
    setHooks(next) {
      hooks = next;
    },
    beginScenario() {
      traffic = createTrafficLog(sink);
      hooks = {};
    },
    attributeTo(scope) {
      owner = scope;
    },
    presentIdentity(next) {
      identity = next.name;
      const secure = tlsOptions(edition, { certPem: next.certPem, keyPem: next.keyPem, caPem: pki.bundlePem }, faults);
      (server as unknown as { setSecureContext(options: object): void }).setSecureContext({ ...secure, maxVersion: next.maxVersion ?? 'TLSv1.3', minVersion: next.maxVersion === 'TLSv1.2' ? 'TLSv1.2' : 'TLSv1.3' });
      for (const open of openSockets.values()) open.socket.closedByMock = true;
      (server as unknown as Server).closeAllConnections();
    },
    close: async () => {
      for (const open of openSockets.values()) open.socket.closedByMock = true;
      await trustBundle?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as Server).closeAllConnections();
      });
    },
  };
}

const chains = new WeakMap<TLSSocket, Buffer[]>();

/** The client's chain, read once per connection (it cannot change on one). */
function chainOf(socket: TLSSocket): Buffer[] {
  let chain = chains.get(socket);
  if (!chain) {
    chain = peerChain(socket);
    chains.set(socket, chain);
  }
  return chain;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function onboardingCertificate(json: unknown): string | undefined {
  const certificate = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['certificate'] : undefined;
  return typeof certificate === 'string' ? Buffer.from(certificate, 'base64').toString('utf8') : undefined;
}
