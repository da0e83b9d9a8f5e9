import { contentDigest, keyIdOf, signRequest, type RequestSigner } from '../../../core/http-signatures/index.js';
import type { DeviceFaultSet } from '../faults.js';
import type { SignatureTrust } from '../device-options.js';
import type { FailedAnswer } from './retry-policy.js';
import { boundedRequest, type BoundedAnswer } from './bounded-request.js';
import type { WfmConnections } from './wfm-agent.js';

export interface WfmRequest {
  method: string;
  /** Path (with query) on the WFM origin, or an absolute URL on it. */
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
}

export type WfmResponse = BoundedAnswer;

/** The WFM answered with a status the caller did not expect. */
export class WfmStatusError extends Error {
  override name = 'WfmStatusError';
  constructor(
    readonly request: { method: string; path: string },
    readonly answer: FailedAnswer & { status: number },
  ) {
    super(`${request.method} ${request.path} answered ${answer.status}`);
  }
}

export interface WfmClient {
  readonly origin: string;
  send(request: WfmRequest): Promise<WfmResponse>;
  /** Throws WfmStatusError unless the answer has one of `expected`. */
  expect(request: WfmRequest, expected: readonly number[]): Promise<WfmResponse>;
  close(): Promise<void>;
}

export interface WfmClientOptions {
  wfmUrl: string;
  connections: WfmConnections;
  /** preview-1: every request is RFC 9421 signed with the device certificate's key. */
  signing?: SignatureTrust;
  faults: DeviceFaultSet;
  timeoutMs: number;
  maxBodyBytes: number;
}

export function createWfmClient(options: WfmClientOptions): WfmClient {
  const origin = new URL(options.wfmUrl).origin;
  const signer = options.signing ? signerOf(options.signing) : undefined;

  const send = async (request: WfmRequest): Promise<WfmResponse> => {
    const url = new URL(request.path, origin);
    // Content from the manifest is only fetched from the WFM itself: the client's credentials go nowhere else.
    if (url.origin !== origin) throw new Error(`refusing ${url.href}: not on the WFM origin ${origin}`);
    const body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json));
    let headers: Record<string, string> = { ...request.headers, ...(body ? { 'content-type': 'application/json' } : {}) };
    if (signer) headers = { ...headers, ...(await signatureFields({ method: request.method, url: url.href, headers, body }, signer, options.faults)) };
    return boundedRequest(options.connections.pool(), { url, method: request.method, headers, ...(body ? { body } : {}), timeoutMs: options.timeoutMs, maxBodyBytes: options.maxBodyBytes });
  };

  return {
    origin,
    send,
    async expect(request, expected) {
      const response = await send(request);
      if (expected.includes(response.status)) return response;
      throw new WfmStatusError({ method: request.method, path: request.path }, { status: response.status, headers: response.headers, problem: problemOf(response) });
    },
    close: () => options.connections.close(),
  };
}

function signerOf(trust: SignatureTrust): RequestSigner {
  return { privateKeyPem: trust.keyPem, keyId: keyIdOf(trust.certPem), algorithm: trust.algorithm ?? 'ecdsa-p256-sha256' };
}

/**
 * SIG-001..SIG-003: Content-Digest over the exact body bytes, a signature labelled sig1 covering
 * @method, @target-uri and content-digest (lower case, ambiguity 6), `created` and `keyid`. GETs carry no
 * body and so no Content-Digest (ambiguity 4).
 */
async function signatureFields(
  request: { method: string; url: string; headers: Record<string, string>; body: Buffer | undefined },
  signer: RequestSigner,
  faults: DeviceFaultSet,
): Promise<Record<string, string>> {
  const digested = request.body !== undefined && request.body.length > 0 && !faults.has('omits-content-digest');
  const digestInput = faults.has('digest-over-base64-body') ? Buffer.from(request.body?.toString('base64') ?? '') : request.body;
  const headers = digested && digestInput ? { ...request.headers, 'content-digest': contentDigest(digestInput) } : request.headers;
  const targetUri = faults.has('signs-without-target-uri') ? [] : ['@target-uri'];
  const components = ['@method', ...targetUri, ...(digested ? ['content-digest'] : [])];
  // The digest is computed above, so signRequest gets no body and signs the header as given.
  const fields = await signRequest({ method: request.method, url: request.url, headers }, signer, { components });
  return { ...(digested ? { 'content-digest': headers['content-digest'] ?? '' } : {}), ...fields };
}

/** The problem+json members that steer retries (rc.3); undefined for other bodies. */
export function problemOf(response: WfmResponse): FailedAnswer['problem'] {
  if (!(response.headers['content-type'] ?? '').toLowerCase().startsWith('application/problem+json')) return undefined;
  try {
    const value = JSON.parse(response.body.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
