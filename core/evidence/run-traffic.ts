import { AsyncLocalStorage } from 'node:async_hooks';
import type { HttpExchange, TlsHandshake, TrafficRecord } from '../results/model.js';

/**
 * The run-wide traffic log: every exchange the suite made or served and every TLS handshake, each with a
 * stable id that findings cite. Records are tagged with the check during which they were observed, so the
 * runner can tell a check that observed something from one that never exercised the product.
 */
export interface RunTraffic {
  /** Adds a record (tagged with the current check unless `check` is given) and returns its id. */
  add(entry: HttpExchange | TlsHandshake, check?: string): string;
  all(): TrafficRecord[];
  /** Records observed during `check`, including those of scopes it borrowed (a shared baseline session). */
  of(check: string): TrafficRecord[];
  /** Lets `check` cite what was observed under `scope` (e.g. the baseline session every device check reads). */
  borrow(check: string, scope: string): void;
}

const scope = new AsyncLocalStorage<string>();

/** Runs `body` with every record it causes tagged `check`. */
export function withObservationScope<T>(check: string, body: () => T): T {
  return scope.run(check, body);
}

/** The check (or scenario) the current code runs for, if any. */
export function currentObservationScope(): string | undefined {
  return scope.getStore();
}

export function createRunTraffic(): RunTraffic {
  const records: TrafficRecord[] = [];
  const borrowed = new Map<string, Set<string>>();
  return {
    add(entry, check = currentObservationScope()) {
      const id = `t-${String(records.length + 1).padStart(6, '0')}`;
      records.push({ ...entry, id, ...(check ? { check } : {}) } as TrafficRecord);
      return id;
    },
    all: () => records,
    of(check) {
      const scopes = new Set([check, ...(borrowed.get(check) ?? [])]);
      return records.filter((record) => record.check !== undefined && scopes.has(record.check));
    },
    borrow(check, from) {
      if (check === from) return;
      let set = borrowed.get(check);
      if (!set) borrowed.set(check, (set = new Set()));
      set.add(from);
    },
  };
}
