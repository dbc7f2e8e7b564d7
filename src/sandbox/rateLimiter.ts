import type { RateLimit } from './config';
import { ApiError } from './http';

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * Per-key sliding window: a request is admitted when fewer than `requests` admitted requests fall in
 * the last `windowMs`. Rejected requests are not recorded, so a client that keeps retrying recovers
 * as soon as the oldest admitted request leaves the window.
 */
export class SlidingWindowRateLimiter {
  /** Admission times per key, oldest first. */
  private readonly windows = new Map<string, number[]>();

  constructor(private currentLimit: RateLimit | false) {}

  get limit(): RateLimit | false {
    return this.currentLimit;
  }

  /** A new limit starts every window afresh. */
  setLimit(limit: RateLimit | false): void {
    this.currentLimit = limit;
    this.windows.clear();
  }

  admit(key: string, now: number): Admission {
    const limit = this.currentLimit;
    if (!limit) {
      return { admitted: true };
    }
    const admissions = this.windows.get(key) ?? [];
    this.windows.set(key, admissions);
    while (admissions.length > 0 && admissions[0] <= now - limit.windowMs) {
      admissions.shift();
    }
    if (admissions.length < limit.requests) {
      admissions.push(now);
      return { admitted: true };
    }
    const msUntilRoom = admissions[0] + limit.windowMs - now;
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(msUntilRoom / 1000)) };
  }
}

/** The 429 Genesys' rate limiter answers (message text and limit key as documented since SDK 114/170). */
export function rateLimitError(retryAfterSeconds: number, limitValue: number): ApiError {
  return new ApiError(
    429,
    'too.many.requests',
    `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
    { limit: { key: 'token.rate.per.minute', namespace: 'platform.api', value: limitValue } },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
