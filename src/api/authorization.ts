/**
 * Models and answer checks for the authorization endpoints the "why" view reads: a user's grants, roles with their
 * permissions, a user with roles and groups, groups by ID. Shapes from the official SDK 262 (`index.d.ts`); only
 * the fields this extension reads are typed, every one optional where the SDK says so.
 */
import { GenesysApiError } from './errors';

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

function unexpected(path: string, what: string): GenesysApiError {
  return new GenesysApiError({ kind: 'malformed-response', code: 'unexpected.shape', message: `${path} answered ${what}.`, path });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

/** An optional array field whose items all pass `check`. */
function optionalArrayOf(value: unknown, check: (item: unknown) => boolean): boolean {
  return value === undefined || (Array.isArray(value) && value.every(check));
}

const isReference = (value: unknown) => isObject(value) && optionalString(value.id) && optionalString(value.name);

export function checkSubject(answer: unknown, path: string): AuthzSubject {
  const grantOk = (grant: unknown) =>
    isObject(grant) && optionalString(grant.subjectId) && (grant.division === undefined || isReference(grant.division)) && isReference(grant.role) && typeof (grant.role as AuthzGrantRole).id === 'string';
  if (!isObject(answer) || !optionalArrayOf(answer.grants, grantOk)) {
    throw unexpected(path, 'something other than a subject with grants of roles');
  }
  return answer;
}

const isStringArray = (value: unknown) => optionalArrayOf(value, (item) => typeof item === 'string');

export function checkRole(role: unknown): role is DomainOrganizationRole {
  return isObject(role) && typeof role.id === 'string' && optionalString(role.name) && isStringArray(role.permissions) && optionalArrayOf(role.permissionPolicies, (policy) => isObject(policy) && isStringArray(policy.actionSet));
}

export function checkUserWithAuthorization(answer: unknown, path: string): UserWithAuthorization {
  const authorization = isObject(answer) ? answer.authorization : undefined;
  const authorizationOk = authorization === undefined || (isObject(authorization) && optionalArrayOf(authorization.roles, isReference) && isStringArray(authorization.permissions));
  if (!isObject(answer) || !optionalString(answer.name) || !authorizationOk || !optionalArrayOf(answer.groups, isReference)) {
    throw unexpected(path, 'something other than a user with roles and groups');
  }
  return answer;
}

/** The entities of a standard listing, each passing `check`. */
export function checkEntities<T>(answer: unknown, path: string, check: (item: unknown) => boolean, what: string): T[] {
  if (!isObject(answer) || !optionalArrayOf(answer.entities, check)) {
    throw unexpected(path, `something other than a listing of ${what}`);
  }
  return (answer.entities ?? []) as T[];
}

export const checkGroup = isReference;

/** The permissions of a role, from its strings and its policies (`domain:entity:action` each), once each. */
export function rolePermissions(role: DomainOrganizationRole): string[] {
  const fromPolicies = (role.permissionPolicies ?? []).flatMap((policy) => (policy.actionSet ?? []).map((action) => `${policy.domain ?? '*'}:${policy.entityName ?? '*'}:${action}`));
  return [...new Set([...(role.permissions ?? []), ...fromPolicies])];
}
