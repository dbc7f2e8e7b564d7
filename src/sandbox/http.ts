import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorBody, ErrorDetail } from '../api/models';
import type { EmptyFields } from './config';

/** What a route answers. The server serialises it, so a fault can still drop it after the route ran. */
export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON with a JSON content type. */
  json?: unknown;
  /** Sent as is, for the answers that are deliberately not JSON (HTML pages, broken JSON). */
  raw?: { contentType: string; text: string };
}

export const JSON_CONTENT_TYPE = 'application/json';
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

export function jsonResponse(json: unknown, status = 200, headers?: Record<string, string>): SandboxResponse {
  return { status, json, headers };
}

/** An error a route or the pipeline throws; the server turns it into a Genesys `ErrorBody`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Omit<ErrorBody, 'message' | 'code' | 'status' | 'contextId'> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function badRequest(message: string, details: ErrorDetail[] = []): ApiError {
  return new ApiError(400, 'bad.request', message, { details });
}

export function invalidValue(fieldName: string, message: string): ApiError {
  return new ApiError(400, 'invalid.value', message, { details: [{ errorCode: 'invalid.value', fieldName }] });
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not.found', message);
}

/** `contextId` repeats the correlation ID, which is what Genesys support asks for. */
export function errorResponse(error: ApiError, contextId: string): SandboxResponse {
  const body: ErrorBody = {
    message: error.message,
    code: error.code,
    status: error.status,
    ...error.extra,
    contextId,
    details: error.extra.details ?? [],
    errors: error.extra.errors ?? [],
  };
  return { status: error.status, json: body, headers: error.headers };
}

/**
 * The value as Genesys' serialiser writes an entity: object fields holding null or an empty array left out, at any
 * depth. Array items and the whole answer (an empty list of definitions) stay. What has nothing to leave out is
 * returned as it is, not copied; nothing is changed in place (an answer may hold the org's live objects). Cheaper
 * than a JSON.stringify replacer, which is called for every value of every answer.
 */
export function withoutEmptyFields(value: unknown, key = ''): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const serialisable = value as { toJSON?: (key: string) => unknown };
  if (typeof serialisable.toJSON === 'function') {
    return withoutEmptyFields(serialisable.toJSON(key), key); // as JSON.stringify does, before looking inside
  }
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let copy: unknown[] | undefined;
    items.forEach((item, index) => {
      const read = withoutEmptyFields(item, String(index));
      if (read !== item) {
        copy ??= [...items];
        copy[index] = read;
      }
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [name, field] of Object.entries(value)) {
    let read = withoutEmptyFields(field, name);
    if (read === null || (Array.isArray(read) && read.length === 0)) {
      read = undefined;
    }
    if (read !== field) {
      copy ??= { ...value };
      copy[name] = read; // undefined: JSON.stringify leaves the field out
    }
  }
  return copy ?? value;
}

/** Writes the answer; returns the bytes of its body. */
export function writeResponse(res: ServerResponse, response: SandboxResponse, correlationId: string, emptyFields: EmptyFields): number {
  if (res.headersSent || res.destroyed) {
    return 0;
  }
  const headers: Record<string, string | number> = { 'ININ-Correlation-ID': correlationId, ...response.headers };
  let body: Buffer | undefined;
  if (response.json !== undefined) {
    // Error bodies keep their `details: []` and `errors: []`, as Genesys' do.
    const omit = emptyFields === 'omitted' && response.status < 400;
    body = Buffer.from(JSON.stringify(omit ? withoutEmptyFields(response.json) : response.json), 'utf8');
    headers['Content-Type'] = JSON_CONTENT_TYPE;
  } else if (response.raw) {
    body = Buffer.from(response.raw.text, 'utf8');
    headers['Content-Type'] = response.raw.contentType;
  }
  if (body) {
    headers['Content-Length'] = body.length;
  }
  res.writeHead(response.status, headers);
  res.end(body);
  return body?.length ?? 0;
}

export type RequestBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true };

/**
 * Reads the request body, giving up as soon as it is known to exceed `maxBytes` (from the declared
 * Content-Length or while streaming). The rest is drained so the client can still read the 413.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  if (Number(req.headers['content-length']) > maxBytes) {
    req.resume();
    return Promise.resolve({ tooLarge: true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: RequestBody | Error): void => {
      if (!settled) {
        settled = true;
        if (outcome instanceof Error) {
          reject(outcome);
        } else {
          resolve(outcome);
        }
      }
    };
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', collect);
        req.resume();
        settle({ tooLarge: true });
      } else {
        chunks.push(chunk);
      }
    };
    req.on('data', collect);
    req.on('end', () => settle({ tooLarge: false, bytes: Buffer.concat(chunks) }));
    req.on('error', (error) => settle(error));
    req.on('close', () => settle(new Error('The client closed the request before sending its body')));
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Answers 403 `missing.any.permissions`, as Genesys does, unless the token holds one of `anyOf` (or none is needed). */
export function requireAnyPermission(anyOf: readonly string[], token: { permissions: readonly string[] }): void {
  if (anyOf.length === 0 || anyOf.some((permission) => token.permissions.includes(permission))) {
    return;
  }
  const listed = anyOf.join(', ');
  const template = 'Unable to perform the requested action. You are missing the following permission(s): [{permissions}]';
  throw new ApiError(403, 'missing.any.permissions', template.replace('{permissions}', listed), {
    messageWithParams: template,
    messageParams: { permissions: listed },
  });
}
