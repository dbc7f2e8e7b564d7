import type { DirectoryUser } from '../api/models';
import { multiValue, organizationRole, userAuthorization } from './authorizationRoutes';
import { PERMISSION } from './catalog';
import type { SandboxConfig } from './config';
import type { SandboxOrg, SandboxUser } from './data';
import { invalidValue, jsonResponse, requireAnyPermission } from './http';
import { pageOf, parsePaging, withNavigationUris } from './paging';
import type { Route } from './router';
import { searchUsers } from './userSearch';

const MAX_BULK_USER_IDS = 100;
/** The users listing takes pages of up to 500 (more than the 100 of the License API's listings); more answers 400. */
export const USERS_LISTING_MAX_PAGE_SIZE = 500;
/** UsersApi.getUsers `state`: one state, or `any`; the listing's default is `active`. */
const USER_STATES = ['active', 'inactive', 'deleted', 'any'];

/** The directory endpoints next to the License API that the extension reads names and roles from. */
export function directoryRoutes(org: SandboxOrg, config: SandboxConfig): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v2/users',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.userView],
      handle: ({ url, token }) => {
        const ids = url.searchParams
          .getAll('id')
          .flatMap((value) => value.split(','))
          .filter((id) => id !== '');
        const expand = new Set(multiValue(url.searchParams, 'expand'));
        if (expand.has('authorization') && token) {
          // Genesys resolves an expand "best effort"; the sandbox is stricter and refuses roles the token may not read.
          requireAnyPermission([PERMISSION.grantView], token);
        }
        // Users with the same roles share one `authorization` object: a page of 500 is built in milliseconds.
        const authorizations = new Map<string, ReturnType<typeof userAuthorization>>();
        const authorizationOf = (user: SandboxUser) => {
          const roleIds = org.authorization.effectiveRoleIds(user);
          const key = roleIds.join(',');
          const known = authorizations.get(key) ?? userAuthorization(org, roleIds);
          authorizations.set(key, known);
          return known;
        };
        const entity = (user: SandboxUser) => ({
          ...directoryUser(user),
          ...(expand.has('dateLastLogin') && { dateLastLogin: user.dateLastLogin }),
          ...(expand.has('authorization') && { authorization: authorizationOf(user) }),
        });
        if (ids.length === 0) {
          const state = url.searchParams.get('state') ?? 'active';
          if (!USER_STATES.includes(state)) {
            throw invalidValue('state', `Value [${state}] is not valid for field [state]: it must be one of ${USER_STATES.join(', ')}.`);
          }
          const users = state === 'any' ? org.users : org.users.filter((user) => (user.state ?? 'active') === state);
          const paging = parsePaging(url.searchParams, USERS_LISTING_MAX_PAGE_SIZE);
          return jsonResponse(withNavigationUris(pageOf(users, paging, entity), '/api/v2/users'));
        }
        if (ids.length > MAX_BULK_USER_IDS) {
          throw invalidValue('id', `At most ${MAX_BULK_USER_IDS} user IDs can be requested at once (got ${ids.length}).`);
        }
        // A bulk fetch answers every known ID on one page; unknown IDs are left out.
        const found = [...new Set(ids)].flatMap((id) => org.userById(id) ?? []);
        const paging = { pageSize: Math.max(found.length, 1), pageNumber: 1 };
        return jsonResponse(withNavigationUris(pageOf(found, paging, entity), '/api/v2/users'));
      },
    },
    {
      method: 'POST',
      path: '/api/v2/users/search',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.userView],
      body: 'json',
      handle: ({ body }) => jsonResponse(searchUsers(org.users, body, config.maxPageSize, directoryUser)),
    },
    {
      method: 'GET',
      path: '/api/v2/authorization/roles',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.roleView],
      handle: ({ url }) => {
        const paging = parsePaging(url.searchParams, config.maxPageSize);
        // `id` (repeatable) narrows the listing to those roles, as AuthorizationApi.getAuthorizationRoles allows.
        const ids = new Set(
          url.searchParams
            .getAll('id')
            .flatMap((value) => value.split(','))
            .filter((id) => id !== ''),
        );
        const roles = ids.size > 0 ? org.roles.filter((role) => ids.has(role.id)) : org.roles;
        return jsonResponse(withNavigationUris(pageOf(roles, paging, organizationRole), '/api/v2/authorization/roles'));
      },
    },
  ];
}

/** SDK 262 `User`: `version` is its one required field. */
function directoryUser(user: SandboxUser): DirectoryUser & { version: number; selfUri: string } {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    username: user.username,
    state: user.state ?? 'active',
    version: 1,
    selfUri: `/api/v2/users/${user.id}`,
  };
}
