import { ClientCredentialsTokenProvider, StaticTokenProvider } from './auth';
import { type AuthzSubject, type DomainOrganizationRole, type Group, groupsListing, organizationRolesListing, subjectShape, type UserWithAuthorization, userWithAuthorizationShape } from './authorization';
import {
  type CallOptions,
  FALLBACK_PAGE_SIZE,
  type FetchUsersLicensesResult,
  type LicenseClientOptions,
  type OrganizationAssignments,
  type PageSizeRefusal,
  USERS_LICENSES_BATCH_SIZE,
  type UsersPageRequest,
} from './clientOptions';
import { pathSegment, requireId, requireStringArray, validateBatchRequest } from './arguments';
import { GenesysApiError } from './errors';
import {
  ApiTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY_POLICY,
  defaultFetch,
  silentLogger,
  type ClientLogger,
  type TokenProvider,
} from './http';
import type {
  AuthorizationRole,
  DirectoryUser,
  LicenseBatchAssignmentRequest,
  LicenseDefinition,
  LicenseOrgToggle,
  LicenseUpdateStatus,
  LicenseUser,
  TokenInfo,
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
  usersSearchResponse,
} from './answerShapes';
import { userSearchBody, type UsersSearchPage, type UsersSearchRequest } from './userSearch';
import { ConcurrencyLimiter, RequestPacer } from './pacing';
import { resolveEnvironment, type ResolvedEnvironment } from './regions';
import { ShapeError } from './shapes';
import { type ScanUsersOptions, type UserLicenseIds, type UsersPage, UsersScan } from './usersScan';

export { validateBatchRequest } from './arguments';
export * from './usersScan';
export * from './userSearch';
export * from './clientOptions';

/** Roles are a few dozen in a real org; a listing of more than 10 000 is not followed. */
const MAX_ROLE_PAGES = 100;

/** A 400 that names `pageSize`: the org does not take pages that large. */
function isPageSizeRefusal(error: unknown): error is GenesysApiError {
  return (
    error instanceof GenesysApiError &&
    error.status === 400 &&
    (error.body?.details?.some((detail) => detail.fieldName === 'pageSize') || /page ?size/i.test(error.message))
  );
}

/** License ID → its holders, in the users' order: what `GET /license/organization` answered, rebuilt from users. */
export function holdersByLicense(users: readonly UserLicenseIds[]): OrganizationAssignments['licenses'] {
  const licenses: OrganizationAssignments['licenses'] = {};
  for (const user of users) {
    for (const licenseId of user.licenses) {
      (licenses[licenseId] ??= []).push({ id: user.id });
    }
  }
  return licenses;
}

/** A typed client for every operation of the Genesys Cloud License API. It knows nothing of VS Code. */
export class LicenseClient {
  readonly environment: ResolvedEnvironment;
  readonly maxConcurrency: number;
  /** Where the client's notes go (the extension's log): also for callers that fall back from a refused call. */
  readonly logger: ClientLogger;
  private configuredPageSize: number;
  private readonly onPageSizeRefused?: (notice: PageSizeRefusal) => void;
  private readonly transport: ApiTransport;
  private readonly tokens: TokenProvider;

  constructor(options: LicenseClientOptions) {
    this.environment = resolveEnvironment(options.environment);
    this.maxConcurrency = options.maxConcurrency ?? 8;
    this.configuredPageSize = options.pageSize ?? FALLBACK_PAGE_SIZE;
    this.onPageSizeRefused = options.onPageSizeRefused;
    this.logger = options.logger ?? silentLogger;
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
      logger: this.logger,
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
    return this.createUsersScan(options.pageSize ?? (options.expectedUsers ? this.pageSize : undefined)).run(options);
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
    return { licenses: holdersByLicense(users), source: 'users-scan', users };
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

  /** `POST /api/v2/users/search` (UsersApi.postUsersSearch → UsersSearchResponse; needs `directory:user:view`): one page of users by name or email. */
  async searchUsers(request: UsersSearchRequest): Promise<UsersSearchPage> {
    const pageNumber = request.pageNumber ?? 1;
    if (request.text.trim() === '' || !Number.isInteger(pageNumber) || pageNumber < 1) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'A user search needs some text and a page number of at least 1.' });
    }
    const answer = await this.transport.request({ method: 'POST', path: '/api/v2/users/search', body: userSearchBody(request.text, pageNumber), idempotent: true, signal: request.signal }, usersSearchResponse);
    return { users: answer.results, total: answer.total, pageCount: Math.min(answer.pageCount, Math.ceil(answer.total / Math.max(answer.pageSize, 1))), pageNumber: answer.pageNumber };
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

export function createLicenseClient(options: LicenseClientOptions): LicenseClient {
  return new LicenseClient(options);
}

