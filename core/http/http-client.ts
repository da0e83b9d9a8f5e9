import type { PeerCertificate, SecureVersion } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import type { HttpExchange } from '../results/model.js';
import { HttpBodyLimitError, HttpConnectionError, HttpTimeoutError, connectPhaseOf } from './http-errors.js';
import { recordExchange } from './record-exchange.js';

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
   * Checks the verified server certificate's identity; return an Error to refuse it. SPIFFE SVIDs carry a
   * URI SAN and no DNS name, so the default accepts any certificate that chains to `caPem`.
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
}

export interface HttpClientOptions {
  /** `performance.now()` at the run start; exchanges are stamped relative to it. @default creation time */
  startedAt?: number;
  /** Per request, headers and body together. @default 5000 */
  timeoutMs?: number;
  /** Larger response bodies end the request with HttpBodyLimitError. @default 4 MiB */
  maxBodyBytes?: number;
  now?: () => number;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Drops every pooled connection (after the subject restarted); later requests connect afresh. */
  resetConnections(): Promise<void>;
  /** Closes every connection pool. */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The suite's HTTP/1.1 client on undici: per-identity TLS, per-request timeouts, bounded bodies, recorded exchanges. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const now = options.now ?? (() => performance.now());
  const startedAt = options.startedAt ?? now();
  const agents = new Map<TlsIdentity | undefined, Agent>();
  const agentFor = (identity: TlsIdentity | undefined): Agent => {
    let agent = agents.get(identity);
    if (!agent) {
      agent = createAgent(identity);
      agents.set(identity, agent);
    }
    return agent;
  };

  return {
    async request(request) {
      const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const limit = request.maxBodyBytes ?? options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const headers = lowerCase(request.headers ?? {});
      const at = Math.round(now() - startedAt);
      const sent = (response?: { status: number; headers: Record<string, string>; body?: Uint8Array }) =>
        recordExchange({ method: request.method, url: request.url, requestHeaders: headers, requestBody: request.body, at, ...(response ? { response } : {}) });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await agentFor(request.identity).request({
          origin: new URL(request.url).origin,
          path: pathOf(request.url),
          method: request.method as Dispatcher.HttpMethod,
          headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          signal: controller.signal,
        });
        const responseHeaders = flattenHeaders(response.headers);
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          size += (chunk as Buffer).length;
          if (size > limit) {
            response.body.destroy();
            throw new HttpBodyLimitError(sent({ status: response.statusCode, headers: responseHeaders }), { limitBytes: limit, status: response.statusCode });
          }
          chunks.push(chunk as Buffer);
        }
        const body = Buffer.concat(chunks);
        return { status: response.statusCode, headers: responseHeaders, body, exchange: sent({ status: response.statusCode, headers: responseHeaders, body }) };
      } catch (cause) {
        if (cause instanceof HttpBodyLimitError) throw cause;
        if (controller.signal.aborted) throw new HttpTimeoutError(sent(), timeoutMs, { cause });
        const code = (cause as { code?: string }).code;
        throw new HttpConnectionError(sent(), { phase: connectPhaseOf(code), code, cause });
      } finally {
        clearTimeout(timer);
      }
    },
    async resetConnections() {
      const all = [...agents.values()];
      agents.clear();
      await Promise.all(all.map((agent) => agent.destroy().catch(() => undefined)));
    },
    async close() {
      const all = [...agents.values()];
      agents.clear();
      await Promise.all(all.map((agent) => agent.close().catch(() => agent.destroy())));
    },
  };
}

function createAgent(identity: TlsIdentity | undefined): Agent {
  return new Agent({
    allowH2: false,
    connections: 4,
    // Idle sockets must not outlive a check by much; the subject may be stopped right after the run.
    keepAliveTimeout: 2000,
    connect: {
      ALPNProtocols: ['http/1.1'],
      ...(identity?.certPem ? { cert: identity.certPem } : {}),
      ...(identity?.keyPem ? { key: identity.keyPem } : {}),
      ...(identity?.caPem ? { ca: identity.caPem, rejectUnauthorized: true } : { rejectUnauthorized: false }),
      ...(identity?.minVersion ? { minVersion: identity.minVersion } : {}),
      ...(identity?.maxVersion ? { maxVersion: identity.maxVersion } : {}),
      checkServerIdentity: identity?.checkServerIdentity ?? (() => undefined),
    },
  });
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
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
