import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxConfig } from './config';
import { faultAnswer, FaultTable, isAnswerFault, streamHugeBody } from './faults';
import { ApiError, badRequest, errorResponse, mediaType, notFound, readBody, RequestBody, requireAnyPermission, SandboxResponse, writeResponse } from './http';
import { rateLimitError, SlidingWindowRateLimiter } from './rateLimiter';
import type { Route, RouteMatch, Router } from './router';
import type { StatsRecorder } from './stats';
import type { AccessToken, TokenStore } from './tokens';

export interface SandboxRuntime {
  config: SandboxConfig;
  router: Router;
  tokens: TokenStore;
  rateLimiter: SlidingWindowRateLimiter;
  faults: FaultTable;
  stats: StatsRecorder;
}

/** The rate-limit value a `rateLimit` fault reports when the limiter itself is off. */
const DEFAULT_RATE_LIMIT_VALUE = 300;

/** Timers of requests waiting out latency or a delay, and held requests; cancelled on close so closing is prompt. */
class PendingWaits {
  private readonly timers = new Set<NodeJS.Timeout>();
  private cancelled = false;

  /** Resolves when `release` settles, unless the server closed first. */
  hold(release: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const resume = () => {
        if (!this.cancelled) {
          resolve();
        }
      };
      release.then(resume, resume);
    });
  }

  wait(ms: number): Promise<void> {
    if (ms <= 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** The waiting requests never resume; their sockets are destroyed by the close. */
  cancelAll(): void {
    this.cancelled = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }
}

interface IncomingRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  match: RouteMatch | undefined;
  body: RequestBody;
  correlationId: string;
}

/** The HTTP server: runs each request through latency, faults, auth, rate limit, permissions and its route. */
export class SandboxServer {
  private readonly server: Server;
  private readonly waits = new PendingWaits();
  private closing: Promise<void> | undefined;

  constructor(private readonly runtime: SandboxRuntime) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', () => runtime.stats.connectionOpened());
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening and destroys every socket, including those of hanging and waiting requests. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.waits.cancelAll();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { stats, config, faults } = this.runtime;
    const correlationId = randomUUID();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const match = this.runtime.router.match(method, url.pathname);
    stats.requestStarted(`${method} ${match?.route.path ?? url.pathname}`);
    res.on('close', () => stats.requestEnded());

    const send = (response: SandboxResponse | ApiError): void => {
      if (res.destroyed) {
        return;
      }
      const resolved = response instanceof ApiError ? errorResponse(response, correlationId) : response;
      stats.answered(resolved.status);
      stats.sentBody(writeResponse(res, resolved, correlationId, config.emptyFields));
    };

    let body: RequestBody;
    try {
      body = await readBody(req, config.maxRequestBytes);
    } catch {
      return; // The client went away while sending; nobody to answer.
    }
    await this.waits.wait(config.latencyMs);

    const fault = faults.take(method, url.pathname);
    if (fault?.kind === 'disconnect') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      return;
    }
    if (fault?.kind === 'delay') {
      await this.waits.wait(fault.ms);
    }
    if (fault?.kind === 'hold') {
      await this.waits.hold(fault.until);
    }
    if (fault && isAnswerFault(fault)) {
      const limit = this.runtime.rateLimiter.limit;
      send(faultAnswer(fault, limit ? limit.requests : DEFAULT_RATE_LIMIT_VALUE));
      return;
    }
    if (fault?.kind === 'hugeBody') {
      stats.answered(200);
      stats.sentBody(await streamHugeBody(res, fault, { 'ININ-Correlation-ID': correlationId }));
      return;
    }

    const response = this.answer({ method, url, headers: req.headers, match, body, correlationId });
    if (fault?.kind === 'applyThenDisconnect') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'transform' && !(response instanceof ApiError) && response.json !== undefined) {
      // A copy: the answer may hold the org's live objects.
      send({ ...response, json: fault.transform(JSON.parse(JSON.stringify(response.json))) });
      return;
    }
    send(response);
  }

  private answer(request: IncomingRequest): SandboxResponse | ApiError {
    try {
      return this.route(request);
    } catch (error) {
      if (error instanceof ApiError) {
        return error;
      }
      const detail = error instanceof Error ? error.message : String(error);
      return new ApiError(500, 'internal.server.error', `The sandbox failed to answer: ${detail}`);
    }
  }

  /** Checks in the order a gateway would: route, size, authentication, rate limit, permission, body. */
  private route({ method, url, headers, match, body, correlationId }: IncomingRequest): SandboxResponse {
    if (!match || match.route.isAvailable?.() === false) {
      throw notFound(`No resource matches ${method} ${url.pathname}.`);
    }
    if (body.tooLarge) {
      // Genesys documents 413 on every operation but no error code for it; this one names the problem.
      throw new ApiError(413, 'request.too.large', `The request body exceeds the maximum of ${this.runtime.config.maxRequestBytes} bytes.`);
    }
    const { route, params } = match;
    const token = route.auth === 'bearer' ? this.authenticate(headers.authorization) : undefined;
    if (token) {
      requirePermission(route, token);
    }
    return route.handle({
      method,
      url,
      headers,
      params,
      rawBody: body.bytes,
      body: route.body === 'json' ? parseJsonBody(headers['content-type'], body.bytes) : undefined,
      token,
      correlationId,
    });
  }

  /** Finds the bearer token and counts the request against its rate limit. */
  private authenticate(authorization: string | undefined): AccessToken {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!bearer) {
      throw new ApiError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');
    }
    const token = this.runtime.tokens.findAccessToken(bearer[1]);
    if (!token) {
      throw new ApiError(401, 'bad.credentials', 'Invalid login credentials.');
    }
    const admission = this.runtime.rateLimiter.admit(token.value, this.runtime.config.clock());
    if (!admission.admitted) {
      const limit = this.runtime.rateLimiter.limit;
      throw rateLimitError(admission.retryAfterSeconds, limit ? limit.requests : DEFAULT_RATE_LIMIT_VALUE);
    }
    return token;
  }
}

function requirePermission(route: Route, token: AccessToken): void {
  requireAnyPermission(route.anyOfPermissions ?? [], token);
}

/** An empty body is allowed (the SDKs mark every license body optional); anything else must be JSON. */
function parseJsonBody(contentType: string | undefined, bytes: Buffer): unknown {
  if (bytes.length === 0) {
    return undefined;
  }
  if (mediaType(contentType) !== 'application/json') {
    throw new ApiError(415, 'unsupported.media.type', `Content type ${contentType ?? '(none)'} is not supported; send application/json.`);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}
