/**
 * Who holds which role, where and through what, in the sandbox org: divisions, groups with role grants and members,
 * each user's direct grants, and the users seeded to disagree with their roles in every way the "why" view explains.
 * Also `infer` as the sandbox answers it: the licenses the roles' permissions need, after the add-on precedence rule.
 */
import type { AuthorizationRole, LicenseDefinition } from '../api/models';
import { derivedUuid } from './random';

export interface SandboxDivision {
  id: string;
  name: string;
  description: string;
  homeDivision: boolean;
}

/** One role in one division: what Genesys calls a grant. */
export interface SandboxGrant {
  roleId: string;
  divisionId: string;
}

export interface SandboxGroup {
  id: string;
  name: string;
  description: string;
  memberIds: string[];
  grants: SandboxGrant[];
}

/** The seeded users, by what their holdings and roles show (see `seedCases`). */
export type CaseName = 'heldAndImplied' | 'heldNotImplied' | 'impliedNotHeld' | 'prerequisiteMissing' | 'comprised' | 'addOnPrecedence';

/**
 * A user gets one WEM/STA-type add-on, the first of these the roles imply: WEM wins over Speech and Text Analytics,
 * and a higher WEM over a lower one. Genesys documents the rule for its add-ons; the order here is the sandbox's.
 */
export const ADD_ON_PRECEDENCE: readonly string[] = ['wem3', 'wem2', 'wem1', 'speechAndTextAnalytics'];

/** The licenses a set of permissions needs: each license whose own permissions include any of them, in definition order. */
export function licensesGranting(definitions: readonly LicenseDefinition[], permissions: Iterable<string>): string[] {
  const wanted = new Set(permissions);
  return definitions.filter((definition) => definition.permissions?.ids.some((id) => wanted.has(id))).flatMap((definition) => definition.id ?? []);
}

/** `POST /license/infer` of the sandbox: what the roles' permissions need, keeping one add-on of the precedence family. */
export function inferFromRoles(definitions: readonly LicenseDefinition[], roles: readonly AuthorizationRole[]): string[] {
  const needed = licensesGranting(
    definitions,
    roles.flatMap((role) => role.permissions ?? []),
  );
  const winner = ADD_ON_PRECEDENCE.find((id) => needed.includes(id));
  return needed.filter((id) => !ADD_ON_PRECEDENCE.includes(id) || id === winner);
}

export class SandboxAuthorization {
  /** The seeded users' IDs by case, when the org has enough users for them. */
  readonly cases: Partial<Record<CaseName, string>> = {};
  /** Grants made to a user besides their `roleIds` in the home division. */
  readonly extraUserGrants = new Map<string, SandboxGrant[]>();

  constructor(
    readonly divisions: SandboxDivision[],
    readonly groups: SandboxGroup[],
  ) {}

  get homeDivision(): SandboxDivision {
    return this.divisions.find((division) => division.homeDivision) ?? this.divisions[0];
  }

  divisionById(id: string): SandboxDivision | undefined {
    return this.divisions.find((division) => division.id === id);
  }

  groupById(id: string): SandboxGroup | undefined {
    return this.groups.find((group) => group.id === id);
  }

  groupsOf(userId: string): SandboxGroup[] {
    return this.groups.filter((group) => group.memberIds.includes(userId));
  }

  /** The user's own grants: each role of `roleIds` in the home division, then any others made to them. */
  directGrants(user: { id: string; roleIds: readonly string[] }): SandboxGrant[] {
    return [...user.roleIds.map((roleId) => ({ roleId, divisionId: this.homeDivision.id })), ...(this.extraUserGrants.get(user.id) ?? [])];
  }

  /** Every role the user has, directly or through a group, once each. */
  effectiveRoleIds(user: { id: string; roleIds: readonly string[] }): string[] {
    const grants = [...this.directGrants(user), ...this.groupsOf(user.id).flatMap((group) => group.grants)];
    return [...new Set(grants.map((grant) => grant.roleId))];
  }
}

interface SeedUser {
  id: string;
  licenses: string[];
  roleIds: string[];
}

