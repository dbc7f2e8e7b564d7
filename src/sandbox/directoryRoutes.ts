import type { DirectoryUser } from '../api/models';
import { organizationRole } from './authorizationRoutes';
import { PERMISSION } from './catalog';
import type { SandboxConfig } from './config';
import type { SandboxOrg, SandboxUser } from './data';
import { invalidValue, jsonResponse } from './http';
import { pageOf, parsePaging, withNavigationUris } from './paging';
import type { Route } from './router';
import { searchUsers } from './userSearch';

const MAX_BULK_USER_IDS = 100;

/** The directory endpoints next to the License API that the extension reads names and roles from. */
export function directoryRoutes(org: SandboxOrg, config: SandboxConfig): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v2/users',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.userView],
      handle: ({ url }) => {
        const ids = url.searchParams.getAll('id').flatMap((value) => value.split(',')).filter((id) => id !== '');
        if (ids.length === 0) {
          const paging = parsePaging(url.searchParams, config.maxPageSize);
          return jsonResponse(withNavigationUris(pageOf(org.users, paging, directoryUser), '/api/v2/users'));
        }
        if (ids.length > MAX_BULK_USER_IDS) {
          throw invalidValue('id', `At most ${MAX_BULK_USER_IDS} user IDs can be requested at once (got ${ids.length}).`);
        }
        // A bulk fetch answers every known ID on one page; unknown IDs are left out.
        const found = [...new Set(ids)].flatMap((id) => org.userById(id) ?? []);
        const paging = { pageSize: Math.max(found.length, 1), pageNumber: 1 };
        return jsonResponse(withNavigationUris(pageOf(found, paging, directoryUser), '/api/v2/users'));
      },
    },
    {
      method: 'POST',
      path: '/api/v2/users/search',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.userView],
      body: 'json',
      handle: ({ body }) => jsonResponse(searchUsers(org.users, body, config.maxPageSize)),
    },
    {
      method: 'GET',
      path: '/api/v2/authorization/roles',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.roleView],
      handle: ({ url }) => {
        const paging = parsePaging(url.searchParams, config.maxPageSize);
        // `id` (repeatable) narrows the listing to those roles, as AuthorizationApi.getAuthorizationRoles allows.
        const ids = new Set(url.searchParams.getAll('id').flatMap((value) => value.split(',')).filter((id) => id !== ''));
        const roles = ids.size > 0 ? org.roles.filter((role) => ids.has(role.id)) : org.roles;
        return jsonResponse(withNavigationUris(pageOf(roles, paging, organizationRole), '/api/v2/authorization/roles'));
      },
    },
  ];
}

/** SDK 262 `User`: `version` is its one required field. */
function directoryUser(user: SandboxUser): DirectoryUser & { version: number; selfUri: string } {
  return { id: user.id, name: user.name, email: user.email, username: user.username, state: 'active', version: 1, selfUri: `/api/v2/users/${user.id}` };
}
