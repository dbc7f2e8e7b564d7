import { ClientCredentialsTokenProvider, StaticTokenProvider } from './auth';
import { type AuthzSubject, type DomainOrganizationRole, type Group, groupsListing, organizationRolesListing, subjectShape, type UserWithAuthorization, userWithAuthorizationShape } from './authorization';
import { GenesysApiError } from './errors';
import {
  ApiTransport,
  type ClientLogger,
  DEFAULT_MAX_RESPONSE_BYTES,
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
  LicenseBatchAssignmentRequest,
  LicenseDefinition,
  LicenseOrganization,
  LicenseOrgToggle,
  LicenseUpdateStatus,
  LicenseUser,
  TokenInfo,
  UserLicenses,
} from './models';
import {
  directoryUsers,
  licenseDefinition,
  licenseDefinitions,
  licenseIdList,
  licenseOrganization,
  licenseToggle,
  licenseUser,
  rolesListing,
  tokenInfo,
  updateStatuses,
  userLicensesEntry,
  userLicensesListing,
  userLicensesMap,
} from './answerShapes';
import { ConcurrencyLimiter, type RateBudget, RequestPacer } from './pacing';
import { resolveEnvironment, type ResolvedEnvironment } from './regions';
import { ShapeError } from './shapes';

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
  /**
   * Users per page when paging the users listing. Default 100, the most Genesys accepts; a larger size the org
   * refuses falls back to 100 (and `onPageSizeRefused` is told).
   */
  pageSize?: number;
  /** The token's request budget the client paces itself under; `false` to switch pacing off. Default 300 a minute. */
  rateBudget?: RateBudget | false;
  /** Time limit for one request, in ms. Default 30 000. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: FetchLike;
  logger?: ClientLogger;
  onRetry?: (notice: RetryNotice) => void;
  /** Told once when the org refuses the configured page size and the client falls back to 100. */
  onPageSizeRefused?: (notice: PageSizeRefusal) => void;
  /** The most bytes one answer may have; a larger one is refused unread. Default 32 MiB. */
  maxResponseBytes?: number;
  userAgent?: string;
}

