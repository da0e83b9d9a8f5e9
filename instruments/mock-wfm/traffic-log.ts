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
  add(exchange: Omit<RecordedExchange, 'seq'>): RecordedExchange;
  addConnection(connection: TlsConnection): void;
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
