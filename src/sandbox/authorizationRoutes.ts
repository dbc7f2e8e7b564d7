/**
 * The endpoints around roles that explain a user's licenses: a subject's grants, one role, one user with its roles
 * and groups, and groups by ID. Shapes follow SDK 262 (`AuthzSubject`, `DomainOrganizationRole`, `User`, `Group`);
 * the server leaves empty arrays out, as for every answer.
 */
import type { AuthorizationRole } from '../api/models';
import type { SandboxDivision, SandboxGrant, SandboxGroup } from './authorization';
import { PERMISSION } from './catalog';
import type { SandboxOrg, SandboxUser } from './data';
import { invalidValue, jsonResponse, notFound } from './http';
import { pageOf, parsePaging, withNavigationUris } from './paging';
import type { Route } from './router';

/** Genesys caps these listings at 100 a page. */
const MAX_PAGE_SIZE = 100;

/** Query values given repeated (`id=a&id=b`) or comma-separated (`id=a,b`), as the SDK's "multi" collections are. */
export function multiValue(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function authorizationRoutes(org: SandboxOrg): Route[] {
  const { authorization } = org;
  return [
    {
      // AuthorizationApi.getAuthorizationSubject → AuthzSubject.
      method: 'GET',
      path: '/api/v2/authorization/subjects/{subjectId}',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.grantView],
      handle: ({ params, url }) => {
        const includeDuplicates = url.searchParams.get('includeDuplicates') === 'true';
        const user = org.userById(params.subjectId);
        if (user) {
          const grants = [
            ...authorization.directGrants(user).map((grant) => ({ subjectId: user.id, grant })),
            ...authorization.groupsOf(user.id).flatMap((group) => group.grants.map((grant) => ({ subjectId: group.id, grant }))),
          ];
          // Without includeDuplicates one entry per role and division, the user's own grant first.
          const seen = new Set<string>();
          const kept = includeDuplicates
            ? grants
            : grants.filter(({ grant }) => !seen.has(`${grant.roleId}/${grant.divisionId}`) && seen.add(`${grant.roleId}/${grant.divisionId}`));
          return jsonResponse(
            subject(
              user.id,
              user.name,
              kept.map(({ subjectId, grant }) => authzGrant(org, subjectId, grant)),
            ),
          );
        }
        const group = authorization.groupById(params.subjectId);
        if (group) {
          return jsonResponse(
            subject(
              group.id,
              group.name,
              group.grants.map((grant) => authzGrant(org, group.id, grant)),
            ),
          );
        }
        throw notFound(`Subject ${params.subjectId} not found.`);
      },
    },
    {
      // AuthorizationApi.getAuthorizationRole → DomainOrganizationRole.
      method: 'GET',
      path: '/api/v2/authorization/roles/{roleId}',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.roleView],
      handle: ({ params }) => {
        const role = org.roleById(params.roleId);
        if (!role) {
          throw notFound(`Role ${params.roleId} not found.`);
        }
        return jsonResponse(organizationRole(role));
      },
    },
    {
      // UsersApi.getUser → User; `expand=authorization,groups` adds the user's roles and groups.
      method: 'GET',
      path: '/api/v2/users/{userId}',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.userView],
      handle: ({ params, url }) => {
        const user = org.userById(params.userId);
        if (!user) {
          throw notFound(`User ${params.userId} not found.`);
        }
        const expand = new Set(multiValue(url.searchParams, 'expand'));
        return jsonResponse(fullUser(org, user, expand));
      },
    },
    {
      // GroupsApi.getGroups → GroupEntityListing. The SDK documents no permission for it.
      method: 'GET',
      path: '/api/v2/groups',
      auth: 'bearer',
      handle: ({ url }) => {
        const ids = multiValue(url.searchParams, 'id');
        if (ids.length > MAX_PAGE_SIZE) {
          throw invalidValue('id', `At most ${MAX_PAGE_SIZE} group IDs can be requested at once (got ${ids.length}).`);
        }
        const groups = ids.length > 0 ? [...new Set(ids)].flatMap((id) => authorization.groupById(id) ?? []) : authorization.groups;
        const paging = parsePaging(url.searchParams, MAX_PAGE_SIZE);
        return jsonResponse(withNavigationUris(pageOf(groups, paging, groupEntity), '/api/v2/groups'));
      },
    },
  ];
}

