import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { buildConnector, Client, type Dispatcher } from 'undici';
import type { Edition } from '../../core/catalog/editions.js';
import { recordExchange } from '../../core/http/index.js';
import { keyIdOf, signRequest, type RequestSigner } from '../../core/http-signatures/index.js';
import type { HttpExchange } from '../../core/results/model.js';

/** One simulated device: its own identity and, per connection policy, its own connection. */
export interface FleetDevice {
  /** Index in the whole fleet (all shards); names and schedules derive from it and the seed. */
  index: number;
  name: string;
  deviceId: string;
  /** What the control adapter calls its client: SPIFFE ID (rc.3) or clientId (preview-1, after onboarding). */
  ref: string;
  certPem: string;
  keyPem?: string;
  signer?: RequestSigner;
  clientId?: string;
  /** Chosen for control-adapter changes during the run. */
  sampled: boolean;
}

export interface DeviceResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Built on demand: evidence is kept for a few exchanges only. */
  exchange(): HttpExchange;
  micros: number;
}

export interface DeviceRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
}

/** A request that got no response: connection refused, reset, timeout, oversize body. */
export class DeviceTransportError extends Error {
  readonly exchange: () => HttpExchange;
  constructor(message: string, exchange: () => HttpExchange, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeviceTransportError';
    this.exchange = exchange;
  }
}

export interface TransportOptions {
  edition: Edition;
  origin: string;
  caPem: string;
  /** `keep-alive`: one connection a device keeps between polls; `per-poll`: a new TLS handshake every cycle. */
  connections: 'keep-alive' | 'per-poll';
  keepAliveMs: number;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Milliseconds since the run started, for exchange stamps. */
  now(): number;
  onHandshake(): void;
  /** Checks the WFM's presented chain against the run's anchors; shared by all devices (see `createServerVerifier`). */
  verifyServer(socket: TLSSocket): string | undefined;
  /** Makes the device's TLS context (its SVID and key in rc.3, none in preview-1; see `deviceSecureContext`), asked once at its first connection. */
  secureContext: () => SecureContext;
}

/**
 * A TLS context per device, made once before the load. Node builds a fresh copy of its bundled root
 * store for every context given `ca`, a few milliseconds each, so the run's anchors are not put in the
 * context: `createServerVerifier` checks the WFM's chain against them instead, once per distinct chain.
 */
export function deviceSecureContext(device: FleetDevice, edition: Edition): SecureContext {
  return createSecureContext(device.keyPem && edition.api.auth === 'mtls' ? { cert: device.certPem, key: device.keyPem } : {});
}

/**
 * Verifies the WFM's certificate chain (leaf and the intermediates it sent) up to one of the anchors in
 * `caPem`, and the validity periods; remembers chains already verified by their leaf's fingerprint.
 * SVIDs carry a SPIFFE URI SAN and no DNS name: the chain to the run's anchors is what is verified.
 */
export function createServerVerifier(caPem: string): (socket: TLSSocket) => string | undefined {
  const anchors = (caPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) => new X509Certificate(pem));
  const verified = new Set<string>();
  return (socket) => {
    // Asked once per connection: Node gives a client socket's peer certificate only on the first call.
    const leaf = socket.getPeerX509Certificate();
    if (!leaf) return 'the WFM presented no certificate';
    if (verified.has(leaf.fingerprint256)) return undefined;
    const now = Date.now();
    let cert: X509Certificate | undefined = leaf;
    for (let depth = 0; cert && depth < 5; depth++) {
      if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return `the WFM's certificate ${cert.subject} is not valid now`;
      const anchor = anchors.find((a) => cert?.checkIssued(a) && cert.verify(a.publicKey));
      if (anchor) {
        verified.add(leaf.fingerprint256);
        return undefined;
      }
      const issuer: X509Certificate | undefined = cert.issuerCertificate;
      if (!issuer || issuer.fingerprint256 === cert.fingerprint256 || !cert.checkIssued(issuer) || !cert.verify(issuer.publicKey) || !issuer.ca) break;
      cert = issuer;
    }
    return "the WFM's certificate chain does not lead to the run's trust anchors";
  };
}

/**
 * Each device talks over its own undici Client (one connection, no pipelining): the TLS identity is the
 * device's, and a connection is what a real device would hold. Clients are created lazily and, with
 * `per-poll`, closed after each cycle, so idle devices hold no socket.
 */
