/**
 * Models and answer checks for the authorization endpoints the "why" view reads: a user's grants, roles with their
 * permissions, a user with roles and groups, groups by ID. Shapes from the official SDK 262 (`index.d.ts`); only
 * the fields this extension reads are typed, every one optional where the SDK says so.
 */
import { flag, list, optional, record, type Shape, text } from './shapes';

/** SDK `AuthzDivision` (its `description` is required there; we do not read it). */
export interface AuthzDivision {
  id?: string;
  name?: string;
  homeDivision?: boolean;
}

/** SDK `AuthzGrantRole`. */
export interface AuthzGrantRole {
  id?: string;
  name?: string;
}

/** SDK `AuthzGrant`: `subjectId` is the user's own ID, or the group's through which the role came. */
export interface AuthzGrant {
  subjectId?: string;
  division?: AuthzDivision;
  role?: AuthzGrantRole;
}

/** SDK `AuthzSubject`, answered by `AuthorizationApi.getAuthorizationSubject`. */
export interface AuthzSubject {
  id?: string;
  name?: string;
  grants?: AuthzGrant[];
}

/** SDK `DomainPermissionPolicy` (the fields read). */
export interface DomainPermissionPolicy {
  domain?: string;
  entityName?: string;
  actionSet?: string[];
}

/** SDK `DomainOrganizationRole`, answered by `getAuthorizationRoles` (in `OrganizationRoleEntityListing`) and `getAuthorizationRole`. */
export interface DomainOrganizationRole {
  id: string;
  name?: string;
  description?: string;
  permissions?: string[];
  permissionPolicies?: DomainPermissionPolicy[];
}

/** SDK `DomainRole`, inside `UserAuthorization.roles`. */
export interface DomainRole {
  id?: string;
  name?: string;
}

/** SDK `Group` (the fields read). */
export interface Group {
  id?: string;
  name?: string;
}

/** SDK `User` as `UsersApi.getUser` answers with `expand=authorization,groups` (the fields read). */
export interface UserWithAuthorization {
  id?: string;
  name?: string;
  email?: string;
  authorization?: { roles?: DomainRole[]; permissions?: string[] };
  groups?: Group[];
}

const reference = record({ id: optional(text), name: optional(text) });

/** `AuthzSubject`: each grant must name its role by ID, or it explains nothing. */
export const subjectShape: Shape<AuthzSubject> = record({
  id: optional(text),
  name: optional(text),
  grants: list(
    record({
      subjectId: optional(text),
      division: optional(record({ id: optional(text), name: optional(text), homeDivision: optional(flag) })),
      role: record({ id: text, name: optional(text) }),
    }),
  ),
});

/** `DomainOrganizationRole` (the fields read). */
const organizationRole: Shape<DomainOrganizationRole> = record({
  id: text,
  name: optional(text),
  description: optional(text),
  permissions: list(text),
  permissionPolicies: list(record({ domain: optional(text), entityName: optional(text), actionSet: list(text) })),
});

/** `OrganizationRoleEntityListing`, narrowed by `id`: one page holds them all. */
export const organizationRolesListing = record({ entities: list(organizationRole) });

/** `User` with `expand=authorization,groups` (the fields read). */
export const userWithAuthorizationShape: Shape<UserWithAuthorization> = record({
  id: optional(text),
  name: optional(text),
  email: optional(text),
  authorization: optional(record({ roles: list(reference), permissions: list(text) })),
  groups: list(reference),
});

/** `GroupEntityListing`, narrowed by `id`. */
export const groupsListing = record({ entities: list<Group>(reference) });

/** The permissions of a role, from its strings and its policies (`domain:entity:action` each), once each. */
export function rolePermissions(role: DomainOrganizationRole): string[] {
  const fromPolicies = (role.permissionPolicies ?? []).flatMap((policy) =>
    (policy.actionSet ?? []).map((action) => `${policy.domain ?? '*'}:${policy.entityName ?? '*'}:${action}`),
  );
  return [...new Set([...(role.permissions ?? []), ...fromPolicies])];
}
