import type { Edition } from '../../core/catalog/editions.js';
import type { DeviceFacts } from './device-facts.js';
import type { EventLog } from './device-events.js';
import type { DeviceCapabilities } from './device-options.js';
import type { DeviceFaultSet } from './faults.js';
import type { WorkloadRuntime } from './runtime/workload-runtime.js';
import type { DeviceStore } from './state/device-store.js';
import type { StatusReporter } from './status/status-reporter.js';
import type { RequestGate } from './transport/request-gate.js';
import type { WfmClient } from './transport/wfm-client.js';

/** What the parts of the running device share. Built once by `startDevice`. */
export interface DeviceContext {
  edition: Edition;
  facts: DeviceFacts;
  deviceId: string;
  faults: DeviceFaultSet;
  log: EventLog;
  store: DeviceStore;
  runtime: WorkloadRuntime;
  client: WfmClient;
  gate: RequestGate;
  status: StatusReporter;
  /** The capabilities last read from the source (what the device believes about itself). */
  capabilities(): DeviceCapabilities;
  pollIntervalMs: number;
  maxBodyBytes: number;
  /** POLL-003: no requests now (downtime window). */
  quiet(now: number): boolean;
  now(): number;
  /** Aborted when the device stops. */
  signal: AbortSignal;
}
