/**
 * The reads behind "why does this user hold this license": the user's licenses, grants, roles and groups, the roles'
 * permissions and `infer`. A handful of requests per user; what belongs to the org rather than the user (definitions,
 * roles, `infer` per role set) is kept for the session. A 403 on one read degrades its part and says which
 * permission it needs. No `vscode` import.
 */
import { type DomainOrganizationRole, type LicenseClient, rolePermissions, type UserWithAuthorization } from '../api';
import { type ExplanationInput, type InferAnswers, type RoleGrantFact, roleIdsOf, type RolePermissions, type RolesKnowledge } from './licenseExplanation';
import type { DefinitionCatalog } from './licenseReports';
import { catalogOf, type Optional, PERMISSIONS, unlessForbidden } from './orgLookups';

export const GRANT_VIEW = 'authorization:grant:view';

/** A promise kept until it fails: a failure is not cached, so the next use asks again. */
function keep<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let entry = cache.get(key);
  if (!entry) {
    entry = read();
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

/** What one session has read of the org's roles, definitions and `infer`. A new instance per session. */
export class OrgAuthorizationFacts {
  private readonly definitions = new Map<string, Promise<DefinitionCatalog>>();
  private readonly roles = new Map<string, Promise<DomainOrganizationRole | undefined>>();
  private readonly allRoles = new Map<string, Promise<DomainOrganizationRole[]>>();
  private readonly inferred = new Map<string, Promise<string[]>>();

  constructor(readonly client: LicenseClient) {}

  definitionCatalog(signal?: AbortSignal): Promise<DefinitionCatalog> {
    return keep(this.definitions, '', () => this.client.listDefinitions({ signal }).then(catalogOf));
  }

  /** Every role of the org (for picking roles to add). */
  orgRoles(signal?: AbortSignal): Promise<DomainOrganizationRole[]> {
    return keep(this.allRoles, '', () => this.client.listRoles({ signal }) as Promise<DomainOrganizationRole[]>);
  }

  /** The roles by ID, read together once for those not read before; a role the org does not answer is left out. */
  async rolesById(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, DomainOrganizationRole>> {
    const unread = ids.filter((id) => !this.roles.has(id));
    if (unread.length > 0) {
      const batch = this.client.getRolesById(unread, { signal });
      for (const id of unread) {
        void keep(this.roles, id, () => batch.then((roles) => roles.find((role) => role.id === id)));
      }
    }
    const roles = await Promise.all(ids.map((id) => this.roles.get(id) as Promise<DomainOrganizationRole | undefined>));
    return new Map(roles.flatMap((role) => (role ? [[role.id, role] as const] : [])));
  }

  /** `infer` for a set of roles (order does not matter); no request for no roles. */
  infer(roleIds: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const ids = [...new Set(roleIds)].sort();
    return ids.length === 0 ? Promise.resolve([]) : keep(this.inferred, ids.join(','), () => this.client.inferLicenses(ids, { signal }));
  }

  /** `infer` for the roles together and for each alone. */
  async inferAnswers(roleIds: readonly string[], signal?: AbortSignal): Promise<InferAnswers> {
    const [together, ...each] = await Promise.all([this.infer(roleIds, signal), ...roleIds.map((id) => this.infer([id], signal))]);
    return { together, alone: new Map(roleIds.map((id, index) => [id, each[index]])) };
  }
}

/** Everything the explanation of one user needs, and the notes on what could not be read. */
export interface UserLicenseFacts {
  userId: string;
  person?: { name?: string; email?: string };
  input: ExplanationInput;
  /** Sentences naming the permission each missing part needs. */
  notes: string[];
}

/** The grants as facts, with group names from the user's groups or, failing that, the groups listing. */
async function grantFacts(
  facts: OrgAuthorizationFacts,
  userId: string,
  grants: NonNullable<Awaited<ReturnType<LicenseClient['getSubjectGrants']>>['grants']>,
  user: UserWithAuthorization | undefined,
  signal: AbortSignal,
): Promise<{ grants: RoleGrantFact[]; note?: string }> {
  const groupIds = [...new Set(grants.flatMap((grant) => (grant.subjectId && grant.subjectId !== userId ? [grant.subjectId] : [])))];
  const names = new Map((user?.groups ?? []).flatMap((group) => (group.id && group.name ? [[group.id, group.name] as const] : [])));
  const unnamed = groupIds.filter((id) => !names.has(id));
  let note: string | undefined;
  if (unnamed.length > 0) {
    const read = await unlessForbidden(facts.client.getGroupsById(unnamed, { signal }), 'directory:group:view');
    read.value?.forEach((group) => group.id && group.name && names.set(group.id, group.name));
    note = read.missing && `Group names are not shown (their IDs are): ${read.missing}.`;
  }
  return {
    note,
    grants: grants.map((grant) => ({
      roleId: grant.role?.id as string,
      roleName: grant.role?.name,
      divisionId: grant.division?.id,
      divisionName: grant.division?.name,
      ...(grant.subjectId && grant.subjectId !== userId && { group: { id: grant.subjectId, name: names.get(grant.subjectId) } }),
    })),
  };
}

/** The user's roles from the best source the sign-in may read: grants, else the user's roles, else nothing. */
async function readRoles(
  facts: OrgAuthorizationFacts,
  userId: string,
  signal: AbortSignal,
): Promise<{ roles: RolesKnowledge; user: Optional<UserWithAuthorization>; notes: string[] }> {
  const [grants, user] = await Promise.all([
    unlessForbidden(facts.client.getSubjectGrants(userId, { signal }), GRANT_VIEW),
    unlessForbidden(facts.client.getUserWithAuthorization(userId, { signal }), PERMISSIONS.userView),
  ]);
  const notes = user.missing ? [`The user's name and groups are not shown: ${user.missing}.`] : [];
  if (grants.value) {
    const named = await grantFacts(facts, userId, grants.value.grants ?? [], user.value, signal);
    return { roles: { kind: 'grants', grants: named.grants }, user, notes: [...notes, ...(named.note ? [named.note] : [])] };
  }
  const userRoles = user.value?.authorization?.roles;
  if (userRoles) {
    const why = `Divisions and groups are not shown, only the roles: reading the user's grants needs the permission ${GRANT_VIEW} (${grants.missing}).`;
    const roles = userRoles.flatMap((role) => (role.id ? [{ id: role.id, name: role.name }] : []));
    return { roles: { kind: 'roles', roles, why }, user, notes: [...notes, why] };
  }
  const why = `The user's roles could not be read: that needs the permission ${GRANT_VIEW} (${grants.missing})${user.missing ? `, or ${PERMISSIONS.userView} for the roles without divisions and groups (${user.missing})` : ''}. Without the roles nothing is said about what they imply, and no license is reported as unneeded.`;
  return { roles: { kind: 'unknown', why }, user, notes: [...notes, why] };
}

/** Reads what explains one user's licenses: about 6 requests, plus one `infer` per role not asked before. */
export async function readUserLicenseFacts(
  facts: OrgAuthorizationFacts,
  userId: string,
  signal: AbortSignal,
  report: (step: string) => void,
): Promise<UserLicenseFacts> {
  report('Licenses, grants and roles');
  const [licenses, catalog, roleRead] = await Promise.all([
    facts.client.getUserLicenses(userId, { signal }),
    unlessForbidden(facts.definitionCatalog(signal), PERMISSIONS.licenseView),
    readRoles(facts, userId, signal),
  ]);
  const notes = [...roleRead.notes];
  if (catalog.missing) {
    notes.push(`License descriptions, prerequisites and what licenses comprise are not shown: ${catalog.missing}.`);
  }
  const roleIds = roleIdsOf(roleRead.roles);
  report('Role permissions and what the roles imply');
  const [roleDetails, inferred] = await Promise.all([
    roleIds.length > 0
      ? unlessForbidden(facts.rolesById(roleIds, signal), PERMISSIONS.roleView)
      : Promise.resolve({ value: new Map<string, DomainOrganizationRole>() }),
    roleRead.roles.kind === 'unknown' ? Promise.resolve(undefined) : facts.inferAnswers(roleIds, signal),
  ]);
  let permissions: RolePermissions;
  if (roleDetails.value) {
    permissions = { byRole: new Map([...roleDetails.value].map(([id, role]) => [id, rolePermissions(role)])) };
  } else {
    const why = `The permissions that trigger each license are not shown: reading roles needs the permission ${PERMISSIONS.roleView} (${roleDetails.missing}).`;
    permissions = { why };
    notes.push(why);
  }
  const roles = withRoleNames(roleRead.roles, roleDetails.value);
  const person = roleRead.user.value;
  return {
    userId,
    person: person && { name: person.name, email: person.email },
    input: {
      held: (licenses.licenses ?? []).flatMap((license) => (license.id ? [license.id] : [])),
      definitions: catalog.value ?? new Map(),
      roles,
      rolePermissions: permissions,
      inferred,
    },
    notes,
  };
}

/** Fills in role names the grants left out from the roles read. */
function withRoleNames(roles: RolesKnowledge, details: ReadonlyMap<string, DomainOrganizationRole> | undefined): RolesKnowledge {
  if (!details) {
    return roles;
  }
  if (roles.kind === 'grants') {
    return { ...roles, grants: roles.grants.map((grant) => ({ ...grant, roleName: grant.roleName ?? details.get(grant.roleId)?.name })) };
  }
  if (roles.kind === 'roles') {
    return { ...roles, roles: roles.roles.map((role) => ({ ...role, name: role.name ?? details.get(role.id)?.name })) };
  }
  return roles;
}
