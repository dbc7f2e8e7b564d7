import { STATUS_CODES, type ServerResponse } from 'node:http';
import { ApiError, HTML_CONTENT_TYPE, JSON_CONTENT_TYPE, SandboxResponse } from './http';
import { SeededRandom } from './random';
import { rateLimitError } from './rateLimiter';

export type Fault =
  /** A proper Genesys ErrorBody with this status (code and message default from the status). */
  | { kind: 'status'; status: number; code?: string; message?: string; headers?: Record<string, string> }
  /** 429 exactly as the real rate limiter answers. */
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  /** Waits, then answers normally. */
  | { kind: 'delay'; ms: number }
  /** Waits until `until` settles (a test lets the answer go at the moment it chooses), then answers normally. */
  | { kind: 'hold'; until: Promise<unknown> }
  /** 200 with a JSON content type and a truncated JSON text. */
  | { kind: 'malformedJson' }
  /** A proxy's HTML error page (default 502). */
  | { kind: 'html'; status?: number }
  /** A JSON content type and zero bytes (default 200). */
  | { kind: 'emptyBody'; status?: number }
  /** The socket is destroyed without an answer. */
  | { kind: 'disconnect' }
  /** The request takes effect (a write changes the org), then the socket is destroyed without an answer. */
  | { kind: 'applyThenDisconnect' }
  /** No answer until the client gives up or the sandbox closes. */
  | { kind: 'hang' }
  /**
   * The route's own successful answer, changed by `transform` (given a copy of the JSON; what it returns is sent):
   * the hostile and unexpected shapes a real org or a proxy may send.
   */
  | { kind: 'transform'; transform: (json: unknown) => unknown }
  /**
   * 200 with a JSON list `["xxx…"]` of `bytes` bytes, streamed as fast as the client reads it (never held in memory);
   * `declareLength` sends a Content-Length, else the body is chunked. Stops when the client goes away.
   */
  | { kind: 'hugeBody'; bytes: number; declareLength?: boolean };

export interface FaultRule {
  method?: string;
  /** A string is an exact pathname, or a prefix when it ends in '*'. */
  path?: string | RegExp;
  /** How many matching requests get the fault; default unlimited. */
  times?: number;
  /** Chance (0..1) that a matching request gets the fault, drawn from a seeded PRNG so runs repeat. */
  probability?: number;
  fault: Fault;
}

export interface FaultInjector {
  /** Adds a rule after the existing ones (the first matching rule wins); returns its remover. */
  add(rule: FaultRule): () => void;
  clear(): void;
}

interface ActiveRule {
  rule: FaultRule;
  applied: number;
}

export class FaultTable implements FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: SeededRandom) {}

  add(rule: FaultRule): () => void {
    validateRule(rule);
    const active: ActiveRule = { rule, applied: 0 };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if a rule takes it; a taken request counts against that rule's `times`. */
  take(method: string, pathname: string): Fault | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (!matchesRequest(rule, method, pathname) || (rule.times !== undefined && active.applied >= rule.times)) {
        continue;
      }
      if (rule.probability !== undefined && !this.random.chance(rule.probability)) {
        continue;
      }
      active.applied++;
      return rule.fault;
    }
    return undefined;
  }
}

function matchesRequest(rule: FaultRule, method: string, pathname: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) {
    return false;
  }
  const { path } = rule;
  if (path === undefined) {
    return true;
  }
  if (path instanceof RegExp) {
    return path.test(pathname);
  }
  return path.endsWith('*') ? pathname.startsWith(path.slice(0, -1)) : pathname === path;
}

function validateRule(rule: FaultRule): void {
  if (rule.fault.kind === 'hugeBody' && !(Number.isSafeInteger(rule.fault.bytes) && rule.fault.bytes >= 4)) {
    throw new RangeError(`A hugeBody fault needs at least 4 bytes (got ${rule.fault.bytes})`);
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
    throw new RangeError(`FaultRule.times must be a non-negative integer (got ${rule.times})`);
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new RangeError(`FaultRule.probability must be between 0 and 1 (got ${rule.probability})`);
  }
}

/** Faults that replace the answer with a canned one; the others change how or whether it is sent. */
export type AnswerFault = Extract<Fault, { kind: 'status' | 'rateLimit' | 'malformedJson' | 'html' | 'emptyBody' }>;

export function isAnswerFault(fault: Fault): fault is AnswerFault {
  return ['status', 'rateLimit', 'malformedJson', 'html', 'emptyBody'].includes(fault.kind);
}

/** Codes from the `x-inin-error-codes` Genesys documents for each status. */
const CODE_FOR_STATUS: Record<number, string> = {
  400: 'bad.request',
  401: 'bad.credentials',
  403: 'not.authorized',
  404: 'not.found',
  408: 'request.timeout',
  409: 'conflict',
  413: 'request.too.large',
  415: 'unsupported.media.type',
  429: 'too.many.requests',
  500: 'internal.server.error',
  502: 'bad.gateway',
  503: 'service.unavailable',
  504: 'request.timeout',
};

/** The canned answer of a fault: an ApiError becomes an ErrorBody with the request's context ID. */
export function faultAnswer(fault: AnswerFault, rateLimitValue: number): SandboxResponse | ApiError {
  switch (fault.kind) {
    case 'status':
      return new ApiError(
        fault.status,
        fault.code ?? CODE_FOR_STATUS[fault.status] ?? (fault.status >= 500 ? 'internal.server.error' : 'bad.request'),
        fault.message ?? STATUS_CODES[fault.status] ?? `Status ${fault.status}`,
        {},
        fault.headers,
      );
    case 'rateLimit':
      return rateLimitError(fault.retryAfterSeconds, rateLimitValue);
    case 'malformedJson':
      return { status: 200, raw: { contentType: JSON_CONTENT_TYPE, text: '{"entities":[{"id":"2f6c1a0e-7b3d-4c8e-9a51-' } };
    case 'html':
      return { status: fault.status ?? 502, raw: { contentType: HTML_CONTENT_TYPE, text: proxyErrorPage(fault.status ?? 502) } };
    case 'emptyBody':
      return { status: fault.status ?? 200, raw: { contentType: JSON_CONTENT_TYPE, text: '' } };
  }
}

function proxyErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Streams the body of a `hugeBody` fault, waiting for the client to read (backpressure); returns the bytes written. */
export async function streamHugeBody(res: ServerResponse, fault: Extract<Fault, { kind: 'hugeBody' }>, headers: Record<string, string>): Promise<number> {
  res.writeHead(200, { ...headers, 'Content-Type': JSON_CONTENT_TYPE, ...(fault.declareLength && { 'Content-Length': String(fault.bytes) }) });
  const filler = Buffer.alloc(64 * 1024, 'x');
  let written = 0;
  const write = async (piece: Buffer | string): Promise<void> => {
    written += Buffer.byteLength(piece);
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  };
  await write('["');
  for (let remaining = fault.bytes - 4; remaining > 0 && !res.destroyed; remaining -= filler.length) {
    await write(remaining >= filler.length ? filler : filler.subarray(0, remaining));
  }
  if (!res.destroyed) {
    written += 2;
    res.end('"]');
  }
  return written;
}
