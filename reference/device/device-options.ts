import type { Edition } from '../../core/catalog/editions.js';
import type { SignatureAlgorithm } from '../../core/http-signatures/index.js';
import type { DeviceEvent } from './device-events.js';
import type { WorkloadRuntime } from './runtime/workload-runtime.js';
import type { DowntimeWindow, PollingPeriod } from './schedule/poll-schedule.js';

/** rc.3 trust material: mutual TLS with X.509-SVIDs (ID-007, ID-011, ID-012). */
export interface SvidTrust {
  kind: 'svid';
  /** PEM trust anchors of the trust domain, delivered out of band (ID-019). Exactly one of this and `trustDiscovery`. */
  bundlePem?: string;
  /** Fetch the anchors through the Trust Bundle API instead (TB-001..TB-010); `trust/` holds the client. */
  trustDiscovery?: {
    /** https URL of the discovery document, e.g. `https://localhost:8444/.well-known/margo`. */
    url: string;
    /** PEM anchors that authenticate the discovery and bundle server, with the RFC 6125 name check (ID-019). */
    caPem: string;
  };
  /** The device client's X.509-SVID: leaf first, then intermediates (ID-011). */
  certPem: string;
  keyPem: string;
  /** The files `certPem` and `keyPem` were read from: read again before each new connection, so a renewed SVID is used without a restart (ID-021). */
  svidFiles?: { certFile: string; keyFile: string };
  /** Overrides the trust domain derived from the client's own SVID (ID-007). */
  trustDomain?: string;
  /** Overrides the wfm-id derived from the client's own SVID (ID-007). */
  wfmId?: string;
}

/** preview-1 trust material: server TLS to a CA obtained out of band, RFC 9421 signatures (ONB-001, SIG-001..003). */
export interface SignatureTrust {
  kind: 'signature';
  /** The WFM root CA, PEM, obtained out of band (ONB-001, API-005). */
  wfmCaPem: string;
  /** The device's X.509 certificate, onboarded and used to sign. */
  certPem: string;
  keyPem: string;
  /** @default 'ecdsa-p256-sha256' */
  algorithm?: SignatureAlgorithm;
}

export interface DeviceCapabilities {
  /** The capabilities `properties` object; `id` is forced to the device id. */
  properties: Record<string, unknown>;
  labels?: Record<string, unknown>;
  /** rc.3: devices behind this one; a non-empty list makes it a see-thru gateway (DEV-010). */
  children?: ChildCapabilities[];
}

/** A device behind a see-thru gateway, as the gateway knows it. */
export interface ChildCapabilities {
  /** `id` is the child's own segment; the gateway reports it as `<deviceId>/<id>` (CAP-014). */
  properties: Record<string, unknown>;
  labels?: Record<string, unknown>;
  /** False: known but unreachable, so deployments directed at it fail with code 102 (DEV-013). @default true */
  reachable?: boolean;
}

export interface DeviceOptions {
  edition: Edition;
  /** Base URL of the WFM, e.g. `https://127.0.0.1:8443`. */
  wfmUrl: string;
  trust: SvidTrust | SignatureTrust;
  deviceId: string;
  /**
   * Where the capabilities come from. A function is called every cycle and a changed result is
   * reported again (CAP-002); `main.ts` passes one that re-reads the `--capabilities` file.
   * @default the reference device's default hosting capabilities for the edition
   */
  capabilities?: () => DeviceCapabilities | Promise<DeviceCapabilities>;
  /** Where last manifestVersion, ETag, clientId and installed deployments live (DS-027). */
  stateDir: string;
  /** @default 30000 */
  pollIntervalMs?: number;
  /** First delay of exponential backoff (ERR-007). @default min(pollIntervalMs, 1000) */
  backoffBaseMs?: number;
  /** Longest backoff delay. @default 600000 */
  backoffMaxMs?: number;
  /** Hours of the day in which polls happen (POLL-002). @default always */
  pollingPeriod?: PollingPeriod;
  /** Windows without any request, retry or error handling (POLL-003). @default none */
  downtime?: DowntimeWindow[];
  /** Per-request timeout. @default 10000 */
  requestTimeoutMs?: number;
  /** Largest response body read. @default 16 MiB */
  maxBodyBytes?: number;
  faults?: readonly string[];
  /**
   * `wasm` makes the reference a Wasm device of the draft class (profiles/device-wasm.md): without
   * `capabilities` it reports the custom runtime and deployment type and the Wasm labels. Wasm components
   * run in the Wasm runtime whenever the capabilities carry the labels, whatever this says.
   * @default 'simulated'
   */
  runtimeKind?: 'simulated' | 'wasm';
  /** @default Wasm components in the Wasm runtime, everything else in the simulated runtime */
  runtime?: WorkloadRuntime;
  /** Called for every event, after it was recorded. */
  onEvent?: (event: DeviceEvent) => void;
  /** @default Date.now */
  now?: () => number;
}
