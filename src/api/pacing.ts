import { GenesysApiError } from './errors';

function cancelledError(): GenesysApiError {
  return new GenesysApiError({ kind: 'cancelled', message: 'The operation was cancelled.' });
}

/** Waits `ms`, or rejects with a `cancelled` error as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) {
    return Promise.reject(cancelledError());
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** At most `limit` holders at once; waiters queue in order and leave the queue when cancelled. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: `maxConcurrency must be a whole number of at least 1 (got ${limit}).` });
    }
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) {
      throw cancelledError();
    }
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = this.waiters.indexOf(grant);
          if (index >= 0) {
            this.waiters.splice(index, 1);
          }
          reject(cancelledError());
        };
        this.waiters.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else {
      this.active++;
    }
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.waiters.shift();
      if (next) {
        next(); // the slot passes straight to the next waiter
      } else {
        this.active--;
      }
    };
  }
}

export interface RateBudget {
  /** Requests allowed in any window of `windowMs`. Genesys: 300 a minute per token. */
  requests: number;
  windowMs: number;
}

/**
 * Keeps a token under its request budget by spacing requests itself (a sliding window), so long scans slow down
 * instead of running into 429s; and holds every request back while a 429's `Retry-After` runs.
 */
export class RequestPacer {
  private readonly sentAt: number[] = [];
  private pausedUntil = 0;
  /** The server counts arrivals, we count departures; a small margin absorbs the difference in latency. */
  private readonly effectiveWindowMs: number;

  constructor(private readonly budget: RateBudget | false) {
    this.effectiveWindowMs = budget ? budget.windowMs + Math.min(1000, budget.windowMs * 0.02) : 0;
  }

  /** Until when a 429 holds requests back (0 when nothing does). */
  get pausedUntilTime(): number {
    return this.pausedUntil;
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      let waitMs = this.pausedUntil - now;
      if (this.budget) {
        while (this.sentAt.length > 0 && this.sentAt[0] <= now - this.effectiveWindowMs) {
          this.sentAt.shift();
        }
        if (this.sentAt.length >= this.budget.requests) {
          waitMs = Math.max(waitMs, this.sentAt[0] + this.effectiveWindowMs - now);
        }
      }
      if (waitMs <= 0) {
        if (this.budget) {
          this.sentAt.push(now);
        }
        return;
      }
      await sleep(waitMs, signal);
    }
  }
}
