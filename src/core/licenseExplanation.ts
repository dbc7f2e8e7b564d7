/**
 * Why a user holds each license: their roles (direct or through a group, per division) met with what `infer`
 * answers for those roles, and with the license definitions. Also what a change of roles would change in licenses.
 * Pure: the command gathers the answers, this only compares them. `infer` is the org's word on what roles imply;
 * definitions and permissions only explain it.
 */
import type { LicenseDefinition } from '../api/models';

/** How one role reaches the user: directly or through a group, in a division. */
export interface RoleGrantFact {
  roleId: string;
  roleName?: string;
  divisionId?: string;
  divisionName?: string;
  /** The group the role comes through; absent for a grant made to the user. */
  group?: { id: string; name?: string };
}

/** What is known of the user's roles, and when it is less than everything, why. */
export type RolesKnowledge =
  /** Every grant, with its division and where it comes from. */
  | { kind: 'grants'; grants: RoleGrantFact[] }
  /** The roles only (no divisions, no groups), and why the grants could not be read. */
  | { kind: 'roles'; roles: { id: string; name?: string }[]; why: string }
  /** Nothing: no claim about what the roles imply can be made. */
  | { kind: 'unknown'; why: string };

/** The IDs of the roles known, once each. */
export function roleIdsOf(roles: RolesKnowledge): string[] {
  return roles.kind === 'grants' ? [...new Set(roles.grants.map((grant) => grant.roleId))] : roles.kind === 'roles' ? roles.roles.map((role) => role.id) : [];
}

export type RolePermissions = { byRole: ReadonlyMap<string, readonly string[]> } | { why: string };

/** The org's `infer` answers: all the user's roles together, and each role alone. */
export interface InferAnswers {
  together: readonly string[];
  alone: ReadonlyMap<string, readonly string[]>;
}

export interface ExplanationInput {
  /** License IDs the user holds directly. */
  held: readonly string[];
  definitions: ReadonlyMap<string, LicenseDefinition>;
  roles: RolesKnowledge;
  rolePermissions: RolePermissions;
  /** Present whenever the roles are known. */
  inferred?: InferAnswers;
}

/** A role that implies a license, how it reaches the user, and which of its permissions the license provides. */
export interface RoleReason {
  roleId: string;
  roleName?: string;
  grants: RoleGrantFact[];
  /** The role's permissions that the license's own definition lists, less what its prerequisites grant; absent when the role's permissions are unknown. */
  triggers?: string[];
}

export interface HeldLicense {
  licenseId: string;
  /** True when `infer` on the user's roles answers it; undefined when the roles are unknown. */
  implied?: boolean;
  /** The roles that each imply it alone (empty when only the roles together do). */
  impliedBy: RoleReason[];
  /** Other held licenses that include this one: holding it as well is redundant. */
  comprisedBy: string[];
  /** Prerequisites the user holds neither directly nor inside another held license. */
  missingPrerequisites: string[];
  /** Licenses the roles imply that this one includes, so the user does not lack them. */
  covers: string[];
}

export interface LackingLicense {
  licenseId: string;
  impliedBy: RoleReason[];
}

/** Where the roles together imply something else than each alone: the org's add-on precedence at work. */
export interface PrecedenceNote {
  licenseId: string;
  /** `aloneOnly`: some role alone implies it, the roles together do not. `togetherOnly`: the reverse. */
  kind: 'aloneOnly' | 'togetherOnly';
  /** For `aloneOnly`, the roles that imply it alone. */
  roles: { id: string; name?: string }[];
}

export interface RoleSummary {
  id: string;
  name?: string;
  grants: RoleGrantFact[];
}

export interface LicenseExplanation {
  roles: RoleSummary[];
  held: HeldLicense[];
  /** What the roles imply that the user holds neither directly nor inside a held license. */
  impliedNotHeld: LackingLicense[];
  precedence: PrecedenceNote[];
}

/** The licenses given, and every license they comprise at any depth (through the definitions, by ID). */
export function effectiveLicenses(ids: Iterable<string>, definitions: ReadonlyMap<string, LicenseDefinition>): Set<string> {
  const found = new Set<string>();
  const visit = (id: string, definition: LicenseDefinition | undefined) => {
    if (found.has(id)) {
      return;
    }
    found.add(id);
    for (const part of (definitions.get(id) ?? definition)?.comprises ?? []) {
      if (part.id) {
        visit(part.id, part);
      }
    }
  };
  for (const id of ids) {
    visit(id, undefined);
  }
  return found;
}

/** What a license grants: its own permissions and those of what it comprises, at any depth. */
function grantedPermissions(licenseId: string, definitions: ReadonlyMap<string, LicenseDefinition>): Set<string> {
  return new Set([...effectiveLicenses([licenseId], definitions)].flatMap((id) => definitions.get(id)?.permissions?.ids ?? []));
}

function prerequisitesOf(licenseId: string, definitions: ReadonlyMap<string, LicenseDefinition>): string[] {
  return (definitions.get(licenseId)?.prerequisites ?? []).flatMap((prerequisite) => (prerequisite.id ? [prerequisite.id] : []));
}