/** Divisions and groups of every sandbox org; IDs hashed from the seed so they are stable. */
export function generateAuthorization(seed: number, roleIdByName: ReadonlyMap<string, string>): SandboxAuthorization {
  const id = (label: string) => derivedUuid(`sandbox:${seed}:${label}`);
  const role = (name: string) => roleIdByName.get(name) ?? name;
  const divisions: SandboxDivision[] = [
    { id: id('division:home'), name: 'Home', description: "The organization's home division", homeDivision: true },
    { id: id('division:emea'), name: 'EMEA Support', description: 'Support queues and agents in Europe', homeDivision: false },
    { id: id('division:americas'), name: 'Americas Sales', description: 'Sales teams in North and South America', homeDivision: false },
  ];
  const groups: SandboxGroup[] = [
    {
      id: id('group:tier2'),
      // Characters that mean something in Markdown and HTML: a name must come out as typed, never as markup.
      name: 'Tier 2 <Voice> *EMEA*',
      description: 'Second-line voice agents who also evaluate calls',
      memberIds: [],
      grants: [{ roleId: role('Quality Evaluator'), divisionId: divisions[1].id }],
    },
    {
      id: id('group:planners'),
      name: 'Workforce Planners',
      description: 'Plan schedules for every contact center',
      memberIds: [],
      grants: [{ roleId: role('Workforce Manager'), divisionId: divisions[0].id }],
    },
    {
      id: id('group:digital'),
      name: 'Digital Team',
      description: 'Chat and messaging agents',
      memberIds: [],
      grants: [{ roleId: role('Digital Agent'), divisionId: divisions[2].id }],
    },
  ];
  return new SandboxAuthorization(divisions, groups);
}

/**
 * Turns the users just after the showcase ones into one of each case the "why" view explains, by setting their
 * licenses, roles and groups. Held licenses stay within the generator's bounds (at most 4, at least one role).
 * Returns the position of the first user the cases and the planners group leave alone.
 */
export function seedCases(
  authorization: SandboxAuthorization,
  users: readonly SeedUser[],
  firstIndex: number,
  roleIdByName: ReadonlyMap<string, string>,
): number {
  const role = (name: string) => roleIdByName.get(name) ?? name;
  const [tier2, planners] = authorization.groups;
  const emea = authorization.divisions[1];
  const cases: { name: CaseName; licenses: string[]; roles: string[]; groups?: SandboxGroup[]; extra?: SandboxGrant[] }[] = [
    // Held and implied: Agent directly (twice: home and EMEA), Quality Evaluator through a group in EMEA.
    {
      name: 'heldAndImplied',
      licenses: ['cloudCX2', 'wem2'],
      roles: ['employee', 'Agent'],
      groups: [tier2],
      extra: [{ roleId: role('Agent'), divisionId: emea.id }],
    },
    // Knowledge assigned by hand: no role needs it.
    { name: 'heldNotImplied', licenses: ['cloudCX1', 'knowledge'], roles: ['employee', 'Agent'] },
    // Bot Designer needs Bot Flows, which the user lacks.
    { name: 'impliedNotHeld', licenses: ['cloudCX1'], roles: ['employee', 'Agent', 'Bot Designer'] },
    // Speech and Text Analytics needs CX 1 first.
    { name: 'prerequisiteMissing', licenses: ['collaborate', 'speechAndTextAnalytics'], roles: ['employee', 'Speech and Text Analyst'] },
    // Collaborate is inside CX 1 already.
    { name: 'comprised', licenses: ['cloudCX1', 'collaborate'], roles: ['employee', 'Agent'] },
    // Workforce Manager alone implies WEM 1; with Quality Evaluator (through a group) the org infers WEM 2 instead.
    { name: 'addOnPrecedence', licenses: ['cloudCX2', 'wem2'], roles: ['employee', 'Agent', 'Workforce Manager'], groups: [tier2] },
  ];
  cases.forEach((seeded, offset) => {
    const user = users[firstIndex + offset];
    if (!user) {
      return;
    }
    user.licenses = [...seeded.licenses];
    user.roleIds = seeded.roles.map(role);
    seeded.groups?.forEach((group) => group.memberIds.push(user.id));
    if (seeded.extra) {
      authorization.extraUserGrants.set(user.id, seeded.extra);
    }
    authorization.cases[seeded.name] = user.id;
  });
  // Some ordinary users plan schedules through the planners group, so the group has members beyond the cases.
  users.slice(firstIndex + cases.length, firstIndex + cases.length + 40).forEach((user, index) => {
    if (index % 8 === 0) {
      planners.memberIds.push(user.id);
    }
  });
  return firstIndex + cases.length + 40; // the first user no case or group touches
}