function subject(id: string, name: string, grants: object[]) {
  return { id, name, grants, version: 1, selfUri: `/api/v2/authorization/subjects/${id}` };
}

function division(entry: SandboxDivision) {
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    homeDivision: entry.homeDivision,
    selfUri: `/api/v2/authorization/divisions/${entry.id}`,
  };
}

/** `AuthzGrant`: the subject it was made to (the user, or a group the user is in), the role and the division. */
function authzGrant(org: SandboxOrg, subjectId: string, grant: SandboxGrant) {
  const role = org.roleById(grant.roleId);
  const where = org.authorization.divisionById(grant.divisionId);
  return {
    subjectId,
    ...(where && { division: division(where) }),
    role: {
      id: grant.roleId,
      ...(role && { name: role.name, description: role.description }),
      default: false,
      selfUri: `/api/v2/authorization/roles/${grant.roleId}`,
    },
    grantMadeAt: '2026-01-15T09:30:00.000Z',
  };
}

/** `DomainOrganizationRole`: the permissions as strings and as policies (one per domain and entity). */
export function organizationRole(role: AuthorizationRole) {
  const policies = new Map<string, { domain: string; entityName: string; actionSet: string[]; allowConditions: boolean }>();
  for (const permission of role.permissions ?? []) {
    const [domain, entityName, action] = permission.split(':');
    const key = `${domain}:${entityName}`;
    const policy = policies.get(key) ?? { domain, entityName, actionSet: [], allowConditions: false };
    policy.actionSet.push(action);
    policies.set(key, policy);
  }
  return {
    id: role.id,
    name: role.name,
    ...(role.description && { description: role.description }),
    permissions: [...(role.permissions ?? [])],
    permissionPolicies: [...policies.values()],
    default: false,
    base: false,
    selfUri: `/api/v2/authorization/roles/${role.id}`,
  };
}

function groupEntity(group: SandboxGroup) {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    memberCount: group.memberIds.length,
    state: 'active',
    version: 1,
    type: 'official',
    rulesVisible: true,
    visibility: 'public',
    rolesEnabled: true,
    selfUri: `/api/v2/groups/${group.id}`,
  };
}

/** `User` with `version` (required by the SDK model) and, when expanded, `authorization` and `groups`. */
function fullUser(org: SandboxOrg, user: SandboxUser, expand: ReadonlySet<string>) {
  const home = org.authorization.homeDivision;
  return {
    id: user.id,
    name: user.name,
    division: { id: home.id, name: home.name, selfUri: `/api/v2/authorization/divisions/${home.id}` },
    email: user.email,
    state: user.state ?? 'active',
    username: user.username,
    version: 1,
    ...(expand.has('authorization') && { authorization: userAuthorization(org, org.authorization.effectiveRoleIds(user)) }),
    ...(expand.has('groups') && { groups: org.authorization.groupsOf(user.id).map(groupEntity) }),
    selfUri: `/api/v2/users/${user.id}`,
  };
}

/** SDK `UserAuthorization` of a user with these roles (directly or through a group): the roles and the permissions they give. */
export function userAuthorization(org: SandboxOrg, roleIds: readonly string[]) {
  const roles = roleIds.flatMap((id) => org.roleById(id) ?? []);
  const permissions = [...new Set(roles.flatMap((role) => role.permissions ?? []))];
  return { roles: roles.map((role) => ({ id: role.id, name: role.name })), permissions };
}
