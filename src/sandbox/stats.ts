export interface SandboxStats {
  /** Requests received (every route, OAuth and unknown paths included). */
  readonly requests: number;
  /** Requests per route, keyed `METHOD /path/{param}` (unknown paths by their literal pathname). */
  readonly byRoute: Record<string, number>;
  /** Answers with status 429, from the rate limiter or a fault. */
  readonly status429: number;
  /** Requests received and not yet answered or abandoned. */
  readonly inFlight: number;
  readonly peakInFlight: number;
  /** Bytes of answer bodies written to sockets (a streamed body counts what was written before the client left). */
  readonly bodyBytesSent: number;
  /** TCP connections accepted: a client that keeps its connections alive opens no more than it has requests in flight. */
  readonly connections: number;
  /** Zeroes the counters; `inFlight` keeps counting live requests and `peakInFlight` restarts from it. */
  reset(): void;
}

export class StatsRecorder implements SandboxStats {
  requests = 0;
  byRoute: Record<string, number> = {};
  status429 = 0;
  inFlight = 0;
  peakInFlight = 0;
  bodyBytesSent = 0;
  connections = 0;

  reset(): void {
    this.requests = 0;
    this.connections = 0;
    this.bodyBytesSent = 0;
    this.byRoute = {};
    this.status429 = 0;
    this.peakInFlight = this.inFlight;
  }

  requestStarted(routeKey: string): void {
    this.requests++;
    this.byRoute[routeKey] = (this.byRoute[routeKey] ?? 0) + 1;
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
  }

  connectionOpened(): void {
    this.connections++;
  }

  requestEnded(): void {
    this.inFlight--;
  }

  sentBody(bytes: number): void {
    this.bodyBytesSent += bytes;
  }

  answered(status: number): void {
    if (status === 429) {
      this.status429++;
    }
  }
}