export function createDeviceTransport(device: FleetDevice, options: TransportOptions) {
  let client: Client | undefined;
  // OpenSSL checks the chain against Node's default roots and fails (the anchors are not in the context);
  // the connection is refused unless `verifyServer` accepts it against the run's anchors. Made at the first
  // connection: a context costs milliseconds, spent while the WFM works on other devices' handshakes.
  let base: buildConnector.connector | undefined;
  const connector: buildConnector.connector = (connectOptions, callback) =>
    (base ??= buildConnector({ ALPNProtocols: ['http/1.1'], secureContext: options.secureContext(), rejectUnauthorized: false, timeout: options.timeoutMs }))(connectOptions, (...args) => {
      const [error, socket] = args;
      if (error) return callback(error, null);
      const problem = options.verifyServer(socket as TLSSocket);
      if (problem) {
        socket.destroy();
        return callback(new Error(`TLS: ${problem}`), null);
      }
      callback(null, socket);
    });
  const open = () => {
    if (client) return client;
    client = new Client(options.origin, {
      pipelining: 1,
      keepAliveTimeout: options.keepAliveMs,
      keepAliveMaxTimeout: options.keepAliveMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: connector,
    });
    client.on('connect', options.onHandshake);
    return client;
  };

  return {
    async request(request: DeviceRequest): Promise<DeviceResponse> {
      const url = `${options.origin}${request.path}`;
      const body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), 'utf8');
      let headers: Record<string, string> = { ...(body ? { 'content-type': 'application/json' } : {}), ...(request.headers ?? {}) };
      if (options.edition.api.auth === 'http-signatures' && device.signer) {
        headers = { ...headers, ...(await signRequest({ method: request.method, url, headers, ...(body ? { body } : {}) }, device.signer, {})) };
      }
      const at = Math.round(options.now());
      const started = performance.now();
      const record = (response?: { status: number; headers: Record<string, string>; body?: Buffer }) => () =>
        recordExchange({ method: request.method, url, requestHeaders: headers, requestBody: body, at, ...(response ? { response } : {}) });
      // A bare dispatch handler, not `request()`: no body stream, async iterator or AbortController per request.
      let timedOut = false;
      try {
        const answer = await new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
          let controller: Dispatcher.DispatchController | undefined;
          let status = 0;
          const flat: Record<string, string> = {};
          const chunks: Buffer[] = [];
          let size = 0;
          const timer = setTimeout(() => {
            timedOut = true;
            const error = new Error('timeout');
            // Still connecting: nothing to abort yet; the catch below closes the connection.
            if (controller) controller.abort(error);
            else reject(error);
          }, options.timeoutMs);
          open().dispatch(
            { path: request.path, method: request.method as Dispatcher.HttpMethod, headers, ...(body ? { body } : {}) },
            {
              onRequestStart: (dispatched) => void (controller = dispatched),
              onResponseStart: (_, statusCode, responseHeaders) => {
                status = statusCode;
                for (const [name, value] of Object.entries(responseHeaders)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
              },
              onResponseData: (dispatched, chunk) => {
                size += chunk.length;
                if (size > options.maxBodyBytes) dispatched.abort(new DeviceTransportError(`${request.method} ${request.path} answered ${status} with a body over ${options.maxBodyBytes} bytes`, record({ status, headers: flat })));
                else chunks.push(chunk);
              },
              onResponseEnd: () => {
                clearTimeout(timer);
                resolve({ status, headers: flat, body: Buffer.concat(chunks) });
              },
              onResponseError: (_, error) => {
                clearTimeout(timer);
                reject(error);
              },
            },
          );
        });
        return { ...answer, exchange: record({ status: answer.status, headers: answer.headers, body: answer.body }), micros: (performance.now() - started) * 1000 };
      } catch (cause) {
        // The connection is in an unknown state: the next request starts a fresh one.
        void this.release(true);
        if (cause instanceof DeviceTransportError) throw cause;
        const what = timedOut ? `got no response within ${options.timeoutMs} ms` : `failed (${(cause as { code?: string }).code ?? (cause as Error).message})`;
        throw new DeviceTransportError(`${request.method} ${request.path} ${what}`, record(), { cause });
      }
    },
    /** Ends a cycle: under `per-poll` (or after a failure) the connection is closed. */
    async release(force = false): Promise<void> {
      if (!client || (!force && options.connections === 'keep-alive')) return;
      const closing = client;
      client = undefined;
      await closing.destroy().catch(() => undefined);
    },
  };
}

export type DeviceTransport = ReturnType<typeof createDeviceTransport>;

/** The RFC 9421 signer of a preview-1 device's certificate key. */
export function signerOf(certPem: string, keyPem: string, publicKeyPem: string): RequestSigner {
  const key = new X509Certificate(certPem).publicKey;
  const algorithm: RequestSigner['algorithm'] = key.asymmetricKeyType === 'rsa' ? 'rsa-v1_5-sha256' : key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'ecdsa-p384-sha384' : 'ecdsa-p256-sha256';
  return { privateKeyPem: keyPem, keyId: keyIdOf(publicKeyPem), algorithm };
}
