import {
  type CallOptions,
  FALLBACK_PAGE_SIZE,
  type FetchUsersLicensesResult,
  type LicenseClientOptions,
  type OrganizationAssignments,
  USERS_LICENSES_BATCH_SIZE,
  type UsersPageRequest,
} from './clientOptions';
import { pathSegment, requireStringArray, validateBatchRequest } from './arguments';
import { GenesysApiError } from './errors';
import type { LicenseBatchAssignmentRequest, LicenseDefinition, LicenseOrgToggle, LicenseUpdateStatus, LicenseUser } from './models';
import {
  licenseDefinition,
  licenseDefinitions,
  licenseIdList,
  licenseOrganization,
  licenseToggle,
  licenseUser,
  updateStatuses,
  userLicensesEntry,
  userLicensesListing,
  userLicensesMap,
} from './answerShapes';
import { ShapeError } from './shapes';
import { DirectoryClient, listingPage } from './directoryClient';
import { type ScanUsersOptions, type UserLicenseIds, type UsersPage, UsersScan } from './usersScan';

export { validateBatchRequest } from './arguments';
export { DirectoryClient, ORG_USERS_PAGE_SIZE, type OrgUserExpand } from './directoryClient';
export * from './usersScan';
export * from './userSearch';
export * from './clientOptions';

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
export class LicenseClient extends DirectoryClient {
  /** `GET /api/v2/license/definitions`: every license the org can hold (one answer, not paged). */
  listDefinitions(options: CallOptions = {}): Promise<LicenseDefinition[]> {
    return this.transport.request({ method: 'GET', path: '/api/v2/license/definitions', idempotent: true, signal: options.signal }, licenseDefinitions);
  }

  /** `GET /api/v2/license/definitions/{licenseId}`. */
  getDefinition(licenseId: string, options: CallOptions = {}): Promise<LicenseDefinition> {
    return this.transport.request(
      { method: 'GET', path: `/api/v2/license/definitions/${pathSegment(licenseId, 'The license ID')}`, idempotent: true, signal: options.signal },
      licenseDefinition,
    );
  }

  /** `GET /api/v2/license/users/{userId}`: the user's licenses as full definitions. */
  getUserLicenses(userId: string, options: CallOptions = {}): Promise<LicenseUser> {
    return this.transport.request(
      { method: 'GET', path: `/api/v2/license/users/${pathSegment(userId, 'The user ID')}`, idempotent: true, signal: options.signal },
      licenseUser,
    );
  }

  /**
   * `GET /api/v2/license/users`: one page, by number (the listing has no `nextUri`). When the org refuses the page
   * size of a first page, it is asked again with 100, which this client then keeps to.
   */
  async listUsersPage(request: UsersPageRequest = {}): Promise<UsersPage> {
    const pageNumber = request.pageNumber ?? 1;
    const pageSize = request.pageSize ?? this.pageSize;
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || !Number.isInteger(pageSize) || pageSize < 1) {
      throw new GenesysApiError({
        kind: 'invalid-argument',
        message: `Page number and page size must be whole numbers of at least 1 (got ${pageNumber} and ${pageSize}).`,
      });
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
    const path = '/api/v2/license/users';
    return listingPage(
      path,
      pageNumber,
      pageSize,
      await this.transport.request({ method: 'GET', path, query: { pageSize, pageNumber }, idempotent: true, signal }, userLicensesListing),
    );
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

  /** `POST /api/v2/license/users` in batches (of `batchSize`, default USERS_LICENSES_BATCH_SIZE): license IDs for many users at once. */
  async fetchUsersLicenses(userIds: readonly string[], options: CallOptions & { batchSize?: number } = {}): Promise<FetchUsersLicensesResult> {
    const ids = requireStringArray(userIds, 'The user IDs');
    const path = '/api/v2/license/users';
    const found = new Map<string, string[]>();
    const batches: string[][] = [];
    const batchSize = options.batchSize ?? USERS_LICENSES_BATCH_SIZE;
    for (let start = 0; start < ids.length; start += batchSize) {
      batches.push(ids.slice(start, start + batchSize));
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
    return this.transport.request(
      { method: 'GET', path: `/api/v2/license/toggles/${pathSegment(featureName, 'The feature name')}`, idempotent: true, signal: options.signal },
      licenseToggle,
    );
  }

  /** `POST /api/v2/license/toggles/{featureName}`. Deprecated by Genesys: it changes nothing on real orgs. Never resent blindly. */
  flipToggle(featureName: string, options: CallOptions = {}): Promise<LicenseOrgToggle> {
    return this.transport.request(
      { method: 'POST', path: `/api/v2/license/toggles/${pathSegment(featureName, 'The feature name')}`, idempotent: false, signal: options.signal },
      licenseToggle,
    );
  }

  /**
   * `POST /api/v2/license/organization`: gives and takes licenses. A write: sent once; when its outcome is unknown
   * (a timeout, a dropped connection, a 5xx) the error says so (`outcomeUnknown`) and nothing is resent.
   */
  async assignLicenses(request: LicenseBatchAssignmentRequest, options: CallOptions = {}): Promise<LicenseUpdateStatus[]> {
    const body = validateBatchRequest(request);
    try {
      return await this.transport.request(
        { method: 'POST', path: '/api/v2/license/organization', body, idempotent: false, signal: options.signal },
        updateStatuses,
      );
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
      const legacy = await this.transport.request(
        { method: 'GET', path: '/api/v2/license/organization', idempotent: true, signal: options.signal },
        licenseOrganization,
      );
      return { ...legacy, licenses: legacy.licenses ?? {}, source: 'legacy-endpoint' };
    } catch (error) {
      if (!(error instanceof GenesysApiError) || !error.isNotFound) {
        throw error;
      }
    }
    const users = await this.scanUsers(options);
    return { licenses: holdersByLicense(users), source: 'users-scan', users };
  }
}

export function createLicenseClient(options: LicenseClientOptions): LicenseClient {
  return new LicenseClient(options);
}
