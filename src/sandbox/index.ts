/**
 * The sandbox org: a loopback HTTP server that behaves like the Genesys Cloud License API and its
 * OAuth endpoints, for the client tests, the extension-host tests, the demo and the benchmark.
 * Node built-ins only; nothing here may import `vscode`.
 */
import { ADMIN_PERMISSIONS, sandboxClients, SandboxClients } from './clients';
import { RateLimit, resolveConfig, requireNonNegative, SandboxOptions, validateRateLimit } from './config';
import { generateOrg, SandboxOrg } from './data';
import { authorizationRoutes } from './authorizationRoutes';
import { directoryRoutes } from './directoryRoutes';
import { FaultInjector, FaultTable } from './faults';
import { licenseRoutes } from './licenseRoutes';
import { authRoutes } from './oauth';
import { SeededRandom } from './random';
import { SlidingWindowRateLimiter } from './rateLimiter';
import { Router } from './router';
import { SandboxServer } from './server';
import { SandboxStats, StatsRecorder } from './stats';
import { TokenStore } from './tokens';

export type { SandboxClientCredentials, SandboxClients } from './clients';
export type { CaseName, SandboxAuthorization } from './authorization';
export { EMPTY_FIELDS_ENV } from './config';
export type { EmptyFields, RateLimit, SandboxOptions, ToggleMode } from './config';
export type { SandboxOrg, SandboxUser } from './data';
export type { HealthCases, UserState } from './health';
export { IDLE_CASE_DAYS } from './health';
export type { Fault, FaultInjector, FaultRule } from './faults';
export type { SandboxStats } from './stats';

export interface Sandbox {
  /** 'http://127.0.0.1:PORT': API and OAuth on the same origin. */
  readonly url: string;
  readonly clients: SandboxClients;
  /** The live state the server answers from; tests may read and mutate it. */
  readonly org: SandboxOrg;
  readonly faults: FaultInjector;
  readonly stats: SandboxStats;
  /** An access token without the OAuth dance; default: the admin permissions and the configured TTL. */
  issueToken(opts?: { permissions?: string[]; ttlSeconds?: number }): string;
  expireToken(token: string): void;
  /** Every access token, refresh token and authorization code it has issued: what must never show up anywhere. */
  issuedSecrets(): string[];
  /** Expires every access token; refresh tokens stay valid. */
  expireAllTokens(): void;
  setLatency(ms: number): void;
  /** Also restarts every token's window. */
  setRateLimit(limit: RateLimit | false): void;
  setLegacyOrganizationEndpoint(on: boolean): void;
  /** Closes the server and every open socket (hanging requests included), promptly. */
  close(): Promise<void>;
}

/** Keeps the fault PRNG's sequence apart from the data's, so adding faults never changes the data. */
const FAULT_RANDOM_SALT = 0x5eed_fa17;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = resolveConfig(options);
  const org = generateOrg(config.seed, config.userCount);
  const clients = sandboxClients(config.seed);
  const tokens = new TokenStore(config.clock);
  const rateLimiter = new SlidingWindowRateLimiter(config.rateLimit);
  const faults = new FaultTable(new SeededRandom(config.seed ^ FAULT_RANDOM_SALT));
  const stats = new StatsRecorder();
  const router = new Router([
    ...authRoutes({ org, config, clients, tokens }),
    ...licenseRoutes(org, config),
    ...directoryRoutes(org, config),
    ...authorizationRoutes(org),
  ]);
  const server = new SandboxServer({ config, router, tokens, rateLimiter, faults, stats });
  const port = await server.listen(config.host, config.port);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${host}:${port}`,
    clients,
    org,
    faults,
    stats,
    issueToken: ({ permissions = [...ADMIN_PERMISSIONS], ttlSeconds = config.tokenTtlSeconds } = {}) => {
      requireNonNegative('ttlSeconds', ttlSeconds);
      const client = { id: clients.admin.clientId, name: clients.admin.name, authorizedGrantType: 'CLIENT-CREDENTIALS' as const };
      return tokens.issueAccessToken({ client, permissions: [...permissions] }, ttlSeconds).value;
    },
    expireToken: (token) => tokens.expire(token),
    issuedSecrets: () => [...tokens.issued],
    expireAllTokens: () => tokens.expireAll(),
    setLatency: (ms) => {
      requireNonNegative('latencyMs', ms);
      config.latencyMs = ms;
    },
    setRateLimit: (limit) => {
      validateRateLimit(limit);
      config.rateLimit = limit;
      rateLimiter.setLimit(limit);
    },
    setLegacyOrganizationEndpoint: (on) => {
      config.legacyOrganizationEndpoint = on;
    },
    close: () => server.close(),
  };
}