export interface PageSizeRefusal {
  requested: number;
  using: number;
  /** What the org said, as it said it (untrusted text). */
  reason: string;
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

/** The page size every org accepts (Genesys refuses more than 100 on its listings). */
export const FALLBACK_PAGE_SIZE = 100;

/**
 * The most pages one scan reads: 1 000 000 users at 100 a page, over half an hour at 300 requests a minute. An org
 * reporting more is refused plainly instead of starting a scan that would not end.
 */
export const MAX_SCAN_PAGES = 10_000;

/** Roles are a few dozen in a real org; a listing of more than 10 000 is not followed. */
const MAX_ROLE_PAGES = 100;

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
  // Typed as strings, but callers pass what commands and other extensions hand them: checked, not trusted.
  const given: unknown = values;
  if (!Array.isArray(given) || given.some((value) => typeof value !== 'string' || value.trim() === '')) {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${what} must be a list of non-empty strings.` });
  }
  return [...new Set((given as string[]).map((value) => value.trim()))];
}

/** A 400 that names `pageSize`: the org does not take pages that large. */
function isPageSizeRefusal(error: unknown): error is GenesysApiError {
  return (
    error instanceof GenesysApiError &&
    error.status === 400 &&
    (error.body?.details?.some((detail) => detail.fieldName === 'pageSize') || /page ?size/i.test(error.message))
  );
}

/** A typed client for every operation of the Genesys Cloud License API. It knows nothing of VS Code. */
export class LicenseClient {
  readonly environment: ResolvedEnvironment;
  readonly maxConcurrency: number;
  private configuredPageSize: number;
  private readonly onPageSizeRefused?: (notice: PageSizeRefusal) => void;
  private readonly transport: ApiTransport;
  private readonly tokens: TokenProvider;

  constructor(options: LicenseClientOptions) {
    this.environment = resolveEnvironment(options.environment);
    this.maxConcurrency = options.maxConcurrency ?? 8;
    this.configuredPageSize = options.pageSize ?? FALLBACK_PAGE_SIZE;
    this.onPageSizeRefused = options.onPageSizeRefused;
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
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      userAgent: options.userAgent ?? 'genesys-license-inspector',
    });
  }

  /** Users per page of the listing: the configured size, or 100 once the org refused it. */
  get pageSize(): number {
    return this.configuredPageSize;
  }

  /** A current access token (fetched or renewed when needed), for handing to another API or extension. */
  getAccessToken(options: CallOptions = {}): Promise<string> {
    return this.tokens.getToken(options.signal);
  }

  /** `GET /api/v2/license/definitions`: every license the org can hold (one answer, not paged). */
  listDefinitions(options: CallOptions = {}): Promise<LicenseDefinition[]> {
    return this.transport.request({ method: 'GET', path: '/api/v2/license/definitions', idempotent: true, signal: options.signal }, licenseDefinitions);
  }

  /** `GET /api/v2/license/definitions/{licenseId}`. */
  getDefinition(licenseId: string, options: CallOptions = {}): Promise<LicenseDefinition> {
    return this.transport.request({ method: 'GET', path: `/api/v2/license/definitions/${pathSegment(licenseId, 'The license ID')}`, idempotent: true, signal: options.signal }, licenseDefinition);
  }

  /** `GET /api/v2/license/users/{userId}`: the user's licenses as full definitions. */
  getUserLicenses(userId: string, options: CallOptions = {}): Promise<LicenseUser> {
    return this.transport.request({ method: 'GET', path: `/api/v2/license/users/${pathSegment(userId, 'The user ID')}`, idempotent: true, signal: options.signal }, licenseUser);
  }

  /**
   * `GET /api/v2/license/users`: one page, by number (the listing has no `nextUri`). When the org refuses the page
   * size of a first page, it is asked again with 100, which this client then keeps to.
   */
  async listUsersPage(request: UsersPageRequest = {}): Promise<UsersPage> {
    const pageNumber = request.pageNumber ?? 1;
    const pageSize = request.pageSize ?? this.pageSize;
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || !Number.isInteger(pageSize) || pageSize < 1) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: `Page number and page size must be whole numbers of at least 1 (got ${pageNumber} and ${pageSize}).` });
    }
    try {
      return await this.readUsersPage(pageNumber, pageSize, request.signal);
    } catch (error) {
      // Only a first page: a later page at another size would not continue the pages already read.
      if (pageNumber !== 1 || pageSize <= FALLBACK_PAGE_SIZE || !isPageSizeRefusal(error)) {
        throw error;
      }
      if (this.configuredPageSize > FALLBACK_PAGE_SIZE) {
        this.configuredPageSize = FALLBACK_PAGE_SIZE;
        this.onPageSizeRefused?.({ requested: pageSize, using: FALLBACK_PAGE_SIZE, reason: error.message });
      }
      return this.readUsersPage(pageNumber, FALLBACK_PAGE_SIZE, request.signal);
    }
  }

  private async readUsersPage(pageNumber: number, pageSize: number, signal: AbortSignal | undefined): Promise<UsersPage> {
    const listing = await this.transport.request({ method: 'GET', path: '/api/v2/license/users', query: { pageSize, pageNumber }, idempotent: true, signal }, userLicensesListing);
    const size = listing.pageSize || pageSize;
    if (listing.entities.length > size) {
      throw new GenesysApiError({
        kind: 'malformed-response',
        code: 'unexpected.shape',
        message: `GET /api/v2/license/users answered ${listing.entities.length} users on a page of ${size}.`,
        path: '/api/v2/license/users',
        field: 'entities',
      });
    }
    const pages = Math.ceil(listing.total / size);
    return {
      entities: listing.entities,
      pageNumber: listing.pageNumber ?? pageNumber,
      pageSize: size,
      total: listing.total,
      // A page count beyond what the total needs is not believed: it would only add empty pages.
      pageCount: Math.min(listing.pageCount ?? pages, pages),
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
  createUsersScan(pageSize?: number): UsersScan {
    return new UsersScan((pageNumber, size, signal) => this.listUsersPage({ pageNumber, pageSize: size, signal }), this.maxConcurrency, pageSize);
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
        const answer = await this.transport.request({ method: 'POST', path, body: batch, idempotent: true, signal: options.signal }, userLicensesMap);
        // Only the IDs asked for are read; a user the org answers without `licenses` holds none (Genesys omits empty lists).
        for (const userId of batch) {
          if (answer[userId] === undefined || answer[userId] === null) {
            continue;
          }
          try {
            found.set(userId, userLicensesEntry(answer[userId], `[${JSON.stringify(userId)}]`));
          } catch (error) {
            throw error instanceof ShapeError ? this.transport.malformed({ method: 'POST', path }, error) : error;
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

  private postForIds(path: string, body: string[], options: CallOptions): Promise<string[]> {
    return this.transport.request({ method: 'POST', path, body, idempotent: true, signal: options.signal }, licenseIdList);
  }

  /** `GET /api/v2/license/toggles/{featureName}`. Deprecated by Genesys: real orgs always answer enabled. */
  getToggle(featureName: string, options: CallOptions = {}): Promise<LicenseOrgToggle> {
    return this.transport.request({ method: 'GET', path: `/api/v2/license/toggles/${pathSegment(featureName, 'The feature name')}`, idempotent: true, signal: options.signal }, licenseToggle);
  }

  /** `POST /api/v2/license/toggles/{featureName}`. Deprecated by Genesys: it changes nothing on real orgs. Never resent blindly. */
  flipToggle(featureName: string, options: CallOptions = {}): Promise<LicenseOrgToggle> {
    return this.transport.request({ method: 'POST', path: `/api/v2/license/toggles/${pathSegment(featureName, 'The feature name')}`, idempotent: false, signal: options.signal }, licenseToggle);
  }

  /**
   * `POST /api/v2/license/organization`: gives and takes licenses. A write: sent once; when its outcome is unknown
   * (a timeout, a dropped connection, a 5xx) the error says so (`outcomeUnknown`) and nothing is resent.
   */
  async assignLicenses(request: LicenseBatchAssignmentRequest, options: CallOptions = {}): Promise<LicenseUpdateStatus[]> {
    const body = validateBatchRequest(request);
    try {
      return await this.transport.request({ method: 'POST', path: '/api/v2/license/organization', body, idempotent: false, signal: options.signal }, updateStatuses);
    } catch (error) {
      // The write was answered, but not in a way that says what it did.
      throw error instanceof GenesysApiError && error.kind === 'malformed-response' ? error.withOutcomeUnknown() : error;
    }
  }

  /**
   * Who holds which license. Asks the removed `GET /api/v2/license/organization` first; when it answers 404, as it
   * does on orgs since 2019, builds the same shape from the paged users listing.
   */
  async getOrganizationAssignments(options: ScanUsersOptions = {}): Promise<OrganizationAssignments> {
    try {
      const legacy = await this.transport.request({ method: 'GET', path: '/api/v2/license/organization', idempotent: true, signal: options.signal }, licenseOrganization);
      return { ...legacy, licenses: legacy.licenses ?? {}, source: 'legacy-endpoint' };
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
    return this.transport.request({ method: 'GET', path: '/api/v2/tokens/me', idempotent: true, signal: options.signal }, tokenInfo);
  }

  /** `DELETE /api/v2/tokens/me`: revokes the token, as sign-out should. */
  revokeToken(options: CallOptions = {}): Promise<void> {
    return this.transport.requestNoContent({ method: 'DELETE', path: '/api/v2/tokens/me', idempotent: true, signal: options.signal });
  }

  /** `GET /api/v2/users?id=…` in batches of 100: names and emails (needs `directory:user:view`). */
  async getDirectoryUsers(userIds: readonly string[], options: CallOptions = {}): Promise<DirectoryUser[]> {
    return this.byIdBatches(userIds, 'The user IDs', async (batch) => {
      const listing = await this.transport.request({ method: 'GET', path: '/api/v2/users', query: { id: batch, pageSize: batch.length }, idempotent: true, signal: options.signal }, directoryUsers);
      return listing.entities;
    });
  }

  /**
   * `GET /api/v2/authorization/roles`, every page (needs `authorization:role:view`): as many pages as the total needs,
   * at most MAX_ROLE_PAGES, ending early at an empty page.
   */
  async listRoles(options: CallOptions = {}): Promise<AuthorizationRole[]> {
    const roles: AuthorizationRole[] = [];
    const pageSize = FALLBACK_PAGE_SIZE;
    for (let pageNumber = 1; ; pageNumber++) {
      const listing = await this.transport.request({ method: 'GET', path: '/api/v2/authorization/roles', query: { pageSize, pageNumber }, idempotent: true, signal: options.signal }, rolesListing);
      roles.push(...listing.entities);
      const pages = Math.min(listing.pageCount ?? pageNumber, listing.total === undefined ? Infinity : Math.ceil(listing.total / pageSize));
      if (listing.entities.length === 0 || pageNumber >= pages) {
        return roles;
      }
      if (pageNumber >= MAX_ROLE_PAGES) {
        throw new GenesysApiError({ kind: 'malformed-response', code: 'listing.too.long', message: `GET /api/v2/authorization/roles reports more than ${MAX_ROLE_PAGES * pageSize} roles; stopped reading.`, path: '/api/v2/authorization/roles', field: 'pageCount' });
      }
    }
  }

  /**
   * `GET /api/v2/authorization/subjects/{subjectId}` with duplicates (AuthorizationApi.getAuthorizationSubject →
   * AuthzSubject; needs `authorization:grant:view`): each grant once per way it reaches the user, direct or a group.
   */
  async getSubjectGrants(subjectId: string, options: CallOptions = {}): Promise<AuthzSubject> {
    const path = `/api/v2/authorization/subjects/${encodeURIComponent(requireId(subjectId, 'The subject ID'))}`;
    return this.transport.request({ method: 'GET', path, query: { includeDuplicates: 'true' }, idempotent: true, signal: options.signal }, subjectShape);
  }

  /** `GET /api/v2/authorization/roles?id=…`, 100 IDs a request (getAuthorizationRoles → DomainOrganizationRole; needs `authorization:role:view`). */
  async getRolesById(roleIds: readonly string[], options: CallOptions = {}): Promise<DomainOrganizationRole[]> {
    return this.byIdBatches(roleIds, 'The role IDs', async (batch) => {
      const listing = await this.transport.request({ method: 'GET', path: '/api/v2/authorization/roles', query: { id: batch, pageSize: 100 }, idempotent: true, signal: options.signal }, organizationRolesListing);
      return listing.entities;
    });
  }

  /** `GET /api/v2/users/{userId}?expand=authorization,groups` (UsersApi.getUser → User; needs `directory:user:view`). */
  async getUserWithAuthorization(userId: string, options: CallOptions = {}): Promise<UserWithAuthorization> {
    const path = `/api/v2/users/${encodeURIComponent(requireId(userId, 'The user ID'))}`;
    return this.transport.request({ method: 'GET', path, query: { expand: ['authorization', 'groups'] }, idempotent: true, signal: options.signal }, userWithAuthorizationShape);
  }

  /** `GET /api/v2/groups?id=…`, 100 IDs a request (GroupsApi.getGroups → GroupEntityListing). */
  async getGroupsById(groupIds: readonly string[], options: CallOptions = {}): Promise<Group[]> {
    return this.byIdBatches(groupIds, 'The group IDs', async (batch) => {
      const listing = await this.transport.request({ method: 'GET', path: '/api/v2/groups', query: { id: batch, pageSize: 100 }, idempotent: true, signal: options.signal }, groupsListing);
      return listing.entities;
    });
  }

  /** Asks for the IDs 100 at a time (the listings' page size cap), all at once under the client's pacing. */
  private async byIdBatches<T>(ids: readonly string[], what: string, read: (batch: string[]) => Promise<T[]>): Promise<T[]> {
    const unique = requireStringArray(ids, what);
    const batches: string[][] = [];
    for (let start = 0; start < unique.length; start += 100) {
      batches.push(unique.slice(start, start + 100));
    }
    return (await Promise.all(batches.map(read))).flat();
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
 * list only once every page is in, and a later `run` after a failure asks only for the missing pages. The scan reads
 * no more pages than the total needs (whatever `pageCount` says), at most MAX_SCAN_PAGES, and ends at an empty page.
 */
export class UsersScan {
  private readonly pages: (UserLicenseIds[] | undefined)[] = [];
  /** The most pages any page said the listing has (each bounded by its total). */
  private reportedPages?: number;
  /** The first page that came back empty: the listing ends before it. */
  private emptyPage = Infinity;
  private total = 0;

  constructor(
    private readonly loadPage: (pageNumber: number, pageSize: number | undefined, signal: AbortSignal) => Promise<UsersPage>,
    private readonly maxConcurrency: number,
    private pageSize?: number,
  ) {}

  private get lastPage(): number {
    return Math.min(Math.max(this.reportedPages ?? 1, 1), this.emptyPage - 1);
  }

  get pagesLoaded(): number {
    return this.pages.slice(0, this.lastPage).filter(Boolean).length;
  }

  get complete(): boolean {
    return this.reportedPages !== undefined && this.pagesLoaded >= this.lastPage;
  }

  async run(options: CallOptions & { onProgress?: (progress: ScanProgress) => void } = {}): Promise<UserLicenseIds[]> {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const keep = (pageNumber: number, page: UsersPage) => {
      if (pageNumber === 1) {
        this.pageSize = page.pageSize; // after a refused size, the later pages follow the first page's
      }
      if (page.entities.length === 0 && pageNumber > 1) {
        this.emptyPage = Math.min(this.emptyPage, pageNumber);
        return;
      }
      this.pages[pageNumber - 1] = page.entities;
      // Users added while we scan can push the listing past the page count page 1 gave: follow it.
      this.reportedPages = Math.max(this.reportedPages ?? 1, page.pageCount, 1);
      this.total = Math.max(this.total, page.total);
      if (this.reportedPages > MAX_SCAN_PAGES) {
        throw new GenesysApiError({
          kind: 'malformed-response',
          code: 'listing.too.long',
          message: `GET /api/v2/license/users reports ${page.total.toLocaleString('en-US')} users, ${this.reportedPages.toLocaleString('en-US')} pages of ${page.pageSize}; a full scan reads at most ${MAX_SCAN_PAGES.toLocaleString('en-US')} pages, so it stops here. Look users up by ID instead.`,
          path: '/api/v2/license/users',
          field: 'total',
        });
      }
    };
    const report = () => {
      const usersLoaded = this.pages.slice(0, this.lastPage).reduce((sum, page) => sum + (page?.length ?? 0), 0);
      options.onProgress?.({ pagesLoaded: this.pagesLoaded, pageCount: this.lastPage, usersLoaded, total: Math.max(this.total, usersLoaded) });
    };
    try {
      if (!this.pages[0]) {
        keep(1, await this.loadPage(1, this.pageSize, signal));
      }
      report();
      let failure: unknown;
      const nextMissing = (() => {
        let cursor = 1;
        return () => {
          while (cursor < this.lastPage && this.pages[cursor]) {
            cursor++;
          }
          return cursor < this.lastPage ? ++cursor : undefined;
        };
      })();
      const worker = async () => {
        for (let pageNumber = nextMissing(); pageNumber !== undefined && failure === undefined; pageNumber = nextMissing()) {
          try {
            keep(pageNumber, await this.loadPage(pageNumber, this.pageSize, signal));
            report();
          } catch (error) {
            if (failure === undefined) {
              failure = error;
              stop.abort(); // the other workers' requests are no longer wanted
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.maxConcurrency, Math.max(0, this.lastPage - this.pagesLoaded)) }, worker));
      if (failure !== undefined) {
        throw failure as Error; // what a page load threw: always a GenesysApiError
      }
    } catch (error) {
      throw options.signal?.aborted ? new GenesysApiError({ kind: 'cancelled', message: 'The users scan was cancelled.', cause: error }) : error;
    }
    // A user who moved across a page boundary while we scanned appears twice; keep the first.
    const seen = new Set<string>();
    return (this.pages.slice(0, this.lastPage) as UserLicenseIds[][]).flat().filter((user) => !seen.has(user.id) && seen.add(user.id));
  }
}
