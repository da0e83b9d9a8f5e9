import { Agent as HttpsAgent, request as httpsRequest, type AgentOptions } from 'node:https';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { checkServerIdentity as checkServerName, connect as tlsConnect, type ConnectionOptions, type PeerCertificate, type SecureVersion, type TLSSocket } from 'node:tls';
import type { EvidenceRef, HttpExchange, TlsHandshake } from '../results/model.js';
import { HttpBodyLimitError, HttpConnectionError, HttpTimeoutError, connectPhaseOf } from './http-errors.js';
import { KIT_REFUSAL, describePeer, observeHandshake } from './observe-handshake.js';
import { recordExchange } from './record-exchange.js';
import { createRunTraffic, type RunTraffic } from '../evidence/run-traffic.js';

/** How the suite's client presents itself at the TLS layer. One identity, one connection pool. */
export interface TlsIdentity {
  /** PEM client certificate (leaf first, then intermediates) for mutual TLS. */
  certPem?: string;
  /** PEM private key of `certPem`. Never recorded. */
  keyPem?: string;
  /** PEM trust anchors for the server certificate. Without them the server is not verified (probes only). */
  caPem?: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /**
   * Checks the verified server certificate's identity; return an Error to refuse it (recorded as the kit's
   * refusal, `refused-by-kit`). rc.3 callers match the WFM's SPIFFE ID (`checkWfmSpiffeId`). @default
   * the server name against the certificate's DNS/IP SANs (Node's `checkServerIdentity`)
   */
  checkServerIdentity?: (host: string, certificate: PeerCertificate) => Error | undefined;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  identity?: TlsIdentity;
  /** @default the client's `timeoutMs` */
  timeoutMs?: number;
  /** @default the client's `maxBodyBytes` */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The exact bytes received (no content decoding). */
  body: Buffer;
  exchange: HttpExchange;
  /** The TLS handshake of the connection that carried it (reused connections share one). */
  handshake?: TlsHandshake;
  /** Traffic-log references: the exchange, then its connection's handshake. */
  observed: EvidenceRef[];
}

export interface HttpClientOptions {
  /** `performance.now()` at the run start; exchanges are stamped relative to it. @default creation time */
  startedAt?: number;
  /** Per request, headers and body together. @default 5000 */
  timeoutMs?: number;
  /** Larger response bodies end the request with HttpBodyLimitError. @default 4 MiB */
  maxBodyBytes?: number;
  now?: () => number;
  /** The run-wide traffic log every exchange and handshake is added to (the evidence checks cite). @default a log of the client's own */
  traffic?: RunTraffic;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Drops every pooled connection (after the subject restarted); later requests connect afresh. */
  resetConnections(): Promise<void>;
  /** Closes every connection pool. */
  close(): Promise<void>;
  /** The traffic log every exchange and handshake of this client went to. */
  readonly traffic: RunTraffic;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The suite's HTTP/1.1 client on node:https: per-identity TLS, per-request timeouts, bounded bodies, and
 * every exchange and TLS handshake recorded as observed (HTTP version, negotiated protocol, presented
 * certificate, who refused whom) in a traffic log that findings cite.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const now = options.now ?? (() => performance.now());
  const startedAt = options.startedAt ?? now();
  const traffic = options.traffic ?? createRunTraffic();
  const sinceStart = () => Math.round(now() - startedAt);
  const handshakes = new WeakMap<object, { record: TlsHandshake; ref?: EvidenceRef }>();
  const agents = new Map<TlsIdentity | undefined, HttpsAgent>();
  const agentFor = (identity: TlsIdentity | undefined): HttpsAgent => {
    let agent = agents.get(identity);
    if (!agent) {
      agent = createAgent(identity, (socket, record) => {
        handshakes.set(socket, { record });
        observeHandshake(socket, record, () => undefined);
      }, sinceStart);
      agents.set(identity, agent);
    }
    return agent;
  };

  const plainAgent = new HttpAgent({ keepAlive: true, maxSockets: 4, timeout: 2000 });

