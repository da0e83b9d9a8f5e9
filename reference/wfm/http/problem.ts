import { MARGO_PROBLEM_TYPE_BASE } from '../../../core/catalog/editions.js';
import type { ServerResponse } from 'node:http';

/** Margo-registered problem types (PT-RC3) with their status and title. */
export const MARGO_PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'Invalid request' },
  'not-authorized': { status: 403, title: 'Not authorized' },
  'gateway-not-found': { status: 404, title: 'Gateway not found' },
  'device-not-found': { status: 404, title: 'Device not found' },
  'invalid-bundle': { status: 404, title: 'Bundle not found' },
  'deployment-not-found': { status: 404, title: 'Deployment not found' },
  'server-cannot-generate-response': { status: 406, title: 'Not acceptable' },
  'semantic-error': { status: 422, title: 'Semantic error' },
} as const;

export type MargoProblemName = keyof typeof MARGO_PROBLEM_TYPES;

const MARGO_PROBLEM_NAMESPACE = MARGO_PROBLEM_TYPE_BASE;

/** An error the API answers with: a Margo problem type, or a bare status for `about:blank` (ERR-004). */
export interface ApiError {
  /** A registered name, or a bare status and title (`about:blank`); `type` there only where a fault misuses a Margo type. */
  problem: MargoProblemName | { status: number; title: string; type?: MargoProblemName };
  detail: string;
  /** Field-level errors; sent on 422 (ERR-008). */
  errors?: { field: string; message: string }[];
  /** Seconds for Retry-After; required on 429 and 503 (ERR-006). */
  retryAfterSeconds?: number;
  /** Extra response headers, e.g. Allow on 405. */
  headers?: Record<string, string>;
}

export function apiError(problem: ApiError['problem'], detail: string, extra: Omit<ApiError, 'problem' | 'detail'> = {}): ApiError {
  return { problem, detail, ...extra };
}

export function statusOf(error: ApiError): number {
  return typeof error.problem === 'string' ? MARGO_PROBLEM_TYPES[error.problem].status : error.problem.status;
}

/** Retry table of SEC-RC3 (ERR-006): 429/503/500 are retryable with exponential backoff, the rest are not. */
function retryFields(status: number): { retryable: boolean; backoffStrategy: 'none' | 'exponential' } {
  return status === 429 || status === 503 || status === 500
    ? { retryable: true, backoffStrategy: 'exponential' }
    : { retryable: false, backoffStrategy: 'none' };
}

export interface ErrorWriterOptions {
  mediaType: 'application/problem+json' | 'application/json';
  /** Fault switch: leave `type` out of problem details (problem-without-type). */
  omitType: boolean;
  /** Fault switch: no Retry-After header (missing-retry-after). */
  omitRetryAfter: boolean;
}

/** An error as it goes on the wire: status, headers and body bytes. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Renders an error as RFC 9457 problem+json (rc.3) or as the preview-1 `{error}` JSON, per the edition table. */
export function renderApiError(error: ApiError, options: ErrorWriterOptions): RenderedError {
  const status = statusOf(error);
  const headers: Record<string, string> = { ...error.headers, 'content-type': options.mediaType };
  if (error.retryAfterSeconds !== undefined && !options.omitRetryAfter) headers['retry-after'] = String(error.retryAfterSeconds);
  let body: unknown;
  if (options.mediaType === 'application/json') {
    body = { error: error.detail };
  } else {
    const named = typeof error.problem === 'string' ? MARGO_PROBLEM_TYPES[error.problem] : error.problem;
    const registered = typeof error.problem === 'string' ? error.problem : error.problem.type;
    const type = registered !== undefined ? `${MARGO_PROBLEM_NAMESPACE}${registered}` : 'about:blank';
    body = {
      ...(options.omitType ? {} : { type }),
      title: named.title,
      status,
      detail: error.detail,
      ...retryFields(status),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  const bytes = Buffer.from(JSON.stringify(body));
  headers['content-length'] = String(bytes.length);
  return { status, headers, body: bytes };
}

/** Writes an error rendered by `renderApiError`. */
export function writeApiError(res: ServerResponse, error: ApiError, options: ErrorWriterOptions): void {
  const rendered = renderApiError(error, options);
  res.writeHead(rendered.status, rendered.headers).end(rendered.body);
}
