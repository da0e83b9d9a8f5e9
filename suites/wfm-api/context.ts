import type { Edition, ManagementApi } from '../../core/catalog/editions.js';
import type { HttpClient, HttpResponse, TlsIdentity } from '../../core/http/index.js';
import type { RequestSigner, SignRequestOptions } from '../../core/http-signatures/index.js';
import type { ClientCertificateOptions, ClientSvidOptions, TestPki } from '../../core/identity/index.js';
import type { Check } from '../../core/runner/check.js';
import type { TimeScale } from '../../core/runner/time-scale.js';
import type { OciRegistry } from '../../instruments/oci-registry/index.js';
import type { ControlClient } from './control-client.js';

/** What every WFM check gets: the subject, the suite's HTTP client, the control adapter and identities. */
export interface WfmContext {
  edition: Edition;
  /** `https://host:port` of the management API. */
  url: string;
  http: HttpClient;
  control: ControlClient;
  pki: TestPki;
  /** A fresh device client of its own (each check uses its own, so checks stay independent). */
  newClient(name: string, options?: NewClientOptions): Promise<DeviceClient>;
  /** Restarts the subject with its state kept; absent when the harness did not launch it. */
  restart?: () => Promise<void>;
  /** Unique per run, so client and device names never collide in a long-running WFM. */
  runId: string;
  /** Requirements this run decides: checks skip the work for rows outside it (another edition, `--only`). */
  scope: ReadonlySet<string>;
  /**
   * The run's application registry (plain HTTP on 127.0.0.1), writing its access log to the run's traffic
   * log; checks push the packages the WFM is asked to pull. Absent when the harness started none.
   */
  registry?: OciRegistry;
  /** The run's deadline scale (the HTTP client's request timeout is already scaled by it). @default factor 1 */
  timeScale?: TimeScale;
}

export interface NewClientOptions {
  /** Put the client on the WFM's accepted-client policy. @default true */
  accept?: boolean;
  /** rc.3: defects of the client SVID. */
  svid?: ClientSvidOptions;
  /** preview-1: the client certificate and its key algorithm. */
  certificate?: ClientCertificateOptions;
  /** preview-1: onboard the client (needs `accept`). @default true */
  onboard?: boolean;
}

/** A path template of the edition, or a literal path. */
export type Endpoint = keyof ManagementApi['paths'];

/** How a preview-1 request is signed; rc.3 requests are never signed. */
export type Signing =
  | 'sign'
  | 'none'
  | {
      signer?: RequestSigner;
      options?: SignRequestOptions;
      /** Sign as if the body were this (a valid signature over a wrong Content-Digest). */
      signedBody?: Uint8Array;
      /** Changes the signed headers before sending (tampering, dropping fields). */
      alter?: (headers: Record<string, string>) => Record<string, string>;
    };

export interface ApiCall {
  method: string;
  endpoint?: Endpoint;
  /** Values for `{deviceId}`, `{deploymentId}`, `{digest}`; `{clientId}` comes from the client. */
  params?: Record<string, string>;
  /** A literal path (or a path from a manifest `url`) instead of `endpoint`. */
  path?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** @default 'sign' where the edition signs requests */
  signing?: Signing;
  /** Another TLS identity than the client's own (wrong-credential tests). */
  identity?: TlsIdentity;
}

export interface DeviceClient {
  name: string;
  /** What the control adapter calls this client: its SPIFFE ID (rc.3) or its clientId (preview-1). */
  ref: string;
  /** preview-1: the WFM-assigned clientId, once onboarded. */
  clientId?: string;
  /** rc.3: the SPIFFE ID of its SVID. */
  spiffeId?: string;
  certPem: string;
  identity: TlsIdentity;
  signer?: RequestSigner;
  /** Absolute URL of an endpoint for this client. */
  url(endpoint: Endpoint, params?: Record<string, string>): string;
  call(call: ApiCall): Promise<HttpResponse>;
}

/** A WFM check; `exclusive` ones (they restart the subject) run alone, after the others. */
export type WfmCheck = Check<WfmContext> & { exclusive?: boolean };
