import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createServerPki, spiffeBundle, type ServerCertificate, type ServerPki } from '../../core/identity/index.js';
import { recordExchange } from '../../core/http/record-exchange.js';
import type { TrafficLog } from './traffic-log.js';

/** Where the trust bundle server serves its documents. */
export const TRUST_DISCOVERY_PATH = '/.well-known/margo';
export const TRUST_BUNDLE_FILE = '/bundle.json';

/** What the trust bundle server serves until a scenario says otherwise. */
export interface TrustBundleServing {
  /** Members laid over the discovery document `{trustDomain, trustBundleUri}` (TB-001 extras, TB-004 another trust domain). */
  discovery?: Record<string, unknown>;
  /** The scheme of the trustBundleUri announced: `http` points at a plain listener (TB-005). @default 'https' */
  bundleScheme?: 'https' | 'http';
  /** The bundle document, any JSON (see `bundleDocument`). */
  bundle: unknown;
  /** Extra headers on both documents, e.g. `cache-control: max-age=3600` (TB-010). */
  headers?: Record<string, string>;
  /** Answer bundle requests with this status and no bundle (TB-007: a failed retrieval). */
  bundleStatus?: number;
}

export interface BundleDocumentOptions {
  sequence: number;
  /** Seconds. @default 1, so a device refreshes within a scenario */
  refreshHintSeconds?: number;
  /** Keys added after the X.509 authorities, e.g. `JWT_SVID_KEY` (TB-006). */
  extraKeys?: Record<string, unknown>[];
  /** Members added to the bundle and to each of its keys (TB-001). */
  extraMembers?: Record<string, unknown>;
}

/** A JWT-SVID authority as a SPIFFE bundle carries it (TB-006): a bare public JWK, no x5c. */
export const JWT_SVID_KEY: Record<string, unknown> = { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), use: 'jwt-svid', kid: 'jwt-authority-1' };

/** A SPIFFE bundle JWK Set for these PEM anchors, shaped by a scenario. */
export function bundleDocument(anchorsPem: string, options: BundleDocumentOptions): Record<string, unknown> {
  const bundle = spiffeBundle(anchorsPem, { sequence: options.sequence, refreshHintSeconds: options.refreshHintSeconds ?? 1 });
  const extra = options.extraMembers ?? {};
  return { ...bundle, ...extra, keys: [...bundle.keys.map((key) => ({ ...key, ...extra })), ...(options.extraKeys ?? [])] };
}

/** The certificate the server presents: its own, one from a CA the device was not given, or one for another name (ID-019). */
export type TrustServerCertificate = 'valid' | 'untrusted' | 'wrong-name';

/**
 * The Trust Bundle API as the device sees it in scenarios of the trust-bundle-api feature: discovery and
 * bundle over HTTPS on `localhost`, with a certificate from its own CA (what the launch contract hands the
 * device), plus a plain-HTTP listener that only exists to notice a device following an http trustBundleUri.
 * Every request and TLS connection goes to the mock WFM's traffic log.
 */
export interface TrustBundleServer {
  /** `https://localhost:<port>/.well-known/margo`: the launch contract's MARGO_TRUST_DISCOVERY_URL. */
  discoveryUrl: string;
  /** The anchor that authenticates this server (MARGO_TRUST_DISCOVERY_CA). */
  caPem: string;
  serve(serving: TrustBundleServing): void;
  present(certificate: TrustServerCertificate): void;
  close(): Promise<void>;
}

export interface TrustBundleServerOptions {
  trustDomain: string;
  serving: TrustBundleServing;
  traffic: () => TrafficLog;
  /** Milliseconds since the mock started. */
  clock: () => number;
}

const MAX_REQUEST_BYTES = 64 * 1024;

export async function startTrustBundleServer(options: TrustBundleServerOptions): Promise<TrustBundleServer> {
  const pki: ServerPki = await createServerPki();
  const certificates: Record<TrustServerCertificate, ServerCertificate> = { valid: pki.server, untrusted: pki.untrusted, 'wrong-name': pki.wrongName };
  let serving = options.serving;
  let presented: TrustServerCertificate = 'valid';
  let origins = { https: '', http: '' };

  const handle = (scheme: 'https' | 'http') => (req: IncomingMessage, res: ServerResponse) => {
    const at = options.clock();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const route = scheme === 'http' ? 'trust-bundle-http' : path === TRUST_DISCOVERY_PATH ? 'trust-discovery' : path === TRUST_BUNDLE_FILE ? 'trust-bundle' : undefined;
      const answer = answerFor(route);
      res.writeHead(answer.status, answer.headers).end(answer.body);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
      const body = Buffer.concat(chunks);
      options.traffic().add({
        at,
        route,
        method: req.method ?? 'GET',
        path,
        httpVersion: req.httpVersion,
        tlsProtocol: scheme === 'https' ? ((req.socket as TLSSocket).getProtocol() ?? undefined) : undefined,
        headers,
        body,
        response: { status: answer.status, headers: answer.headers, body: answer.body },
        answeredBy: 'scenario',
        problems: [],
        evidence: recordExchange({ method: req.method ?? 'GET', url: `${origins[scheme]}${path}`, requestHeaders: headers, requestBody: body, response: answer, at }),
      });
    });
  };

  const answerFor = (route: string | undefined): { status: number; headers: Record<string, string>; body: Buffer } => {
    const json = (value: unknown) => ({ status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-cache', ...serving.headers }, body: Buffer.from(JSON.stringify(value)) });
    if (route === 'trust-discovery') {
      const uri = `${serving.bundleScheme === 'http' ? origins.http : origins.https}${TRUST_BUNDLE_FILE}`;
      return json({ trustDomain: options.trustDomain, trustBundleUri: uri, ...serving.discovery });
    }
    if ((route === 'trust-bundle' || route === 'trust-bundle-http') && serving.bundleStatus === undefined) return json(serving.bundle);
    const status = route === undefined ? 404 : (serving.bundleStatus ?? 404);
    const problem = { type: 'about:blank', title: status === 404 ? 'Not Found' : 'Unavailable', status };
    return { status, headers: { 'content-type': 'application/problem+json', ...(status === 503 ? { 'retry-after': '1' } : {}) }, body: Buffer.from(JSON.stringify(problem)) };
  };

  const secure = createHttpsServer({ cert: pki.server.certPem, key: pki.server.keyPem, minVersion: 'TLSv1.2' }, handle('https'));
  const connection = () => options.traffic().addConnection({ at: options.clock(), identity: presented, server: 'trust-bundle' });
  secure.on('secureConnection', connection);
  secure.on('tlsClientError', connection);
  const plain = createHttpServer(handle('http'));
  const [securePort, plainPort] = await Promise.all([listen(secure), listen(plain)]);
  origins = { https: `https://localhost:${securePort}`, http: `http://127.0.0.1:${plainPort}` };

  return {
    discoveryUrl: `${origins.https}${TRUST_DISCOVERY_PATH}`,
    caPem: pki.caPem,
    serve(next) {
      serving = next;
    },
    present(certificate) {
      presented = certificate;
      secure.setSecureContext({ cert: certificates[certificate].certPem, key: certificates[certificate].keyPem, minVersion: 'TLSv1.2' });
      secure.closeAllConnections();
    },
    close: async () => {
      await Promise.all([secure, plain].map((server) => new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })));
    },
  };
}

/** Listens on 127.0.0.1 only (the URL says localhost, so the device's name check has a name to check). */
function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (cause) => reject(new Error(`trust bundle server cannot listen on 127.0.0.1: ${cause.message}`, { cause })));
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
