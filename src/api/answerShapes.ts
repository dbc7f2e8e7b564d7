/**
 * The shape of every answer the client reads, after the SDK 262 models (index.d.ts of purecloud-platform-client-v2),
 * stricter where the extension depends on a field: an entity without its `id` cannot be shown, a listing without its
 * `total` cannot be paged to the end.
 */
import type {
  AuthorizationRole,
  DirectoryUser,
  LicenseDefinition,
  LicenseOrgToggle,
  LicenseUpdateStatus,
  LicenseUser,
  OAuthTokenResponse,
  OrgUser,
  TokenInfo,
} from './models';
import { amount, count, flag, lazy, list, map, optional, record, type Shape, ShapeError, text } from './shapes';

/** `AddressableLicenseDefinition`, a prerequisite. */
const licenseReference = record({ id: text, selfUri: optional(text) });

/** `LicenseDefinition`; `prerequisites` and `comprises` read as empty lists when absent. */
export const licenseDefinition: Shape<LicenseDefinition> = record({
  id: text,
  description: optional(text),
  permissions: optional(record({ ids: list(text) })),
  prerequisites: list(licenseReference),
  comprises: list(lazy(() => licenseDefinition)),
  selfUri: optional(text),
});

export const licenseDefinitions: Shape<LicenseDefinition[]> = list(licenseDefinition);

/** `LicenseUser`: the user's licenses as full definitions. */
export const licenseUser: Shape<LicenseUser> = record({ id: optional(text), licenses: list(licenseDefinition), selfUri: optional(text) });

/** `UserLicensesEntityListing`; `total` is required here: without it the listing's end is unknown. */
export const userLicensesListing = record({
  entities: list(record({ id: text, licenses: list(text) })),
  pageSize: optional(count),
  pageNumber: optional(count),
  total: count,
  pageCount: optional(count),
});

/** A license in a `POST /license/users` value: an ID, or an object with one. */
const licenseIdItem: Shape<string> = (value, field) => (typeof value === 'string' ? value : licenseReference(value, field).id);
const licenseIds = list(licenseIdItem);
const licensesHolder = record({ licenses: licenseIds });

/**
 * One value of the `POST /license/users` map (the SDK leaves it `object`): `{ id, licenses, selfUri }` as answered
 * today, or a bare list of IDs. A user without licenses has no `licenses` key.
 */
export const userLicensesEntry: Shape<string[]> = (value, field) => (Array.isArray(value) ? licenseIds(value, field) : licensesHolder(value, field).licenses);

/** `POST /license/users`: read entry by entry, for the IDs asked only. */
export const userLicensesMap: Shape<Record<string, unknown>> = map((value) => value);

export const licenseIdList: Shape<string[]> = list(text);

export const licenseToggle: Shape<LicenseOrgToggle> = record({ featureName: optional(text), enabled: optional(flag) });

export const updateStatuses: Shape<LicenseUpdateStatus[]> = list(record({ userId: optional(text), licenseId: optional(text), result: optional(text) }));

/** The removed `LicenseOrganization`. */
export const licenseOrganization = record({
  id: optional(text),
  name: optional(text),
  licenses: optional(map(list(record({ id: text, selfUri: optional(text) })))),
  selfUri: optional(text),
});

const namedEntity = optional(record({ id: optional(text), name: optional(text) }));

/** `TokenInfo` (the fields the extension reads). */
export const tokenInfo: Shape<TokenInfo> = record({
  organization: namedEntity,
  homeOrganization: namedEntity,
  authorizedScope: list(text),
  OAuthClient: namedEntity,
  dateTokenIdles: optional(text),
});

/** `UserEntityListing` rows (the fields the extension reads). */
export const directoryUsers = record({
  entities: list<DirectoryUser>(record({ id: text, name: optional(text), email: optional(text), username: optional(text), state: optional(text) })),
});

/** An ISO 8601 date and time (`dateLastLogin`): a text that is not one is refused, never read as "never". */
const dateTime: Shape<string> = (value, field) => {
  const read = text(value, field);
  if (Number.isNaN(Date.parse(read))) {
    throw new ShapeError(field, 'a date and time', 'a string that is not one');
  }
  return read;
};

/** `UserEntityListing` of `GET /api/v2/users?state=any&expand=dateLastLogin,authorization`; `total` required to page to the end. */
export const orgUsersListing = record({
  entities: list<OrgUser>(
    record({
      id: text,
      name: optional(text),
      email: optional(text),
      state: optional(text),
      dateLastLogin: optional(dateTime),
      authorization: optional(record({ roles: list(record({ id: text, name: optional(text) })) })),
    }),
  ),
  pageSize: optional(count),
  pageNumber: optional(count),
  total: count,
  pageCount: optional(count),
});

/** `OrganizationRoleEntityListing` (the fields the extension reads). */
export const rolesListing = record({
  entities: list<AuthorizationRole>(record({ id: text, name: optional(text), description: optional(text), permissions: list(text) })),
  total: optional(count),
  pageCount: optional(count),
});

/** `POST /oauth/token`. */
export const oauthToken: Shape<OAuthTokenResponse> = record({
  access_token: text,
  token_type: optional(text),
  expires_in: optional(amount),
  refresh_token: optional(text),
});

/** `UsersSearchResponse` (UsersApi.postUsersSearch; the fields the extension reads); `results` is left out when empty. */
export const usersSearchResponse = record({
  total: count,
  pageCount: count,
  pageSize: count,
  pageNumber: count,
  results: list<DirectoryUser>(record({ id: text, name: optional(text), email: optional(text), username: optional(text), state: optional(text) })),
});
