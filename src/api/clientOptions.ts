/** What a LicenseClient is made with and what its calls take and give, apart from the models Genesys defines. */
import type { ClientLogger, FetchLike, RetryNotice, RetryPolicy, TokenProvider } from './http';
import type { LicenseOrganization } from './models';
import type { RateBudget } from './pacing';
import type { UserLicenseIds } from './usersScan';

export type LicenseClientCredentials = { clientId: string; clientSecret: string } | { accessToken: string } | { tokenProvider: TokenProvider };

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
  /** Every user with their license IDs, in listing order: there when rebuilt from the users scan. */
  users?: { id: string; licenses: string[] }[];
}

/** IDs per request of `POST /license/users`; the API documents no limit, this stays far below the 512 000-byte body cap. */
export const USERS_LICENSES_BATCH_SIZE = 100;

/** The page size every org accepts (Genesys refuses more than 100 on its listings). */
export const FALLBACK_PAGE_SIZE = 100;
