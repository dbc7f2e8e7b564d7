/**
 * The Genesys Cloud client's connection (environment, tokens, transport, pacing) and its reads beyond the License
 * API: the token's identity, the directory (users by ID, by state, by search) and authorization (roles, grants,
 * groups), each following the SDK 262 model it names. `LicenseClient` adds the License API on top. No `vscode`.
 */
import { ClientCredentialsTokenProvider, StaticTokenProvider } from './auth';
import {
  type AuthzSubject,
  type DomainOrganizationRole,
  type Group,
  groupsListing,
  organizationRolesListing,
  subjectShape,
  type UserWithAuthorization,
  userWithAuthorizationShape,
} from './authorization';
import { type CallOptions, FALLBACK_PAGE_SIZE, type LicenseClientOptions, type PageSizeRefusal } from './clientOptions';
import { requireId, requireStringArray } from './arguments';
import { GenesysApiError } from './errors';
import { ApiTransport, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY_POLICY, defaultFetch, silentLogger, type ClientLogger, type TokenProvider } from './http';
import type { Shape } from './shapes';
import type { AuthorizationRole, DirectoryUser, OrgUser, TokenInfo } from './models';
import { directoryUsers, orgUsersListing, rolesListing, tokenInfo, usersSearchResponse } from './answerShapes';
import { userSearchBody, type UsersSearchPage, type UsersSearchRequest } from './userSearch';
import { ConcurrencyLimiter, RequestPacer } from './pacing';
import { resolveEnvironment, type ResolvedEnvironment } from './regions';
import type { ListingPage } from './usersScan';

/** Roles are a few dozen in a real org; a listing of more than 10 000 is not followed. */
const MAX_ROLE_PAGES = 100;

/** `GET /api/v2/users` takes pages of up to 500 users (its documented maximum), five times the License API's. */
export const ORG_USERS_PAGE_SIZE = 500;

/** What `listOrgUsersPage` may expand (UsersApi.getUsers `expand`). */
export type OrgUserExpand = 'dateLastLogin' | 'authorization';

/** A listing page checked against the size asked, its page count bounded by what the total needs. */
export function listingPage<T>(
  path: string,
  pageNumber: number,
  pageSize: number,
  listing: { entities: T[]; pageSize?: number; pageNumber?: number; total: number; pageCount?: number },
): ListingPage<T> {
  const size = listing.pageSize || pageSize;
  if (listing.entities.length > size) {
    throw new GenesysApiError({
      kind: 'malformed-response',
      code: 'unexpected.shape',
      message: `GET ${path} answered ${listing.entities.length} users on a page of ${size}.`,
      path,
      field: 'entities',
    });
  }
  const pages = Math.ceil(listing.total / size);
  // A page count beyond what the total needs is not believed: it would only add empty pages.
  return {
    entities: listing.entities,
    pageNumber: listing.pageNumber ?? pageNumber,
    pageSize: size,
    total: listing.total,
    pageCount: Math.min(listing.pageCount ?? pages, pages),
  };
}

export abstract class DirectoryClient {
  readonly environment: ResolvedEnvironment;
  readonly maxConcurrency: number;
  /** Where the client's notes go (the extension's log): also for callers that fall back from a refused call. */
  readonly logger: ClientLogger;
  protected configuredPageSize: number;
  protected readonly onPageSizeRefused?: (notice: PageSizeRefusal) => void;
  protected readonly transport: ApiTransport;
  protected readonly tokens: TokenProvider;

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

  /** `GET /api/v2/tokens/me`: which org and OAuth client the token belongs to. */
  getTokenInfo(options: CallOptions = {}): Promise<TokenInfo> {
    return this.transport.request({ method: 'GET', path: '/api/v2/tokens/me', idempotent: true, signal: options.signal }, tokenInfo);
  }

  /** `DELETE /api/v2/tokens/me`: revokes the token, as sign-out should. */
  revokeToken(options: CallOptions = {}): Promise<void> {
    return this.transport.requestNoContent({ method: 'DELETE', path: '/api/v2/tokens/me', idempotent: true, signal: options.signal });
  }

  /**
   * `GET /api/v2/users?state=any` (UsersApi.getUsers → UserEntityListing of SDK 262 `User`; needs `directory:user:view`):
   * one page of every user whatever their state, at the largest page Genesys takes, with the fields `expand` asks for.
   */
  async listOrgUsersPage(pageNumber: number, expand: readonly OrgUserExpand[], options: CallOptions = {}): Promise<ListingPage<OrgUser>> {
    const path = '/api/v2/users';
    const query = { pageSize: ORG_USERS_PAGE_SIZE, pageNumber, state: 'any', ...(expand.length > 0 && { expand: [...expand] }) };
    return listingPage(
      path,
      pageNumber,
      ORG_USERS_PAGE_SIZE,
      await this.transport.request({ method: 'GET', path, query, idempotent: true, signal: options.signal }, orgUsersListing),
    );
  }

