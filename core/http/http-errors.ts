import type { EvidenceRef, HttpExchange, TlsHandshake } from '../results/model.js';

/** What the client observed before it failed: traffic-log references and the connection's handshake. */
export interface Observed {
  observed?: EvidenceRef[];
  handshake?: TlsHandshake;
}

/**
 * Transport outcomes a check turns into findings. None of them is a product failure by itself: a
 * timeout or an oversize body is `error`; a refused TLS handshake is what some negative checks expect.
 */
export class HttpClientError extends Error {
  /** The request as it was sent (no response). */
  readonly exchange: HttpExchange;
  /** Traffic-log references: the exchange, then its connection's handshake. */
  readonly observed: EvidenceRef[];
  /** The TLS handshake of the connection, as observed (absent when no connection was made). */
  readonly handshake: TlsHandshake | undefined;
  constructor(message: string, exchange: HttpExchange, options?: { cause?: unknown } & Observed) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.exchange = exchange;
    this.observed = options?.observed ?? [];
    this.handshake = options?.handshake;
  }
}

/** No complete response within the per-request timeout. */
export class HttpTimeoutError extends HttpClientError {
  readonly timeoutMs: number;
  constructor(exchange: HttpExchange, timeoutMs: number, options?: { cause?: unknown } & Observed) {
    super(`${exchange.request.method} ${exchange.request.url} got no complete response within ${timeoutMs} ms`, exchange, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The response body grew past the client's limit; reading stopped there. */
export class HttpBodyLimitError extends HttpClientError {
  readonly limitBytes: number;
  readonly status: number;
  constructor(exchange: HttpExchange, options: { limitBytes: number; status: number } & Observed) {
    super(`${exchange.request.method} ${exchange.request.url} answered ${options.status} with a body over ${options.limitBytes} bytes`, exchange, options);
    this.limitBytes = options.limitBytes;
    this.status = options.status;
  }
}

/**
 * The connection failed. `connect`: nothing answered (refused, unreachable): the subject is down.
 * `tls`: the peer broke off the TLS handshake or closed the connection before an HTTP response, which is
 * how a server refuses a client certificate or a protocol version. `kit-refused`: the kit itself refused
 * the server's certificate (chain or identity); `handshake` holds what the server presented.
 */
export class HttpConnectionError extends HttpClientError {
  readonly phase: 'connect' | 'tls' | 'kit-refused';
  readonly code: string | undefined;
  constructor(exchange: HttpExchange, options: { phase: 'connect' | 'tls' | 'kit-refused'; code: string | undefined; cause: unknown } & Observed) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${exchange.request.method} ${exchange.request.url} failed before a response (${options.code ?? 'no code'}): ${reason}`, exchange, options);
    this.phase = options.phase;
    this.code = options.code;
  }
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether a connection error means nobody answered, as opposed to a peer that refused us. */
export function connectPhaseOf(code: string | undefined): 'connect' | 'tls' {
  return code !== undefined && CONNECT_CODES.has(code) ? 'connect' : 'tls';
}

/** True when the peer refused the connection at the TLS layer (handshake alert, reset before a response). */
export function isTlsRefusal(error: unknown): error is HttpConnectionError {
  return error instanceof HttpConnectionError && error.phase === 'tls';
}

/** True when the kit refused the server's certificate: never evidence that the server did anything right. */
export function isKitRefusal(error: unknown): error is HttpConnectionError {
  return error instanceof HttpConnectionError && error.phase === 'kit-refused';
}
