import type { ErrorBody } from './models';

/**
 * What went wrong, in terms a caller can act on:
 * - `http`: the API answered with an error status (see `status` and `code`);
 * - `auth`: the OAuth token endpoint refused the credentials or the grant;
 * - `network`: no answer (connection refused, reset, DNS);
 * - `timeout`: no answer within the per-request time limit;
 * - `cancelled`: the caller's AbortSignal fired;
 * - `malformed-response`: an answer that is not the JSON the operation promises (a proxy's HTML page, an empty body,
 *   a field of the wrong type, a body over the size limit, a listing that cannot be paged to its end);
 * - `insecure-transport`: credentials would have gone over plain http to a non-loopback host;
 * - `invalid-argument`: the caller's input was rejected before anything was sent.
 */
export type GenesysErrorKind = 'http' | 'auth' | 'network' | 'timeout' | 'cancelled' | 'malformed-response' | 'insecure-transport' | 'invalid-argument';

export interface GenesysApiErrorInit {
  kind: GenesysErrorKind;
  message: string;
  method?: string;
  path?: string;
  status?: number;
  code?: string;
  contextId?: string;
  correlationId?: string;
  retryAfterSeconds?: number;
  limitKey?: string;
  body?: ErrorBody;
  /** For `malformed-response`: the field of the answer that was not as expected (`entities[3].licenses`). */
  field?: string;
  /** For writes: the request may have reached the server and taken effect. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

/** The one error type the client throws, for every failure. It never carries a token or a secret. */
export class GenesysApiError extends Error {
  readonly kind: GenesysErrorKind;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly code?: string;
  readonly contextId?: string;
  readonly correlationId?: string;
  readonly retryAfterSeconds?: number;
  readonly limitKey?: string;
  readonly body?: ErrorBody;
  readonly field?: string;
  readonly outcomeUnknown: boolean;

  constructor(init: GenesysApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GenesysApiError';
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.code = init.code;
    this.contextId = init.contextId;
    this.correlationId = init.correlationId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.limitKey = init.limitKey;
    this.body = init.body;
    this.field = init.field;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** The same failure, marked as one whose write may have taken effect on the server. */
  withOutcomeUnknown(): GenesysApiError {
    return new GenesysApiError({ ...this.toInit(), outcomeUnknown: true, cause: this });
  }

  private toInit(): GenesysApiErrorInit {
    const { kind, message, method, path, status, code, contextId, correlationId, retryAfterSeconds, limitKey, body, field } = this;
    return { kind, message, method, path, status, code, contextId, correlationId, retryAfterSeconds, limitKey, body, field };
  }

  get isUnauthorized(): boolean {
    return this.status === 401 || (this.kind === 'auth' && (this.code === 'invalid_client' || this.code === 'invalid_grant'));
  }
  get isForbidden(): boolean {
    return this.status === 403;
  }
  get isNotFound(): boolean {
    return this.status === 404;
  }
  get isRateLimited(): boolean {
    return this.status === 429;
  }
  get isCancelled(): boolean {
    return this.kind === 'cancelled';
  }

  /**
   * The permissions a 403 says are missing. Genesys puts them in `messageParams` on some answers and only in the
   * message text ("…missing the following permission(s): [a, b]") on others.
   */
  get missingPermissions(): string[] {
    if (this.status !== 403) {
      return [];
    }
    const fromParams = Object.values(this.body?.messageParams ?? {}).flatMap((value) => value.split(/[\s,]+/));
    const bracketed = /\[([^\]]+)\]/.exec(this.body?.message ?? this.message)?.[1] ?? '';
    const fromMessage = bracketed.split(/[\s,]+/);
    return [...new Set([...fromParams, ...fromMessage].filter((p) => /^[\w-]+:[\w-]+:[\w-]+$/.test(p)))];
  }
}

export function isGenesysApiError(error: unknown): error is GenesysApiError {
  return error instanceof GenesysApiError;
}
