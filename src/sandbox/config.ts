export interface RateLimit {
  requests: number;
  windowMs: number;
}

export type ToggleMode = 'deprecated' | 'stateful';

/** How answers carry empty arrays and null fields: left out, as Genesys does, or always there. */
export type EmptyFields = 'omitted' | 'present';

/** Sets the default of `emptyFields` for every sandbox of a process (a test run, the extension host's suite). */
export const EMPTY_FIELDS_ENV = 'GENESYS_TEST_SANDBOX_EMPTY_FIELDS';

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 1. The same seed gives the same org, byte for byte. */
  seed?: number;
  /** Default 3000. */
  userCount?: number;
  /** Default 0. Added before every answer, OAuth included. */
  latencyMs?: number;
  /** Default 300 requests per 60 s per access token (sliding window); false disables it. */
  rateLimit?: RateLimit | false;
  /** Default 3600: `expires_in` of issued tokens. */
  tokenTtlSeconds?: number;
  /** Default false: GET /api/v2/license/organization answers 404 as real orgs have since 2019. */
  legacyOrganizationEndpoint?: boolean;
  /** Default 'deprecated' (GET always enabled, POST changes nothing); 'stateful' keeps per-feature state. */
  toggles?: ToggleMode;
  /** Default 512000 (Genesys' `request.bytes.max`); larger bodies answer 413. */
  maxRequestBytes?: number;
  /** Default 100, the most Genesys accepts for the listings served here; a larger `pageSize` answers 400. */
  maxPageSize?: number;
  /**
   * Default 'omitted' (Genesys leaves empty arrays and null fields out of its answers: a user without licenses has no
   * `licenses` key), or whatever the environment variable GENESYS_TEST_SANDBOX_EMPTY_FIELDS says.
   */
  emptyFields?: EmptyFields;
  /**
   * Default `Date.now`: the time by which tokens and authorization codes expire and the rate limit's window slides.
   * A test of those moves its own clock, so a busy machine's pauses cannot expire a token or empty a window mid-test.
   */
  clock?: () => number;
}

/** The resolved options; the mutable ones are read on every request, so the setters act at once. */
export type SandboxConfig = Required<SandboxOptions>;

const DEFAULTS: SandboxConfig = {
  host: '127.0.0.1',
  port: 0,
  seed: 1,
  userCount: 3000,
  latencyMs: 0,
  rateLimit: { requests: 300, windowMs: 60_000 },
  tokenTtlSeconds: 3600,
  legacyOrganizationEndpoint: false,
  toggles: 'deprecated',
  maxRequestBytes: 512_000,
  maxPageSize: 100,
  emptyFields: 'omitted',
  clock: Date.now,
};

export function resolveConfig(options: SandboxOptions): SandboxConfig {
  const config: SandboxConfig = { ...DEFAULTS, emptyFields: (process.env[EMPTY_FIELDS_ENV] as EmptyFields | undefined) || DEFAULTS.emptyFields };
  for (const [key, value] of Object.entries(options) as [string, unknown][]) {
    if (value !== undefined) {
      Object.assign(config, { [key]: value });
    }
  }
  requireInteger('port', config.port, 0, 65535);
  requireInteger('seed', config.seed, -(2 ** 31), 2 ** 32 - 1);
  requireInteger('userCount', config.userCount, 0, 10_000_000);
  requireNonNegative('latencyMs', config.latencyMs);
  requirePositive('tokenTtlSeconds', config.tokenTtlSeconds);
  requireInteger('maxRequestBytes', config.maxRequestBytes, 1, Number.MAX_SAFE_INTEGER);
  requireInteger('maxPageSize', config.maxPageSize, 1, Number.MAX_SAFE_INTEGER);
  if (config.toggles !== 'deprecated' && config.toggles !== 'stateful') {
    throw new RangeError(`toggles must be 'deprecated' or 'stateful' (got ${String(config.toggles)})`);
  }
  if (config.emptyFields !== 'omitted' && config.emptyFields !== 'present') {
    throw new RangeError(`emptyFields must be 'omitted' or 'present' (got ${String(config.emptyFields)}; see ${EMPTY_FIELDS_ENV})`);
  }
  validateRateLimit(config.rateLimit);
  return config;
}

export function validateRateLimit(limit: RateLimit | false): void {
  if (limit !== false) {
    requireInteger('rateLimit.requests', limit.requests, 1, Number.MAX_SAFE_INTEGER);
    requirePositive('rateLimit.windowMs', limit.windowMs);
  }
}

export function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a number >= 0 (got ${value})`);
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a number > 0 (got ${value})`);
  }
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max} (got ${value})`);
  }
}
