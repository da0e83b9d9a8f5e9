import { describe, expect, it } from 'vitest';
import { retryDecision, type FailedAnswer } from './retry-policy.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const ROWS: { title: string; answer: FailedAnswer; attempt: number; retry: boolean; delayMs: number }[] = [
  { title: '503 with Retry-After seconds waits that long', answer: { status: 503, headers: { 'retry-after': '30' } }, attempt: 1, retry: true, delayMs: 30_000 },
  { title: '429 with an HTTP date waits until then', answer: { status: 429, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' } }, attempt: 1, retry: true, delayMs: 5000 },
  { title: 'backoff longer than Retry-After wins', answer: { status: 503, headers: { 'retry-after': '1' } }, attempt: 4, retry: true, delayMs: 8000 },
  { title: '500 backs off exponentially', answer: { status: 500 }, attempt: 3, retry: true, delayMs: 4000 },
  { title: 'a lost connection backs off exponentially', answer: {}, attempt: 2, retry: true, delayMs: 2000 },
  { title: 'retryable false is not retried', answer: { status: 503, problem: { retryable: false } }, attempt: 1, retry: false, delayMs: 0 },
  { title: 'backoffStrategy fixed keeps the base delay', answer: { status: 503, problem: { retryable: true, backoffStrategy: 'fixed' } }, attempt: 5, retry: true, delayMs: 1000 },
  { title: 'retryAfterSeconds of the problem stands in for a missing header', answer: { status: 429, problem: { retryAfterSeconds: 7 } }, attempt: 1, retry: true, delayMs: 7000 },
  { title: '404 is not retried', answer: { status: 404 }, attempt: 1, retry: false, delayMs: 0 },
];

describe('retryDecision (ERR-007)', () => {
  it.each(ROWS)('$title', ({ answer, attempt, retry, delayMs }) => {
    expect(retryDecision(answer, { baseMs: 1000, maxMs: 600_000, attempt, now: NOW })).toMatchObject({ retry, delayMs });
  });
});
