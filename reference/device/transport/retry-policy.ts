/** What the device does after a failed request. */
export interface RetryDecision {
  retry: boolean;
  /** Earliest time of the next request to the WFM, relative to now. */
  delayMs: number;
  reason: string;
}

export interface FailedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** Parsed problem+json body (rc.3), if any. */
  problem?: { retryable?: unknown; backoffStrategy?: unknown; retryAfterSeconds?: unknown };
}

export interface RetryPolicyOptions {
  baseMs: number;
  maxMs: number;
  /** Consecutive failures so far, this one included (>= 1). */
  attempt: number;
  now: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * ERR-007: honour Retry-After (seconds or HTTP date) and never come back earlier; follow `retryable` and
 * `backoffStrategy` of a problem body (rc.3); without them, 429/503/500 and lost connections back off
 * exponentially, other statuses are not retried. ERR-003: decisions read the problem's members and the
 * status, never the `type` URI's target.
 */
export function retryDecision(answer: FailedAnswer, options: RetryPolicyOptions): RetryDecision {
  const retryAfterMs = retryAfterOf(answer, options.now);
  const problem = answer.problem ?? {};
  const retryable = typeof problem.retryable === 'boolean' ? problem.retryable : answer.status === undefined || RETRYABLE.has(answer.status);
  const label = answer.status === undefined ? 'connection failed' : `HTTP ${answer.status}`;
  if (!retryable) return { retry: false, delayMs: retryAfterMs ?? 0, reason: `${label}, not retryable` };
  const strategy = typeof problem.backoffStrategy === 'string' ? problem.backoffStrategy : 'exponential';
  const backoffMs = strategy === 'exponential' ? Math.min(options.maxMs, options.baseMs * 2 ** (options.attempt - 1)) : strategy === 'fixed' ? options.baseMs : 0;
  const delayMs = Math.max(retryAfterMs ?? 0, backoffMs);
  return { retry: true, delayMs, reason: `${label}, ${retryAfterMs === undefined ? `${strategy} backoff` : `Retry-After ${retryAfterMs} ms`}` };
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); the problem's retryAfterSeconds otherwise. */
export function retryAfterOf(answer: FailedAnswer, now: number): number | undefined {
  const header = answer.headers?.['retry-after']?.trim();
  if (header !== undefined && header !== '') {
    if (/^\d+$/.test(header)) return Number(header) * 1000;
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const seconds = answer.problem?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
}
