/**
 * Typed request and response bodies of the Genesys Cloud License API (SDK 262 shapes).
 * Every field the API marks optional stays optional here: real orgs omit fields, and the
 * client must not pretend otherwise.
 */

/** `Permissions`: the permission IDs a license grants. */
export interface Permissions {
  ids: string[];
}

/** A reference to another license (used for prerequisites). */
export interface AddressableLicenseDefinition {
  id?: string;
  selfUri?: string;
}

/** `GET /api/v2/license/definitions[/{licenseId}]`. `comprises` nests as deep as the data goes. */
export interface LicenseDefinition {
  id?: string;
  description?: string;
  permissions?: Permissions;
  prerequisites?: AddressableLicenseDefinition[];
  comprises?: LicenseDefinition[];
  selfUri?: string;
}

/** `GET /api/v2/license/users/{userId}`: the user's licenses as full definitions. */
export interface LicenseUser {
  id?: string;
  licenses?: LicenseDefinition[];
  selfUri?: string;
}

/** One row of the paged users listing: license IDs only. */
export interface UserLicenses {
  id?: string;
  licenses?: string[];
  selfUri?: string;
}

/** `GET /api/v2/license/users`. Unlike most Genesys listings it has no `nextUri`: page by number. */
export interface UserLicensesEntityListing {
  entities?: UserLicenses[];
  pageSize?: number;
  pageNumber?: number;
  total?: number;
  pageCount?: number;
}

/**
 * `POST /api/v2/license/users` answers a string-keyed map whose value shape the SDKs leave open
 * (`{ [key: string]: object }`). Keyed by user ID in every answer seen.
 */
export type UserLicensesMap = Record<string, unknown>;

/** `GET|POST /api/v2/license/toggles/{featureName}` (both deprecated by Genesys). */
export interface LicenseOrgToggle {
  featureName?: string;
  enabled?: boolean;
}

/** One license to give to and take from users. All three fields are required by the API. */
export interface LicenseAssignmentRequest {
  licenseId: string;
  userIdsAdd: string[];
  userIdsRemove: string[];
}

/** `POST /api/v2/license/organization` body. */
export interface LicenseBatchAssignmentRequest {
  assignments: LicenseAssignmentRequest[];
}

/** One per user/license pair in the answer to a batch assignment; `result` is free text. */
export interface LicenseUpdateStatus {
  userId?: string;
  licenseId?: string;
  result?: string;
}

/** A user reference inside the removed `LicenseOrganization`. */
export interface AddressableEntityUser {
  id?: string;
  selfUri?: string;
}

/** `GET /api/v2/license/organization`, removed from the API in 2019 (JS SDK 52.0.0). */
export interface LicenseOrganization {
  id?: string;
  name?: string;
  licenses?: Record<string, AddressableEntityUser[]>;
  selfUri?: string;
}

/** `ErrorBody.limit`, present on rate-limit answers since SDK 170. */
export interface Limit {
  key?: string;
  namespace?: string;
  value?: number;
}

export interface ErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** The body of every Genesys error answer. */
export interface ErrorBody {
  message?: string;
  code?: string;
  status?: number;
  entityId?: string;
  entityName?: string;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId?: string;
  details?: ErrorDetail[];
  errors?: ErrorBody[];
  limit?: Limit;
}

/** `POST /oauth/token` answer. */
export interface OAuthTokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  error?: string;
  error_description?: string;
}

/** `GET /api/v2/tokens/me` (the fields this extension reads). */
export interface TokenInfo {
  organization?: { id?: string; name?: string };
  homeOrganization?: { id?: string; name?: string };
  authorizedScope?: string[];
  OAuthClient?: { id?: string; name?: string };
  dateTokenIdles?: string;
}

/** `GET /api/v2/users?id=…` row (the fields this extension reads). */
export interface DirectoryUser {
  id: string;
  name?: string;
  email?: string;
  username?: string;
  state?: string;
}

/**
 * SDK 262 `User` as `UsersApi.getUsers` lists it in a `UserEntityListing` with `state=any` and
 * `expand=dateLastLogin,authorization` (the fields read; `authorization` is `UserAuthorization`, its roles `DomainRole`).
 * `dateLastLogin` is absent for a user who never logged in; `authorization` is absent when the expand was not asked
 * or not resolved (Genesys resolves expands "best effort").
 */
export interface OrgUser {
  id: string;
  name?: string;
  email?: string;
  state?: string;
  dateLastLogin?: string;
  authorization?: { roles: { id: string; name?: string }[] };
}

/** A standard Genesys entity listing (with URIs), as `/api/v2/users` and `/api/v2/authorization/roles` answer. */
export interface EntityListing<T> {
  entities?: T[];
  pageSize?: number;
  pageNumber?: number;
  total?: number;
  pageCount?: number;
  nextUri?: string;
  selfUri?: string;
}

/** `GET /api/v2/authorization/roles` row (the fields this extension reads). */
export interface AuthorizationRole {
  id: string;
  name?: string;
  description?: string;
  permissions?: string[];
}