  return {
    traffic,
    request(request) {
      const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const limit = request.maxBodyBytes ?? options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const headers = lowerCase(request.headers ?? {});
      const at = sinceStart();
      let connection: { record: TlsHandshake; ref?: EvidenceRef } | undefined;
      // The handshake is logged once, when the first request over its connection ends: by then a TLS 1.3
      // server has had its chance to refuse the client certificate, so the record shows the final result.
      const evidence = (exchange: HttpExchange): { observed: EvidenceRef[]; handshake?: TlsHandshake } => {
        if (connection && !connection.ref) {
          connection.record.id = traffic.add(connection.record);
          connection.ref = { kind: 'traffic', id: connection.record.id };
        }
        exchange.id = traffic.add(exchange);
        return {
          observed: [{ kind: 'traffic', id: exchange.id }, ...(connection?.ref ? [connection.ref] : [])],
          ...(connection ? { handshake: connection.record } : {}),
        };
      };
      const sent = (response?: { status: number; headers: Record<string, string>; body?: Uint8Array; httpVersion?: string }, error?: string): HttpExchange => {
        const { httpVersion, ...rest } = response ?? { httpVersion: undefined };
        const exchange = recordExchange({ method: request.method, url: request.url, requestHeaders: headers, requestBody: request.body, at, ...(response ? { response: rest as { status: number; headers: Record<string, string>; body?: Uint8Array } } : {}) });
        if (httpVersion) exchange.httpVersion = httpVersion;
        if (error) exchange.error = error;
        return exchange;
      };

      return new Promise<HttpResponse>((resolve, reject) => {
        let done = false;
        const finish = (outcome: () => void) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          outcome();
        };
        const url = new URL(request.url);
        // Plain http only for the loopback control adapter; the management API is always https.
        const plain = url.protocol === 'http:';
        const req = (plain ? httpRequest : httpsRequest)({
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || (plain ? 80 : 443),
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers: { ...headers, ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
          agent: plain ? plainAgent : agentFor(request.identity),
        });
        const timer = setTimeout(() => {
          finish(() => {
            const exchange = sent(undefined, `no complete response within ${timeoutMs} ms`);
            if (connection && connection.record.result === 'error' && !connection.record.detail) {
              connection.record.result = 'timeout';
              connection.record.detail = `no TLS handshake within ${timeoutMs} ms`;
            }
            reject(new HttpTimeoutError(exchange, timeoutMs, evidence(exchange)));
          });
          req.destroy();
        }, timeoutMs);
        req.on('socket', (socket) => {
          connection = handshakes.get(socket);
        });
        req.on('error', (cause: NodeJS.ErrnoException & { [KIT_REFUSAL]?: true }) => {
          finish(() => {
            const code = cause.code;
            const refusedByKit = connection?.record.result === 'refused-by-kit' || cause[KIT_REFUSAL] === true;
            // A server that closes a fresh connection right after the handshake, before any response, refused it.
            if (connection && !connection.ref && connection.record.result === 'completed' && code === 'ECONNRESET') {
              connection.record.result = 'reset';
              connection.record.detail = 'the server closed the connection after the handshake, before any response';
            }
            const exchange = sent(undefined, `${code ?? 'no code'}: ${cause.message}`);
            const phase = refusedByKit ? 'kit-refused' : connectPhaseOf(code);
            reject(new HttpConnectionError(exchange, { phase, code, cause, ...evidence(exchange) }));
          });
        });
        req.on('response', (response: IncomingMessage) => {
          const responseHeaders = flattenHeaders(response.headers);
          const status = response.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
              finish(() => {
                const exchange = sent({ status, headers: responseHeaders, httpVersion: response.httpVersion });
                reject(new HttpBodyLimitError(exchange, { limitBytes: limit, status, ...evidence(exchange) }));
              });
              response.destroy();
              req.destroy();
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => {
            finish(() => {
              const body = Buffer.concat(chunks);
              const exchange = sent({ status, headers: responseHeaders, body, httpVersion: response.httpVersion });
              resolve({ status, headers: responseHeaders, body, exchange, ...evidence(exchange) });
            });
          });
          response.on('error', (cause: NodeJS.ErrnoException) => {
            finish(() => {
              const exchange = sent({ status, headers: responseHeaders, httpVersion: response.httpVersion }, `${cause.code ?? 'no code'}: ${cause.message}`);
              reject(new HttpConnectionError(exchange, { phase: 'tls', code: cause.code, cause, ...evidence(exchange) }));
            });
          });
        });
        req.end(request.body);
      });
    },
    async resetConnections() {
      const all = [...agents.values()];
      agents.clear();
      for (const agent of all) agent.destroy();
    },
    async close() {
      const all = [...agents.values()];
      agents.clear();
      for (const agent of all) agent.destroy();
      plainAgent.destroy();
    },
  };
}

/**
 * One keep-alive pool per identity. Every connection is a fresh, full handshake (no session cache), so
 * the server's certificate is checked on every connection; idle sockets are dropped after 2 s, since the
 * subject may be stopped right after the run.
 */
function createAgent(identity: TlsIdentity | undefined, onSocket: (socket: TLSSocket, record: TlsHandshake) => void, at: () => number): HttpsAgent {
  const tlsOptions: AgentOptions = {
    keepAlive: true,
    maxSockets: 4,
    timeout: 2000,
    maxCachedSessions: 0,
    ALPNProtocols: ['http/1.1'],
    ...(identity?.certPem ? { cert: identity.certPem } : {}),
    ...(identity?.keyPem ? { key: identity.keyPem } : {}),
    ...(identity?.caPem ? { ca: identity.caPem, rejectUnauthorized: true } : { rejectUnauthorized: false }),
    ...(identity?.minVersion ? { minVersion: identity.minVersion } : {}),
    ...(identity?.maxVersion ? { maxVersion: identity.maxVersion } : {}),
  };
  const agent = new HttpsAgent(tlsOptions);
  // Our own connector: one handshake record per connection, and the identity check closed over it.
  (agent as unknown as { createConnection: (options: ConnectionOptions) => TLSSocket }).createConnection = (connectOptions) => {
    const record: TlsHandshake = { kind: 'tls', role: 'client', host: connectOptions.host ?? '', port: Number(connectOptions.port ?? 443), at: at(), result: 'error' };
    const check = identity?.checkServerIdentity;
    const socket = tlsConnect({
      ...connectOptions,
      ...(identity?.caPem
        ? {
            checkServerIdentity: (host: string, certificate: PeerCertificate) => {
              const problem = (check ?? checkServerName)(host, certificate);
              if (!problem) return undefined;
              const peer = describePeer(certificate);
              if (peer) record.peer = peer;
              return Object.assign(problem, { [KIT_REFUSAL]: true as const });
            },
          }
        : {}),
    });
    onSocket(socket, record);
    return socket;
  };
  return agent;
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
