/** Token bucket per caller: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

export interface RateLimiter {
  /** Seconds to wait before the next request is allowed, or 0 when this one may go ahead. */
  take(caller: string): number;
}

export function createRateLimiter(limit: RateLimit | false, now: () => number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(caller) {
      if (limit === false) return 0;
      const time = now();
      const bucket = buckets.get(caller) ?? { tokens: limit.burst, at: time };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((time - bucket.at) / 1000) * limit.perSecond);
      bucket.at = time;
      buckets.set(caller, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
    },
  };
}