/** The role's permissions that trigger the license: those its definition lists, less what its prerequisites already grant. */
export function triggeringPermissions(rolePermissions: readonly string[], licenseId: string, definitions: ReadonlyMap<string, LicenseDefinition>): string[] {
  const own = new Set(definitions.get(licenseId)?.permissions?.ids ?? []);
  const fromPrerequisites = new Set(prerequisitesOf(licenseId, definitions).flatMap((id) => [...grantedPermissions(id, definitions)]));
  return [...new Set(rolePermissions)].filter((permission) => own.has(permission) && !fromPrerequisites.has(permission)).sort();
}

function roleSummaries(roles: RolesKnowledge): RoleSummary[] {
  if (roles.kind === 'unknown') {
    return [];
  }
  if (roles.kind === 'roles') {
    return roles.roles.map((role) => ({ id: role.id, name: role.name, grants: [] }));
  }
  const byRole = new Map<string, RoleSummary>();
  for (const grant of roles.grants) {
    const summary = byRole.get(grant.roleId) ?? { id: grant.roleId, name: grant.roleName, grants: [] };
    summary.name ??= grant.roleName;
    summary.grants.push(grant);
    byRole.set(grant.roleId, summary);
  }
  return [...byRole.values()];
}

export function explainLicenses(input: ExplanationInput): LicenseExplanation {
  const { definitions, inferred } = input;
  const roles = roleSummaries(input.roles);
  const known = input.roles.kind !== 'unknown' && inferred !== undefined;
  const together = new Set(inferred?.together ?? []);
  const permissionsOf = (roleId: string) => ('byRole' in input.rolePermissions ? (input.rolePermissions.byRole.get(roleId) ?? []) : undefined);
  const reasonsFor = (licenseId: string): RoleReason[] =>
    roles
      .filter((role) => inferred?.alone.get(role.id)?.includes(licenseId))
      .map((role) => {
        const permissions = permissionsOf(role.id);
        return {
          roleId: role.id,
          roleName: role.name,
          grants: role.grants,
          ...(permissions && { triggers: triggeringPermissions(permissions, licenseId, definitions) }),
        };
      });

  const heldIds = [...new Set(input.held)];
  const effectiveHeld = effectiveLicenses(heldIds, definitions);
  const held = heldIds.map((licenseId): HeldLicense => {
    const others = heldIds.filter((other) => other !== licenseId);
    const includedIn = others.filter((other) => effectiveLicenses([other], definitions).has(licenseId));
    const inside = [...effectiveLicenses([licenseId], definitions)].filter((id) => id !== licenseId);
    return {
      licenseId,
      implied: known ? together.has(licenseId) : undefined,
      impliedBy: reasonsFor(licenseId),
      comprisedBy: includedIn,
      missingPrerequisites: prerequisitesOf(licenseId, definitions).filter((id) => !effectiveHeld.has(id)),
      covers: inside.filter((id) => together.has(id) && !heldIds.includes(id)),
    };
  });
  const impliedNotHeld = [...together].filter((id) => !effectiveHeld.has(id)).map((licenseId) => ({ licenseId, impliedBy: reasonsFor(licenseId) }));

  const alone = new Map<string, { id: string; name?: string }[]>();
  for (const role of roles) {
    for (const licenseId of inferred?.alone.get(role.id) ?? []) {
      alone.set(licenseId, [...(alone.get(licenseId) ?? []), { id: role.id, name: role.name }]);
    }
  }
  const precedence: PrecedenceNote[] = known
    ? [
        ...[...alone]
          .filter(([licenseId]) => !together.has(licenseId))
          .map(([licenseId, byRoles]): PrecedenceNote => ({ licenseId, kind: 'aloneOnly', roles: byRoles })),
        ...[...together].filter((licenseId) => !alone.has(licenseId)).map((licenseId): PrecedenceNote => ({ licenseId, kind: 'togetherOnly', roles: [] })),
      ]
    : [];
  return { roles, held, impliedNotHeld, precedence };
}

/** The license side of a change of roles: what to give and take so holdings follow the new roles. */
export interface RoleChangeEffect {
  /** Implied after and not before, and not held (directly or inside a held license). */
  add: string[];
  /** Held, implied before and no longer after. */
  remove: string[];
}

export function roleChangeEffect(
  held: readonly string[],
  before: readonly string[],
  after: readonly string[],
  definitions: ReadonlyMap<string, LicenseDefinition>,
): RoleChangeEffect {
  const effectiveHeld = effectiveLicenses(held, definitions);
  return {
    add: after.filter((id) => !before.includes(id) && !effectiveHeld.has(id)),
    remove: held.filter((id) => before.includes(id) && !after.includes(id)),
  };
}

/** The batch-assignment rows of a change for one user: one row per license, adding or removing that user. */
export function changeAssignments(userId: string, effect: RoleChangeEffect): { licenseId: string; userIdsAdd: string[]; userIdsRemove: string[] }[] {
  return [
    ...effect.add.map((licenseId) => ({ licenseId, userIdsAdd: [userId], userIdsRemove: [] })),
    ...effect.remove.map((licenseId) => ({ licenseId, userIdsAdd: [], userIdsRemove: [userId] })),
  ];
}
