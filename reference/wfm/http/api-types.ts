import type { IncomingMessage } from 'node:http';
import type { Edition } from '../../../core/catalog/editions.js';
import type { DesiredStates } from '../desired/desired-states.js';
import type { DeploymentShape } from '../desired/render-deployment.js';
import type { FaultSet } from '../faults.js';
import type { WfmState } from '../state/wfm-state.js';
import type { ApiError } from './problem.js';

/** A successful answer; bodies are exact bytes. */
export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface ApiRequest {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  body: Buffer;
  /** Authenticated client reference (SPIFFE ID in rc.3, clientId in preview-1); empty on public routes. */
  caller: string;
}

export interface WfmSettings {
  trustDomain: string;
  wfmId: string;
  caPem: string;
  replayWindowSeconds: number;
  now: () => number;
  /**
   * Serve preview-1 requests whose RFC 9421 signature is missing or does not verify, instead of 400/401:
   * for a test WFM that judges signatures itself and keeps talking to the client. The reference never sets it.
   */
  acceptUnverifiedSignatures?: boolean;
  /** ApplicationDeployment shape (DS-035): `openapi-1.0.0` writes preview-1 as the 1.0.0 OpenAPI defines it. @default 'edition' */
  deploymentShape?: DeploymentShape;
}

export interface ApiContext {
  edition: Edition;
  state: WfmState;
  desired: DesiredStates;
  faults: FaultSet;
  settings: WfmSettings;
  /** The `https://host:port` origin of the API, once listening. */
  origin(): string;
}

export interface ApiRoute {
  /** Stable name, used in logs and fault switches. */
  name: string;
  method: string;
  /** Path template from the edition table. */
  path: string;
  /** `client`: authenticated per the edition (mTLS or signatures). `public`: no client authentication. */
  auth: 'client' | 'public';
  handle(request: ApiRequest, context: ApiContext): Promise<ApiResponse | ApiError>;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(value)) };
}
