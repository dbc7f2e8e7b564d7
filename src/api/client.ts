import { ClientCredentialsTokenProvider, StaticTokenProvider } from './auth';
import { GenesysApiError } from './errors';
import {
  ApiTransport,
  type ClientLogger,
  DEFAULT_RETRY_POLICY,
  defaultFetch,
  type FetchLike,
  type RetryNotice,
  type RetryPolicy,
  silentLogger,
  type TokenProvider,
} from './http';
import type {
  AuthorizationRole,
  DirectoryUser,
  EntityListing,
  LicenseBatchAssignmentRequest,
  LicenseDefinition,
  LicenseOrganization,
  LicenseOrgToggle,
  LicenseUpdateStatus,
  LicenseUser,
  TokenInfo,
  UserLicenses,
  UserLicensesEntityListing,
  UserLicensesMap,
} from './models';
import { ConcurrencyLimiter, type RateBudget, RequestPacer } from './pacing';
import { resolveEnvironment, type ResolvedEnvironment } from './regions';

export type LicenseClientCredentials =
  | { clientId: string; clientSecret: string }
  | { accessToken: string }
  | { tokenProvider: TokenProvider };

export interface LicenseClientOptions {
  /** A region host, a region key or a base URL; `mypurecloud.com` when absent. */
  environment?: string;
  credentials: LicenseClientCredentials;
  /** Requests in flight at once, across every operation of this client. Default 8. */
  maxConcurrency?: number;
  /** Users per page when paging the users listing. Default 100 (the practical maximum seen in use). */
  pageSize?: number;
  /** The token's request budget the client paces itself under; `false` to switch pacing off. Default 300 a minute. */
  rateBudget?: RateBudget | false;
  /** Time limit for one request, in ms. Default 30 000. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: FetchLike;
  logger?: ClientLogger;
  onRetry?: (notice: RetryNotice) => void;
  userAgent?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface UsersPageRequest extends CallOptions {
  pageNumber?: number;
  pageSize?: number;
}

/** A page of the users listing with every field filled in (the API leaves them optional). */
export interface UsersPage {
  entities: Required<Pick<UserLicenses, 'id' | 'licenses'>>[];
  pageNumber: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface ScanProgress {
  pagesLoaded: number;
  pageCount: number;
  usersLoaded: number;
  total: number;
}

export interface ScanUsersOptions extends CallOptions {
  pageSize?: number;
  onProgress?: (progress: ScanProgress) => void;
}

export type UserLicenseIds = UsersPage['entities'][number];

export interface FetchUsersLicensesResult {
  /** In the order asked, duplicates merged. */
  users: UserLicenseIds[];
  /** IDs the org did not answer for. */
  notFound: string[];
}

/** The removed `GET /license/organization` shape, and where it came from. */
export interface OrganizationAssignments extends LicenseOrganization {
  licenses: Record<string, { id: string; selfUri?: string }[]>;
  /** `legacy-endpoint` when the org still answers the removed operation; `users-scan` when rebuilt from the paged listing. */
  source: 'legacy-endpoint' | 'users-scan';
}

/** IDs per request of `POST /license/users`; the API documents no limit, this stays far below the 512 000-byte body cap. */
export const USERS_LICENSES_BATCH_SIZE = 100;

function requireId(value: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${what} is empty.` });
  }
  return value.trim();
}

/**
 * One path segment from an ID or name: encoded, and refused when it is `.` or `..`, which URL parsing would resolve
 * (also as `%2E`) into another endpoint (`POST /license/toggles/..` is `POST /license/`).
 */
function pathSegment(value: string, what: string): string {
  const id = requireId(value, what);
  if (id === '.' || id === '..') {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${what} "${id}" would change the request's path, so it was not sent.` });
  }
  return encodeURIComponent(id);
}