  /** `GET /api/v2/users?id=…` in batches of 100: names and emails (needs `directory:user:view`). */
  async getDirectoryUsers(userIds: readonly string[], options: CallOptions = {}): Promise<DirectoryUser[]> {
    return this.listByIds('/api/v2/users', userIds, 'The user IDs', directoryUsers, options);
  }

  /** `POST /api/v2/users/search` (UsersApi.postUsersSearch → UsersSearchResponse; needs `directory:user:view`): one page of users by name or email. */
  async searchUsers(request: UsersSearchRequest): Promise<UsersSearchPage> {
    const pageNumber = request.pageNumber ?? 1;
    if (request.text.trim() === '' || !Number.isInteger(pageNumber) || pageNumber < 1) {
      throw new GenesysApiError({ kind: 'invalid-argument', message: 'A user search needs some text and a page number of at least 1.' });
    }
    const answer = await this.transport.request(
      { method: 'POST', path: '/api/v2/users/search', body: userSearchBody(request.text, pageNumber), idempotent: true, signal: request.signal },
      usersSearchResponse,
    );
    return {
      users: answer.results,
      total: answer.total,
      pageCount: Math.min(answer.pageCount, Math.ceil(answer.total / Math.max(answer.pageSize, 1))),
      pageNumber: answer.pageNumber,
    };
  }

  /**
   * `GET /api/v2/authorization/roles`, every page (needs `authorization:role:view`): as many pages as the total needs,
   * at most MAX_ROLE_PAGES, ending early at an empty page.
   */
  async listRoles(options: CallOptions = {}): Promise<AuthorizationRole[]> {
    const roles: AuthorizationRole[] = [];
    const pageSize = FALLBACK_PAGE_SIZE;
    for (let pageNumber = 1; ; pageNumber++) {
      const listing = await this.transport.request(
        { method: 'GET', path: '/api/v2/authorization/roles', query: { pageSize, pageNumber }, idempotent: true, signal: options.signal },
        rolesListing,
      );
      roles.push(...listing.entities);
      const pages = Math.min(listing.pageCount ?? pageNumber, listing.total === undefined ? Infinity : Math.ceil(listing.total / pageSize));
      if (listing.entities.length === 0 || pageNumber >= pages) {
        return roles;
      }
      if (pageNumber >= MAX_ROLE_PAGES) {
        throw new GenesysApiError({
          kind: 'malformed-response',
          code: 'listing.too.long',
          message: `GET /api/v2/authorization/roles reports more than ${MAX_ROLE_PAGES * pageSize} roles; stopped reading.`,
          path: '/api/v2/authorization/roles',
          field: 'pageCount',
        });
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
    return this.listByIds('/api/v2/authorization/roles', roleIds, 'The role IDs', organizationRolesListing, options);
  }

  /** `GET /api/v2/users/{userId}?expand=authorization,groups` (UsersApi.getUser → User; needs `directory:user:view`). */
  async getUserWithAuthorization(userId: string, options: CallOptions = {}): Promise<UserWithAuthorization> {
    const path = `/api/v2/users/${encodeURIComponent(requireId(userId, 'The user ID'))}`;
    return this.transport.request(
      { method: 'GET', path, query: { expand: ['authorization', 'groups'] }, idempotent: true, signal: options.signal },
      userWithAuthorizationShape,
    );
  }

  /** `GET /api/v2/groups?id=…`, 100 IDs a request (GroupsApi.getGroups → GroupEntityListing). */
  async getGroupsById(groupIds: readonly string[], options: CallOptions = {}): Promise<Group[]> {
    return this.listByIds('/api/v2/groups', groupIds, 'The group IDs', groupsListing, options);
  }

  /**
   * `GET path?id=…&id=…` for a listing that filters by ID: the IDs 100 at a time (the listings' page size cap), all
   * at once under the client's pacing.
   */
  private async listByIds<T>(path: string, ids: readonly string[], what: string, shape: Shape<{ entities: T[] }>, options: CallOptions): Promise<T[]> {
    const unique = requireStringArray(ids, what);
    const batches: string[][] = [];
    for (let start = 0; start < unique.length; start += 100) {
      batches.push(unique.slice(start, start + 100));
    }
    const read = async (batch: string[]) =>
      (await this.transport.request({ method: 'GET', path, query: { id: batch, pageSize: 100 }, idempotent: true, signal: options.signal }, shape)).entities;
    return (await Promise.all(batches.map(read))).flat();
  }
}
