import type { Edition } from '../../../core/catalog/editions.js';
import type { EventLog } from '../device-events.js';
import type { DeviceFaultSet } from '../faults.js';
import type { DeploymentRecord } from '../state/device-state.js';
import { fillPath } from '../transport/fill-path.js';
import type { RequestGate } from '../transport/request-gate.js';
import { WfmStatusError, type WfmClient } from '../transport/wfm-client.js';
import { overallState } from './overall-state.js';
import { statusBody } from './status-body.js';

export interface StatusReporter {
  /** Queues a report of the deployment as it stands now (DS-029, ST-001) and starts sending. */
  report(record: DeploymentRecord): void;
  /** Sends queued reports in order while the gate is open and no downtime is on; resolves when done or blocked. */
  flush(): Promise<void>;
  readonly pending: number;
}

export interface StatusReporterOptions {
  edition: Edition;
  client: WfmClient;
  gate: RequestGate;
  faults: DeviceFaultSet;
  log: EventLog;
  clientId(): string | undefined;
  /** POLL-003: true while requests are not allowed. */
  quiet(now: number): boolean;
  /** True until capabilities went out in this run: they are the first call (CAP-001). */
  held(): boolean;
  now(): number;
}

// Transitional states a final-state-only client leaves out.
const TRANSITIONAL = new Set(['pending', 'installing', 'removing']);

/**
 * Reports are snapshots queued in order and sent one at a time, so a 503 or a downtime window delays
 * them without losing or reordering any. A report the WFM refuses for good (4xx other than 429; a 404
 * for a deployment it no longer assigns, ambiguity 17) is dropped after logging.
 */
export function createStatusReporter(options: StatusReporterOptions): StatusReporter {
  const queue: { deploymentId: string; state: string; body: Record<string, unknown> }[] = [];
  let running: Promise<void> | undefined;

  const sendAll = async () => {
    for (;;) {
      const next = queue[0];
      const now = options.now();
      if (!next || options.held() || options.quiet(now) || !options.gate.isOpen(now)) return;
      const path = fillPath(options.edition.api.paths.status, { clientId: options.clientId(), deploymentId: next.deploymentId });
      try {
        const response = await options.client.expect({ method: 'POST', path, json: next.body }, [200, 201, 204]);
        options.gate.succeeded();
        options.log.emit({ event: 'status-sent', deploymentId: next.deploymentId, state: next.state, status: response.status });
        queue.shift();
      } catch (error) {
        options.gate.failed(error, { now: options.now(), quiet: options.quiet(options.now()) });
        const retryable = !(error instanceof WfmStatusError) || [429, 500, 502, 503, 504].includes(error.answer.status);
        if (retryable) return;
        queue.shift();
      }
    }
  };

  const canSend = () => queue.length > 0 && !options.held() && !options.quiet(options.now()) && options.gate.isOpen(options.now());
  const flush = (): Promise<void> => {
    running ??= sendAll().finally(() => {
      running = undefined;
      // A report queued while the last send was finishing goes out now, not a cycle later.
      if (canSend()) void flush();
    });
    return running;
  };

  return {
    report(record) {
      const state = overallState(record.components, options.faults);
      if (options.faults.has('reports-final-state-only') && TRANSITIONAL.has(state)) return;
      queue.push({ deploymentId: record.deploymentId, state, body: statusBody(options.edition, record, options.faults) });
      void flush();
    },
    flush,
    get pending() {
      return queue.length;
    },
  };
}