function requireStringArray(values: readonly string[], what: string): string[] {
  if (!Array.isArray(values) || values.some((value) => typeof value !== 'string' || value.trim() === '')) {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${what} must be a list of non-empty strings.` });
  }
  return [...new Set(values.map((value) => value.trim()))];
}

function malformed(path: string, what: string): GenesysApiError {
  return new GenesysApiError({ kind: 'malformed-response', code: 'unexpected.shape', message: `${path} answered ${what}.`, path });
}

/** License IDs from one value of the `POST /license/users` map, whichever of the shapes seen it takes. */
function licenseIdsFrom(value: unknown): string[] | undefined {
  if (Array.isArray(value)) {
    return value
      .map((item) => (typeof item === 'string' ? item : (item as { id?: unknown } | null)?.id))
      .filter((id): id is string => typeof id === 'string');
  }
  if (value && typeof value === 'object' && 'licenses' in value) {
    return licenseIdsFrom((value as { licenses: unknown }).licenses);
  }
  return undefined;
}

/** A typed client for every operation of the Genesys Cloud License API. It knows nothing of VS Code. */
export class LicenseClient {
  readonly environment: ResolvedEnvironment;
  readonly maxConcurrency: number;
  readonly pageSize: number;
  private readonly transport: ApiTransport;
  private readonly tokens: TokenProvider;

  constructor(options: LicenseClientOptions) {
    this.environment = resolveEnvironment(options.environment);
    this.maxConcurrency = options.maxConcurrency ?? 8;
    this.pageSize = options.pageSize ?? 100;
    const fetch = options.fetch ?? defaultFetch;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const endpoint = { loginBaseUrl: this.environment.loginBaseUrl, fetch, timeoutMs };
    const { credentials } = options;
    const tokens: TokenProvider = (this.tokens =
      'tokenProvider' in credentials
        ? credentials.tokenProvider
        : 'accessToken' in credentials
          ? new StaticTokenProvider(credentials.accessToken)
          : new ClientCredentialsTokenProvider(endpoint, credentials.clientId, credentials.clientSecret));
    this.transport = new ApiTransport({
      apiBaseUrl: this.environment.apiBaseUrl,
      tokens,
      fetch,
      timeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      pacer: new RequestPacer(options.rateBudget ?? { requests: 300, windowMs: 60_000 }),
      slots: new ConcurrencyLimiter(this.maxConcurrency),
      logger: options.logger ?? silentLogger,
      onRetry: options.onRetry,
      userAgent: options.userAgent ?? 'genesys-license-inspector',
    });
  }

  /** A current access token (fetched or renewed when needed), for handing to another API or extension. */
  getAccessToken(options: CallOptions = {}): Promise<string> {
    return this.tokens.getToken(options.signal);
  }

  /** `GET /api/v2/license/definitions`: every license the org can hold (one answer, not paged). */
  async listDefinitions(options: CallOptions = {}): Promise<LicenseDefinition[]> {
    const path = '/api/v2/license/definitions';
    const definitions = await this.transport.request<unknown>({ method: 'GET', path, idempotent: true, signal: options.signal });
    if (!Array.isArray(definitions)) {
      throw malformed(path, 'something other than a list of definitions');
    }
    return definitions as LicenseDefinition[];
  }

  /** `GET /api/v2/license/definitions/{licenseId}`. */
  getDefinition(licenseId: string, options: CallOptions = {}): Promise<LicenseDefinition> {
    return this.transport.request({ method: 'GET', path: `/api/v2/license/definitions/${pathSegment(licenseId, 'The license ID')}`, idempotent: true, signal: options.signal });
  }

  /** `GET /api/v2/license/users/{userId}`: the user's licenses as full definitions. */
  getUserLicenses(userId: string, options: CallOptions = {}): Promise<LicenseUser> {
    return this.transport.request({ method: 'GET', path: `/api/v2/license/users/${pathSegment(userId, 'The user ID')}`, idempotent: true, signal: options.signal });
  }

  /** `GET /api/v2/license/users`: one page, by number (the listing has no `nextUri`). */
  async listUsersPage(request: UsersPageRequest = {}): Promise<UsersPage> {
    const pageNumber = request.pageNumber ?? 1;
    const pageSize = request.pageSize ?? this.pageSize;
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || !Number.isInteger(pageSize) || pageSize < 1) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: `Page number and page size must be whole numbers of at least 1 (got ${pageNumber} and ${pageSize}).` });
    }
    const path = '/api/v2/license/users';
    const listing = await this.transport.request<UserLicensesEntityListing>({ method: 'GET', path, query: { pageSize, pageNumber }, idempotent: true, signal: request.signal });
    if (!listing || typeof listing !== 'object' || (listing.entities !== undefined && !Array.isArray(listing.entities))) {
      throw malformed(path, 'something other than a users listing');
    }
    const entities = (listing.entities ?? []).filter((user) => typeof user?.id === 'string').map((user) => ({ id: user.id as string, licenses: user.licenses ?? [] }));
    const total = listing.total ?? entities.length;
    return {
      entities,
      pageNumber: listing.pageNumber ?? pageNumber,
      pageSize: listing.pageSize ?? pageSize,
      total,
      pageCount: listing.pageCount ?? Math.ceil(total / pageSize),
    };
  }

  /**
   * Every user with their license IDs, in listing order: page 1 first (it tells how many pages there are), then the
   * rest in parallel under the concurrency cap and the rate budget. Throws rather than return a partial list.
   */
  scanUsers(options: ScanUsersOptions = {}): Promise<UserLicenseIds[]> {
    return this.createUsersScan(options.pageSize).run(options);
  }

  /** A scan that keeps the pages it loaded: after a failure, running it again fetches only the pages still missing. */
  createUsersScan(pageSize = this.pageSize): UsersScan {
    return new UsersScan((pageNumber, signal) => this.listUsersPage({ pageNumber, pageSize, signal }), this.maxConcurrency);
  }

  /** `POST /api/v2/license/users` in batches: license IDs for many users at once. */
  async fetchUsersLicenses(userIds: readonly string[], options: CallOptions = {}): Promise<FetchUsersLicensesResult> {
    const ids = requireStringArray(userIds, 'The user IDs');
    const path = '/api/v2/license/users';
    const found = new Map<string, string[]>();
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += USERS_LICENSES_BATCH_SIZE) {
      batches.push(ids.slice(start, start + USERS_LICENSES_BATCH_SIZE));
    }
    await Promise.all(
      batches.map(async (batch) => {
        const answer = await this.transport.request<UserLicensesMap>({ method: 'POST', path, body: batch, idempotent: true, signal: options.signal });
        if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
          throw malformed(path, 'something other than a map of users');
        }
        for (const [userId, value] of Object.entries(answer)) {
          const licenses = licenseIdsFrom(value);
          if (licenses) {
            found.set(userId, licenses);
          }
        }
      }),
    );
    return {
      users: ids.filter((id) => found.has(id)).map((id) => ({ id, licenses: found.get(id) as string[] })),
      notFound: ids.filter((id) => !found.has(id)),
    };
  }

  /** `POST /api/v2/license/infer`: the license IDs the given roles imply. */
  async inferLicenses(roleIds: readonly string[], options: CallOptions = {}): Promise<string[]> {
    return this.postForIds('/api/v2/license/infer', requireStringArray(roleIds, 'The role IDs'), options);
  }

  /** `POST /api/v2/license/infer/permissions` (a preview operation: Genesys may change it without notice). */
  async inferLicensesFromPermissions(permissions: readonly string[], options: CallOptions = {}): Promise<string[]> {
    return this.postForIds('/api/v2/license/infer/permissions', requireStringArray(permissions, 'The permissions'), options);
  }

  private async postForIds(path: string, body: string[], options: CallOptions): Promise<string[]> {
    const answer = await this.transport.request<unknown>({ method: 'POST', path, body, idempotent: true, signal: options.signal });
    if (!Array.isArray(answer) || answer.some((id) => typeof id !== 'string')) {
      throw malformed(path, 'something other than a list of license IDs');
    }
    return answer as string[];
  }

  /** `GET /api/v2/license/toggles/{featureName}`. Deprecated by Genesys: real orgs always answer enabled. */
  getToggle(featureName: string, options: CallOptions = {}): Promise<LicenseOrgToggle> {
    return this.transport.request({ method: 'GET', path: `/api/v2/license/toggles/${pathSegment(featureName, 'The feature name')}`, idempotent: true, signal: options.signal });
  }

  /** `POST /api/v2/license/toggles/{featureName}`. Deprecated by Genesys: it changes nothing on real orgs. Never resent blindly. */
  flipToggle(featureName: string, options: CallOptions = {}): Promise<LicenseOrgToggle> {
    return this.transport.request({ method: 'POST', path: `/api/v2/license/toggles/${pathSegment(featureName, 'The feature name')}`, idempotent: false, signal: options.signal });
  }

  /**
   * `POST /api/v2/license/organization`: gives and takes licenses. A write: sent once; when its outcome is unknown
   * (a timeout, a dropped connection, a 5xx) the error says so (`outcomeUnknown`) and nothing is resent.
   */
  async assignLicenses(request: LicenseBatchAssignmentRequest, options: CallOptions = {}): Promise<LicenseUpdateStatus[]> {
    const body = validateBatchRequest(request);
    const path = '/api/v2/license/organization';
    const answer = await this.transport.request<unknown>({ method: 'POST', path, body, idempotent: false, signal: options.signal });
    if (!Array.isArray(answer)) {
      throw malformed(path, 'something other than a list of update results').withOutcomeUnknown();
    }
    return answer as LicenseUpdateStatus[];
  }

  /**
   * Who holds which license. Asks the removed `GET /api/v2/license/organization` first; when it answers 404, as it
   * does on orgs since 2019, builds the same shape from the paged users listing.
   */
  async getOrganizationAssignments(options: ScanUsersOptions = {}): Promise<OrganizationAssignments> {
    try {
      const legacy = await this.transport.request<LicenseOrganization>({ method: 'GET', path: '/api/v2/license/organization', idempotent: true, signal: options.signal });
      const licenses: OrganizationAssignments['licenses'] = {};
      for (const [licenseId, users] of Object.entries(legacy.licenses ?? {})) {
        licenses[licenseId] = (users ?? []).filter((user) => typeof user?.id === 'string') as { id: string }[];
      }
      return { ...legacy, licenses, source: 'legacy-endpoint' };
    } catch (error) {
      if (!(error instanceof GenesysApiError) || !error.isNotFound) {
        throw error;
      }
    }
    const users = await this.scanUsers(options);
    const licenses: OrganizationAssignments['licenses'] = {};
    for (const user of users) {
      for (const licenseId of user.licenses) {
        (licenses[licenseId] ??= []).push({ id: user.id });
      }
    }
    return { licenses, source: 'users-scan' };
  }

  /** `GET /api/v2/tokens/me`: which org and OAuth client the token belongs to. */
  getTokenInfo(options: CallOptions = {}): Promise<TokenInfo> {
    return this.transport.request({ method: 'GET', path: '/api/v2/tokens/me', idempotent: true, signal: options.signal });
  }

  /** `DELETE /api/v2/tokens/me`: revokes the token, as sign-out should. */
  revokeToken(options: CallOptions = {}): Promise<void> {
    return this.transport.requestNoContent({ method: 'DELETE', path: '/api/v2/tokens/me', idempotent: true, signal: options.signal });
  }

  /** `GET /api/v2/users?id=…` in batches of 100: names and emails (needs `directory:user:view`). */
  async getDirectoryUsers(userIds: readonly string[], options: CallOptions = {}): Promise<DirectoryUser[]> {
    const ids = requireStringArray(userIds, 'The user IDs');
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += 100) {
      batches.push(ids.slice(start, start + 100));
    }
    const listings = await Promise.all(
      batches.map((batch) =>
        this.transport.request<EntityListing<DirectoryUser>>({ method: 'GET', path: '/api/v2/users', query: { id: batch, pageSize: batch.length }, idempotent: true, signal: options.signal }),
      ),
    );
    return listings.flatMap((listing) => listing.entities ?? []);
  }

  /** `GET /api/v2/authorization/roles`, every page (needs `authorization:role:view`). */
  async listRoles(options: CallOptions = {}): Promise<AuthorizationRole[]> {
    const roles: AuthorizationRole[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const listing = await this.transport.request<EntityListing<AuthorizationRole>>({ method: 'GET', path: '/api/v2/authorization/roles', query: { pageSize: 100, pageNumber }, idempotent: true, signal: options.signal });
      roles.push(...(listing.entities ?? []));
      if (!listing.entities?.length || pageNumber >= (listing.pageCount ?? pageNumber)) {
        return roles;
      }
    }
  }
}

/** Checks a batch request before it is sent: bad input is refused with a message and changes nothing. */
export function validateBatchRequest(request: LicenseBatchAssignmentRequest): LicenseBatchAssignmentRequest {
  if (!request || !Array.isArray(request.assignments) || request.assignments.length === 0) {
    throw new GenesysApiError({ kind: 'invalid-argument', message: 'A batch assignment needs at least one assignment.' });
  }
  return {
    assignments: request.assignments.map((assignment, index) => {
      const where = `Assignment ${index + 1}`;
      const licenseId = requireId(assignment?.licenseId, `${where}: the license ID`);
      const userIdsAdd = requireStringArray(assignment.userIdsAdd ?? [], `${where}: the users to add`);
      const userIdsRemove = requireStringArray(assignment.userIdsRemove ?? [], `${where}: the users to remove`);
      const both = userIdsAdd.filter((id) => userIdsRemove.includes(id));
      if (both.length > 0) {
        throw new GenesysApiError({ kind: 'invalid-argument', message: `${where}: ${both.join(', ')} is both added and removed.` });
      }
      if (userIdsAdd.length + userIdsRemove.length === 0) {
        throw new GenesysApiError({ kind: 'invalid-argument', message: `${where}: no users to add or remove.` });
      }
      return { licenseId, userIdsAdd, userIdsRemove };
    }),
  };
}

export function createLicenseClient(options: LicenseClientOptions): LicenseClient {
  return new LicenseClient(options);
}

/**
 * One full read of the users listing that can be resumed. Pages are kept as they arrive; `run` returns the whole
 * list only once every page is in, and a later `run` after a failure asks only for the missing pages.
 */
export class UsersScan {
  private readonly pages: (UserLicenseIds[] | undefined)[] = [];
  private pageCount?: number;
  private total = 0;

  constructor(
    private readonly loadPage: (pageNumber: number, signal: AbortSignal) => Promise<UsersPage>,
    private readonly maxConcurrency: number,
  ) {}

  get pagesLoaded(): number {
    return this.pages.filter(Boolean).length;
  }

  get complete(): boolean {
    return this.pageCount !== undefined && this.pagesLoaded >= this.pageCount;
  }

  async run(options: CallOptions & { onProgress?: (progress: ScanProgress) => void } = {}): Promise<UserLicenseIds[]> {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const keep = (pageNumber: number, page: UsersPage) => {
      this.pages[pageNumber - 1] = page.entities;
      // Users added while we scan can push the listing past the page count page 1 gave: follow it.
      this.pageCount = Math.max(this.pageCount ?? 1, page.pageCount, 1);
      this.total = Math.max(this.total, page.total);
    };
    const report = () => {
      const usersLoaded = this.pages.reduce((sum, page) => sum + (page?.length ?? 0), 0);
      options.onProgress?.({ pagesLoaded: this.pagesLoaded, pageCount: this.pageCount ?? 1, usersLoaded, total: Math.max(this.total, usersLoaded) });
    };
    try {
      if (!this.pages[0]) {
        keep(1, await this.loadPage(1, signal));
      }
      report();
      let failure: unknown;
      const nextMissing = (() => {
        let cursor = 1;
        return () => {
          while (cursor < (this.pageCount ?? 1) && this.pages[cursor]) {
            cursor++;
          }
          return cursor < (this.pageCount ?? 1) ? ++cursor : undefined;
        };
      })();
      const worker = async () => {
        for (let pageNumber = nextMissing(); pageNumber !== undefined && failure === undefined; pageNumber = nextMissing()) {
          try {
            keep(pageNumber, await this.loadPage(pageNumber, signal));
            report();
          } catch (error) {
            if (failure === undefined) {
              failure = error;
              stop.abort(); // the other workers' requests are no longer wanted
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.maxConcurrency, Math.max(0, (this.pageCount ?? 1) - this.pagesLoaded)) }, worker));
      if (failure !== undefined) {
        throw failure;
      }
    } catch (error) {
      throw options.signal?.aborted ? new GenesysApiError({ kind: 'cancelled', message: 'The users scan was cancelled.', cause: error }) : error;
    }
    // A user who moved across a page boundary while we scanned appears twice; keep the first.
    const seen = new Set<string>();
    return (this.pages as UserLicenseIds[][]).flat().filter((user) => !seen.has(user.id) && seen.add(user.id));
  }
}
