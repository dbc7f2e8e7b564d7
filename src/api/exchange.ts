/**
 * One exchange with Genesys Cloud: a request sent once under a time and size limit, its query string, and an error
 * answer turned into a GenesysApiError. The transport (http.ts) adds pacing, retries and tokens around it.
 */
import { GenesysApiError } from './errors';
import type { FetchInitLike, FetchLike, FetchResponseLike, QueryValue, RawResponse, RetryPolicy } from './http';
import type { ErrorBody } from './models';

/**
 * The most bytes (after decompression) one answer may have. The largest real answers, a page of users or the
 * definitions, are tens of kilobytes; the removed organization listing of a 100 000-user org is about 10 MB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function tooLarge(describe: { method: string; path: string }, maxBytes: number): GenesysApiError {
  return new GenesysApiError({
    kind: 'malformed-response',
    code: 'response.too.large',
    message: `${describe.method} ${describe.path} answered more than ${Math.round(maxBytes / 1024 / 1024)} MB, far more than any answer of this API; it was not read.`,
    ...describe,
  });
}

/** The body as text, read chunk by chunk and given up (the connection closed) as soon as it passes `maxBytes`. */
async function readBodyText(response: FetchResponseLike, maxBytes: number, describe: { method: string; path: string }, abort: () => void): Promise<string> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    abort();
    throw tooLarge(describe, maxBytes);
  }
  if (!response.body) {
    const text = await response.text();
    if (Buffer.byteLength(text) > maxBytes) {
      throw tooLarge(describe, maxBytes);
    }
    return text;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const piece of response.body) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    size += chunk.byteLength;
    if (size > maxBytes) {
      abort();
      throw tooLarge(describe, maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One attempt: fetch and read the body under a time limit and a size limit, turning every way it can fail into a
 * GenesysApiError (`cancelled` when the caller's signal fired, `timeout` when the limit ran out, `malformed-response`
 * for a body over `maxBytes`, `network` otherwise).
 */
export async function sendOnce(
  fetch: FetchLike,
  url: string,
  init: Omit<FetchInitLike, 'signal'>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  describe: { method: string; path: string },
  maxBytes = DEFAULT_MAX_RESPONSE_BYTES,
): Promise<RawResponse> {
  if (signal?.aborted) {
    throw new GenesysApiError({ kind: 'cancelled', message: 'The operation was cancelled.', ...describe });
  }
  const controller = new AbortController();
  const forwardAbort = () => controller.abort();
  signal?.addEventListener('abort', forwardAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    const text = await readBodyText(response, maxBytes, describe, () => controller.abort());
    return { status: response.status, headers: response.headers, text };
  } catch (cause) {
    if (cause instanceof GenesysApiError && cause.code === 'response.too.large') {
      throw cause;
    }
    if (signal?.aborted) {
      throw new GenesysApiError({ kind: 'cancelled', message: 'The operation was cancelled.', ...describe, cause });
    }
    if (timedOut) {
      throw new GenesysApiError({
        kind: 'timeout',
        code: 'client.timeout',
        message: `${describe.method} ${describe.path} got no answer within ${Math.round(timeoutMs / 1000)} s.`,
        ...describe,
        cause,
      });
    }
    const reason = (cause as { code?: string; message?: string }) ?? {};
    throw new GenesysApiError({
      kind: 'network',
      code: reason.code ?? 'network.error',
      message: `${describe.method} ${describe.path} failed before an answer arrived: ${reason.message ?? String(cause)}`,
      ...describe,
      cause,
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

function parseRetryAfterSeconds(header: string | null, fallback: number): number {
  if (header === null) {
    return fallback;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds;
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallback : Math.max(0, (date - Date.now()) / 1000);
}

/** Builds the error for a non-2xx answer from the Genesys ErrorBody, or from what came instead of one. */
export function errorFromResponse(response: RawResponse, method: string, path: string, policy: RetryPolicy): GenesysApiError {
  let body: ErrorBody | undefined;
  try {
    const parsed: unknown = JSON.parse(response.text);
    body = parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    body = undefined;
  }
  const correlationId = response.headers.get('inin-correlation-id') ?? undefined;
  const retryAfterSeconds = response.status === 429 ? parseRetryAfterSeconds(response.headers.get('retry-after'), policy.defaultRetryAfterSeconds) : undefined;
  let message = body?.message;
  if (!message) {
    message = looksLikeHtml(response.text)
      ? `HTTP ${response.status}: the answer was an HTML page, not a Genesys error. A proxy or gateway may be in the way.`
      : `HTTP ${response.status} with no error details.`;
  }
  const limitKey = body?.limit?.key ?? (response.status === 429 ? /([a-z]+(?:\.[a-z]+)*\.rate\.per\.minute)/.exec(message)?.[1] : undefined);
  return new GenesysApiError({
    kind: 'http',
    message,
    method,
    path,
    status: response.status,
    code: body?.code,
    contextId: body?.contextId,
    correlationId,
    retryAfterSeconds,
    limitKey,
    body,
  });
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(name, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
