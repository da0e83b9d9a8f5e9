import type { HttpExchange } from '../../core/results/model.js';

/** A request problem the mock WFM found, with the catalog row it breaks. */
export interface RequestProblem {
  requirement: string;
  message: string;
}

/** What the mock sees of one request the device made. */
export interface DeviceRequest {
  /** Engine route name (`capabilities`, `deployments`, `deployment`, `bundle`, `status`, `onboarding`, ...); undefined for unknown paths. */
  route: string | undefined;
  method: string;
  /** Path with query, as sent. */
  path: string;
  httpVersion: string;
  /** TLS version of the connection, e.g. `TLSv1.3`. */
  tlsProtocol: string | undefined;
  /**
   * rc.3: the client certificate (leaf) the device presented on the request's connection: its SHA-256
   * fingerprint and the id of that TLS handshake in the run-wide traffic log (ID-021). Absent without one.
   */
  clientLeaf?: { fingerprint256: string; handshake?: string };
  /** Lower-case request header names. */
  headers: Record<string, string>;
  body: Buffer;
  /** The parsed JSON body, when it was JSON. */
  json?: unknown;
}

/** One request the device made and what the mock answered, as the checks read it. */
export interface RecordedExchange extends DeviceRequest {
  /** Order of arrival, from 0. */
  seq: number;
  /** Milliseconds since the mock started, when the request arrived. */
  at: number;
  /** Undefined when the mock stayed silent. */
  response?: { status: number; headers: Record<string, string>; body: Buffer };
  /** Who answered: the reference engine, a scenario hook, or nobody (silence). */
  answeredBy: 'engine' | 'scenario' | 'silent';
  problems: RequestProblem[];
  /** Set when the harness itself failed to judge the request (its rows are then undecided, not passed). */
  validationError?: string;
  /** Redacted, truncated evidence for reports. */
  evidence: HttpExchange;
}

export interface TlsConnection {
  at: number;
  /** Name of the server identity presented on it (`valid` unless a scenario swapped it). */
  identity: string;
  /** Which server the device connected to: the mock WFM (absent) or its trust bundle server. */
  server?: 'trust-bundle';
}

/**
 * One TCP connection the device opened to the mock WFM, from accept to close: what a scenario that swaps
 * the WFM's identity judges acceptance on. A request on it means the device accepted the identity; a close
 * by the device with no request means it refused it (whatever its TLS stack: an alert, a reset, or a
 * completed handshake dropped after its own certificate check).
 */
export interface WfmSocket {
  /** Milliseconds since the mock started, when it was accepted. */
  at: number;
  /** The server identity presented on it, fixed when it was accepted. */
  identity: string;
  /** Requests the device sent on it, counted as they arrive. */
  requests: number;
  /** `seq` of each of those requests once recorded (after its answer). */
  exchanges: number[];
  /** When it closed; undefined while open. */
  closedAt?: number;
  /** The mock closed it (identity swap, a silent answer, shutdown): its end says nothing of the device. */
  closedByMock: boolean;
  /** The TLS handshake completed (the device may still have dropped the connection after its own checks). */
  secured?: boolean;
  /** Id in the run-wide traffic log of the TLS record of a connection the device closed without a request. */
  record?: string;
}

export interface WaitOptions {
  /** @default 10000 */
  timeoutMs?: number;
  /** Only exchanges with `seq >= since`. @default 0 */
  since?: number;
  /** Said in the timeout error: what was awaited. */
  what?: string;
}

/** Everything the device did against the mock, in arrival order, with waits on future exchanges. */
export interface TrafficLog {
  readonly exchanges: readonly RecordedExchange[];
  readonly connections: readonly TlsConnection[];
  /** TCP connections to the mock WFM (not its trust bundle server), in accept order. */
  readonly sockets: readonly WfmSocket[];
  add(exchange: Omit<RecordedExchange, 'seq'>): RecordedExchange;
  addConnection(connection: TlsConnection): void;
  /** Records a new TCP connection; the mock updates it in place and calls `socketChanged`. */
  addSocket(socket: WfmSocket): WfmSocket;
  /** Re-evaluates the waits after a socket record changed (a request, a close). */
  socketChanged(): void;
  /** Resolves with the first exchange at `since` or later matching `predicate`; rejects after the timeout. */
  waitFor(predicate: (exchange: RecordedExchange) => boolean, options?: WaitOptions): Promise<RecordedExchange>;
  /** Resolves once `predicate` holds for the log (re-evaluated on every exchange and connection). */
  waitUntil(predicate: () => boolean, options?: Omit<WaitOptions, 'since'>): Promise<void>;
  /** The next sequence number: pass it as `since` to wait for exchanges still to come. */
  mark(): number;
}

const DEFAULT_WAIT_MS = 10_000;

/** `sink` adds each exchange to the run-wide traffic log and returns its id, which the exchange's evidence then carries. */
export function createTrafficLog(sink?: (evidence: HttpExchange) => string): TrafficLog {
  const exchanges: RecordedExchange[] = [];
  const connections: TlsConnection[] = [];
  const sockets: WfmSocket[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const waitUntil = (predicate: () => boolean, options: Omit<WaitOptions, 'since'> = {}): Promise<void> => {
    if (predicate()) return Promise.resolve();
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new WaitTimeoutError(`${options.what ?? 'a matching exchange'} did not happen within ${timeoutMs} ms`));
      }, timeoutMs);
      listeners.add(listener);
    });
  };

  return {
    exchanges,
    connections,
    sockets,
    add(exchange) {
      const recorded = { ...exchange, seq: exchanges.length };
      if (sink) recorded.evidence = { ...recorded.evidence, id: sink(recorded.evidence) };
      exchanges.push(recorded);
      notify();
      return recorded;
    },
    addConnection(connection) {
      connections.push(connection);
      notify();
    },
    addSocket(socket) {
      sockets.push(socket);
      notify();
      return socket;
    },
    socketChanged: notify,
    async waitFor(predicate, options = {}) {
      const since = options.since ?? 0;
      const find = () => exchanges.slice(since).find(predicate);
      await waitUntil(() => find() !== undefined, options);
      return find() as RecordedExchange;
    },
    waitUntil,
    mark: () => exchanges.length,
  };
}

/** The device did not do what a scenario waited for in time; checks turn this into a finding. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}
