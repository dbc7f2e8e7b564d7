import { GenesysApiError } from './errors';

function cancelledError(): GenesysApiError {
  return new GenesysApiError({ kind: 'cancelled', message: 'The operation was cancelled.' });
}

/**
 * Joins `queue` and waits until whoever serves it calls this waiter with its grant; a cancel takes the waiter out of
 * the queue and rejects. `onQueued` runs once the waiter is in (to serve the queue at once if it can).
 */
function waitInQueue<T>(queue: ((grant: T) => void)[], signal: AbortSignal | undefined, onQueued?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const waiter = (grant: T) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(grant);
    };
    const onAbort = () => {
      const index = queue.indexOf(waiter);
      if (index >= 0) {
        queue.splice(index, 1);
      }
      reject(cancelledError());
    };
    queue.push(waiter);
    signal?.addEventListener('abort', onAbort, { once: true });
    onQueued?.();
  });
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
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** At most `limit` holders at once; waiters queue in order and leave the queue when cancelled. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: Array<(grant: void) => void> = [];

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
      await waitInQueue(this.waiters, signal);
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
 * Keeps a token under its request budget by spacing requests itself, so long scans slow down instead of running into
 * 429s; and holds every request back while a 429's `Retry-After` runs. Requests wait their turn in order.
 *
 * The server counts a request when it arrives, which is some time after it leaves here: latency, a busy event loop,
 * a slow proxy. Counting departures (with a small margin) fails as soon as that delay varies by more than the margin.
 * So a request counts against the window from the moment it is let go until its answer is back plus the whole window:
 * the server's arrival lies somewhere in between, whatever the delay was.
 */
export class RequestPacer {
  /** When each counted request stops counting: its answer's arrival plus the window; Infinity while it is in flight. */
  private counted: { until: number }[] = [];
  private readonly waiters: Array<(slot: { until: number }) => void> = [];
  private pausedUntil = 0;
  private timer?: ReturnType<typeof setTimeout>;
  /** A little more than the window, for timers that fire early and clocks that tick in steps. */
  private readonly windowMs: number;

  constructor(private readonly budget: RateBudget | false) {
    this.windowMs = budget ? budget.windowMs + Math.min(1000, budget.windowMs * 0.02) : 0;
  }

  /** Until when a 429 holds requests back (0 when nothing does). */
  get pausedUntilTime(): number {
    return this.pausedUntil;
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.pump();
  }

  /** Waits for the request's turn; call what it returns when the answer is back (or the attempt failed). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) {
      throw cancelledError();
    }
    const slot = await waitInQueue(this.waiters, signal, () => this.pump());
    let answered = false;
    return () => {
      if (!answered) {
        answered = true;
        slot.until = Date.now() + this.windowMs;
        this.pump();
      }
    };
  }

  /** Lets waiting requests go while the budget allows, and sets a timer for when it next will. */
  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    this.counted = this.counted.filter((slot) => slot.until > now);
    while (this.waiters.length > 0 && now >= this.pausedUntil && (!this.budget || this.counted.length < this.budget.requests)) {
      const slot = { until: this.budget ? Infinity : now };
      if (this.budget) {
        this.counted.push(slot);
      }
      this.waiters.shift()?.(slot);
    }
    if (this.waiters.length === 0) {
      return;
    }
    // Full while every counted request is still in flight: the next answer's arrival pumps again.
    const nextRoom = this.budget && this.counted.length >= this.budget.requests ? Math.min(...this.counted.map((slot) => slot.until)) : now;
    const wakeAt = Math.max(this.pausedUntil, nextRoom);
    if (Number.isFinite(wakeAt)) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, wakeAt - now));
    }
  }
}
