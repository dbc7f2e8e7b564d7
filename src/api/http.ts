import { GenesysApiError } from './errors';
import { buildQuery, errorFromResponse, looksLikeHtml, sendOnce } from './exchange';

export { DEFAULT_MAX_RESPONSE_BYTES, sendOnce } from './exchange';
import { ConcurrencyLimiter, RequestPacer, sleep } from './pacing';
import { assertSecureUrl } from './regions';
import { type Shape, ShapeError } from './shapes';

/** The slice of `fetch` the client needs; nodeFetch.ts by default, injectable for proxies and tests. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as it arrives; read chunk by chunk so an oversized answer is never held whole. */
  body?: AsyncIterable<Uint8Array | string> | null;
}
export interface FetchInitLike {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: 'manual';
}
export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

export { nodeFetch as defaultFetch } from './nodeFetch';

/** Lines the client writes about its traffic. Never given a token, a secret or an Authorization header. */
export interface ClientLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: ClientLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Told before the client waits and sends a request again, so a UI can say why it is waiting. */
export interface RetryNotice {
  reason: 'rate-limited' | 'server-error' | 'network-error';
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  status?: number;
  limitKey?: string;
}

export interface RetryPolicy {
  /** Attempts in all for a read that fails with 502/503/504 or a network error. */
  maxAttempts: number;
  /** How many 429s in a row one request may wait out. */
  maxRateLimitRetries: number;
  /** A 429 asking for a longer wait than this is reported instead of waited out. */
  maxRetryAfterSeconds: number;
  /** Used when a 429 carries no Retry-After (the Java and .NET SDKs use 3 s). */
  defaultRetryAfterSeconds: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxRateLimitRetries: 10,
  maxRetryAfterSeconds: 180,
  defaultRetryAfterSeconds: 3,
  baseDelayMs: 500,
  maxDelayMs: 8000,
};

/** Supplies bearer tokens; renews them when it can. */
export interface TokenProvider {
  getToken(signal?: AbortSignal): Promise<string>;
  /** Told that `token` was refused with a 401. Returns true when a fresh token can be tried once. */
  invalidate(token: string): boolean;
}

export interface TransportConfig {
  apiBaseUrl: string;
  tokens: TokenProvider;
  fetch: FetchLike;
  timeoutMs: number;
  retry: RetryPolicy;
  pacer: RequestPacer;
  slots: ConcurrencyLimiter;
  logger: ClientLogger;
  onRetry?: (notice: RetryNotice) => void;
  maxResponseBytes: number;
  userAgent: string;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Reads may be sent again after a failure; writes only when the server certainly did not act (429, 401). */
  idempotent: boolean;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: FetchResponseLike['headers'];
  text: string;
}

/** Sends API requests with auth, pacing, a concurrency cap, retries, time limits and cancellation. */
export class ApiTransport {
  constructor(private readonly config: TransportConfig) {
    assertSecureUrl(new URL(config.apiBaseUrl));
  }

