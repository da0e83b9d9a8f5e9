import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Edition } from '../../core/catalog/editions.js';
import { MANIFEST_MEDIA_TYPE } from '../../reference/wfm/desired/build-desired-state.js';
import { canonicalJson } from '../../reference/wfm/desired/canonical-json.js';
import { sha256Digest } from '../../reference/wfm/desired/digest.js';
import type { ApiResponse } from '../../reference/wfm/http/api-types.js';
import { ifNoneMatchMatches } from '../../reference/wfm/http/conditional.js';

/** A request as the scenario hooks see it. */
export interface HookRequest {
  route: string | undefined;
  method: string;
  /** Path with query. */
  path: string;
}

/** An answer a scenario gives instead of the engine. */
export interface ScenarioAnswer {
  status: number;
  /** Sent as Retry-After and, in problem bodies, retryAfterSeconds (ERR-006). */
  retryAfterSeconds?: number;
  /** Problem `type` URI (rc.3 problem+json); `about:blank` when absent. */
  problemType?: string;
}

export type StateManifestJson = Record<string, unknown> & { manifestVersion: number; deployments: Record<string, unknown>[]; bundle: Record<string, unknown> | null };

/**
 * What a scenario changes about the mock WFM. Every hook is optional; with none set the reference engine
 * answers everything. Hooks are plain functions, so a scenario composes them (once, for one route, ...).
 */
export interface ScenarioHooks {
  /** Answer instead of the engine: a status, or `silent` (drop the connection without an answer). */
  answer?: (request: HookRequest) => ScenarioAnswer | 'silent' | undefined;
  /** Rewrite the state manifest the engine built: rollback, foreign digests, wrong sizeBytes, extensions. */
  manifest?: (manifest: StateManifestJson) => StateManifestJson;
  /** Rewrite the bytes of a content-addressed document (YAML or bundle) before it is sent. */
  content?: (bytes: Buffer, request: HookRequest) => Buffer;
  /** Close each connection once its request is answered, so every request comes with a TLS handshake of its own (ID-021). */
  closeAfterAnswer?: boolean;
}

/** A scenario's own answer: rc.3 problem+json with the retry members, preview-1 `{error}` (ERR-006). */
export function scenarioResponse(answer: ScenarioAnswer, edition: Edition): ApiResponse {
  const retryable = answer.status === 429 || answer.status >= 500;
  const body =
    edition.api.errorMediaType === 'application/problem+json'
      ? {
          type: answer.problemType ?? 'about:blank',
          title: `HTTP ${answer.status}`,
          status: answer.status,
          detail: 'Answered by the device suite scenario.',
          retryable,
          backoffStrategy: retryable ? 'exponential' : 'none',
          ...(answer.retryAfterSeconds !== undefined ? { retryAfterSeconds: answer.retryAfterSeconds } : {}),
        }
      : { error: `HTTP ${answer.status} answered by the device suite scenario.` };
  return {
    status: answer.status,
    headers: { 'content-type': edition.api.errorMediaType, ...(answer.retryAfterSeconds !== undefined ? { 'retry-after': String(answer.retryAfterSeconds) } : {}) },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/**
 * Serves a rewritten manifest as the engine serves its own (DS-005, DS-007): canonical JSON, a strong
 * ETag over the exact bytes, 304 when If-None-Match matches the rewritten bytes.
 */
export function rewrittenManifest(engineAnswer: ApiResponse, req: IncomingMessage, rewrite: NonNullable<ScenarioHooks['manifest']>): ApiResponse {
  if (engineAnswer.status !== 200 || !engineAnswer.body) return engineAnswer;
  const manifest = rewrite(JSON.parse(engineAnswer.body.toString('utf8')) as StateManifestJson);
  const body = Buffer.from(canonicalJson(manifest));
  const etag = `"${sha256Digest(body)}"`;
  const headers = { ...engineAnswer.headers, etag };
  if (ifNoneMatchMatches(req, etag)) return { status: 304, headers };
  return { status: 200, headers: { ...headers, 'content-type': MANIFEST_MEDIA_TYPE }, body };
}

/** Applies a content rewrite to the decoded bytes; the answer goes out without content coding. */
export function rewrittenContent(engineAnswer: ApiResponse, request: HookRequest, rewrite: NonNullable<ScenarioHooks['content']>): ApiResponse {
  if (engineAnswer.status !== 200 || !engineAnswer.body) return engineAnswer;
  const { 'content-encoding': encoding, ...headers } = engineAnswer.headers ?? {};
  const decoded = encoding === 'gzip' ? gunzipSync(engineAnswer.body) : engineAnswer.body;
  return { status: 200, headers, body: rewrite(decoded, request) };
}