  /** Sends the request and reads its JSON answer through `shape`: an answer of another shape is a `malformed-response`. */
  async request<T>(request: ApiRequest, shape: Shape<T>): Promise<T> {
    const text = await this.requestText(request);
    if (text.trim() === '') {
      throw new GenesysApiError({
        kind: 'malformed-response',
        code: 'empty.body',
        message: `${request.method} ${request.path} answered with an empty body where JSON was expected.`,
        method: request.method,
        path: request.path,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new GenesysApiError({
        kind: 'malformed-response',
        code: 'malformed.json',
        message: looksLikeHtml(text)
          ? `${request.method} ${request.path} answered with an HTML page instead of JSON. A proxy or gateway may be in the way.`
          : `${request.method} ${request.path} answered with JSON that cannot be read (${(cause as Error).message}).`,
        method: request.method,
        path: request.path,
        cause,
      });
    }
    try {
      return shape(parsed, '');
    } catch (cause) {
      throw cause instanceof ShapeError ? this.malformed(request, cause) : cause;
    }
  }

  /** The error for an answer whose `field` was not as its shape expects. */
  malformed(request: Pick<ApiRequest, 'method' | 'path'>, cause: ShapeError): GenesysApiError {
    return new GenesysApiError({
      kind: 'malformed-response',
      code: 'unexpected.shape',
      message: `${request.method} ${request.path} answered in a shape this extension does not know: ${cause.message}.`,
      method: request.method,
      path: request.path,
      field: cause.field,
      cause,
    });
  }

  /** Like `request`, for operations whose answer has no body worth reading (e.g. a 204). */
  async requestNoContent(request: ApiRequest): Promise<void> {
    await this.requestText(request);
  }

  private async requestText(request: ApiRequest): Promise<string> {
    const { method, path, signal } = request;
    const { retry, logger } = this.config;
    const pathWithQuery = `${path}${buildQuery(request.query)}`;
    const url = `${this.config.apiBaseUrl}${pathWithQuery}`;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    let failedAttempts = 0;
    let rateLimitedAttempts = 0;
    let renewedToken = false;

    for (;;) {
      const release = await this.config.slots.acquire(signal);
      let answered: (() => void) | undefined;
      let response: RawResponse;
      let token: string;
      const startedAt = Date.now();
      try {
        answered = await this.config.pacer.acquire(signal);
        token = await this.config.tokens.getToken(signal);
        response = await sendOnce(
          this.config.fetch,
          url,
          {
            method,
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: 'application/json',
              'User-Agent': this.config.userAgent,
              ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            },
            body,
            redirect: 'manual',
          },
          this.config.timeoutMs,
          signal,
          { method, path: pathWithQuery },
          this.config.maxResponseBytes,
        );
      } catch (error) {
        const failure = error as GenesysApiError;
        const retriable = failure.kind === 'network' && (request.idempotent || failure.code === 'ECONNREFUSED');
        if (retriable && ++failedAttempts < retry.maxAttempts) {
          await this.backOff(request, failedAttempts, 'network-error', undefined, `${failure.message}`);
          continue;
        }
        if (!request.idempotent && (failure.kind === 'network' || failure.kind === 'timeout') && failure.code !== 'ECONNREFUSED') {
          throw failure.withOutcomeUnknown();
        }
        throw error;
      } finally {
        answered?.();
        release();
      }

      const correlationId = response.headers.get('inin-correlation-id');
      logger.debug(`${method} ${pathWithQuery} → ${response.status} in ${Date.now() - startedAt} ms${correlationId ? ` (correlation ${correlationId})` : ''}`);
      if (response.status >= 200 && response.status < 300) {
        return response.text;
      }

      const error = errorFromResponse(response, method, pathWithQuery, retry);
      if (response.status === 401 && !renewedToken && this.config.tokens.invalidate(token)) {
        renewedToken = true;
        logger.info(`${method} ${pathWithQuery}: the token was refused (401); renewing it and trying once more.`);
        continue;
      }
      if (response.status === 429) {
        const waitSeconds = error.retryAfterSeconds ?? retry.defaultRetryAfterSeconds;
        if (++rateLimitedAttempts <= retry.maxRateLimitRetries && waitSeconds <= retry.maxRetryAfterSeconds) {
          // Every request of this client waits, not just this one: the budget belongs to the token.
          const delayMs = waitSeconds * 1000 + Math.random() * 250;
          this.config.pacer.pauseFor(delayMs);
          this.notify({ reason: 'rate-limited', method, path: pathWithQuery, attempt: rateLimitedAttempts, delayMs, status: 429, limitKey: error.limitKey });
          logger.warn(`${method} ${pathWithQuery}: rate limited${error.limitKey ? ` (${error.limitKey})` : ''}; waiting ${waitSeconds} s as Retry-After asks.`);
          continue;
        }
        throw error;
      }
      const transient = response.status === 502 || response.status === 503 || response.status === 504;
      if (transient && request.idempotent && ++failedAttempts < retry.maxAttempts) {
        await this.backOff(request, failedAttempts, 'server-error', response.status, error.message);
        continue;
      }
      if (!request.idempotent && response.status >= 500) {
        throw error.withOutcomeUnknown();
      }
      throw error;
    }
  }

  /** Capped exponential backoff with full jitter, so parallel requests do not come back in step. */
  private async backOff(request: ApiRequest, attempt: number, reason: RetryNotice['reason'], status: number | undefined, detail: string): Promise<void> {
    const { baseDelayMs, maxDelayMs } = this.config.retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const delayMs = ceiling / 2 + Math.random() * (ceiling / 2);
    this.notify({ reason, method: request.method, path: request.path, attempt, delayMs, status });
    this.config.logger.warn(`${request.method} ${request.path}: ${detail}; attempt ${attempt} failed, trying again in ${Math.round(delayMs)} ms.`);
    await sleep(delayMs, request.signal);
  }

  private notify(notice: RetryNotice): void {
    try {
      this.config.onRetry?.(notice);
    } catch (error) {
      this.config.logger.error(`A retry listener failed: ${(error as Error).message}`);
    }
  }
}
