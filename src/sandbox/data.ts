import type { AuthorizationRole, LicenseDefinition } from '../api/models';
import { ADD_ON_LICENSES, BASE_LICENSES, LICENSE_SPECS, OCCASIONAL_ROLES, ROLE_FOR_LICENSE, ROLE_SPECS } from './catalog';
import { EMAIL_DOMAIN, NAME_CULTURES, type NamePart, SHOWCASE_NAMES } from './names';
import { generateAuthorization, SandboxAuthorization, seedCases } from './authorization';
import { SeededRandom } from './random';
import { type HealthCases, recentLogins, seedHealthCases, type UserState } from './health';

export interface SandboxUser {
  id: string;
  name: string;
  email: string;
  username: string;
  /** IDs of the licenses assigned directly to this user (live: the API reads and writes this array). */
  licenses: string[];
  roleIds: string[];
  /** SDK `User.state`; absent reads as `active`. */
  state?: UserState;
  /** SDK `User.dateLastLogin` (ISO 8601); absent: never logged in. */
  dateLastLogin?: string;
}

export const definitionUri = (licenseId: string): string => `/api/v2/license/definitions/${licenseId}`;
export const licenseUserUri = (userId: string): string => `/api/v2/license/users/${userId}`;

/**
 * The live state of the sandbox org. The server answers every request from these fields, so tests
 * may mutate them (empty the users, add one, change a definition) and see the API follow.
 */
export class SandboxOrg {
  /** Toggle state for `toggles: 'stateful'`; a feature never set reads as disabled. */
  toggles: Record<string, boolean> = {};
  /** Divisions, groups and grants: who holds which role, where, and through what. */
  authorization = new SandboxAuthorization([], []);
  /** The users seeded for each License Health finding of state and last login. */
  health: HealthCases = { inactive: [], deleted: [], neverLoggedIn: [], idle: [] };
  private userIndex = new Map<string, number>();

  constructor(
    public id: string,
    public name: string,
    public definitions: LicenseDefinition[],
    public users: SandboxUser[],
    public roles: AuthorizationRole[],
  ) {}

  userById(id: string): SandboxUser | undefined {
    const indexed = this.users[this.userIndex.get(id) ?? -1];
    if (indexed?.id === id) {
      return indexed;
    }
    // The index is a cache over a mutable array: on a miss, look for real and re-index if it was stale.
    const found = this.users.find((user) => user.id === id);
    if (found) {
      this.userIndex = new Map(this.users.map((user, index) => [user.id, index]));
    }
    return found;
  }

  definitionById(id: string): LicenseDefinition | undefined {
    return this.definitions.find((definition) => definition.id === id);
  }

  roleById(id: string): AuthorizationRole | undefined {
    return this.roles.find((role) => role.id === id);
  }

  /** IDs of the users holding the license directly (not through a license that comprises it). */
  holders(licenseId: string): string[] {
    return this.users.filter((user) => user.licenses.includes(licenseId)).map((user) => user.id);
  }

  /** The held licenses plus everything they comprise, at any depth. */
  effectiveLicenseIds(held: Iterable<string>): Set<string> {
    const effective = new Set<string>();
    const visit = (definition: LicenseDefinition | undefined, id: string): void => {
      if (effective.has(id)) {
        return;
      }
      effective.add(id);
      for (const part of definition?.comprises ?? []) {
        if (part.id) {
          visit(part, part.id);
        }
      }
    };
    for (const id of held) {
      visit(this.definitionById(id), id);
    }
    return effective;
  }

  /** Prerequisites of a license that the given licenses (and what they comprise) do not cover. */
  missingPrerequisites(licenseId: string, held: Iterable<string>): string[] {
    const prerequisites = (this.definitionById(licenseId)?.prerequisites ?? []).flatMap((p) => (p.id ? [p.id] : []));
    if (prerequisites.length === 0) {
      return [];
    }
    const effective = this.effectiveLicenseIds(held);
    return prerequisites.filter((id) => !effective.has(id));
  }
}

const ORG_NAME = 'License Inspector Sandbox';

export function generateOrg(seed: number, userCount: number): SandboxOrg {
  const random = new SeededRandom(seed);
  const orgId = random.uuid();
  const roles = ROLE_SPECS.map((spec) => ({
    id: random.uuid(),
    name: spec.name,
    description: spec.description,
    permissions: [...spec.permissions],
  }));
  const roleIdByName = new Map(roles.map((role) => [role.name, role.id]));
  const now = Date.now();
  const users = generateUsers(random, userCount, roleIdByName, recentLogins(now));
  const org = new SandboxOrg(orgId, ORG_NAME, buildDefinitions(), users, roles);
  org.authorization = generateAuthorization(seed, roleIdByName);
  const firstAfterCases = seedCases(org.authorization, users, SHOWCASE_NAMES.length, roleIdByName);
  org.health = seedHealthCases(users, firstAfterCases, now);
  return org;
}

/** Position of a license in the catalogue; a reference to a license it lacks is a catalogue bug. */
function catalogueIndex(id: string): number {
  const index = LICENSE_SPECS.findIndex((spec) => spec.id === id);
  if (index < 0) {
    throw new Error(`License catalogue refers to unknown license ${id}`);
  }
  return index;
}

/**
 * Builds the served definitions; a comprised license is the same object as its top-level entry. Empty lists are kept
 * here: whether an answer shows them is the server's `emptyFields` choice.
 */
function buildDefinitions(): LicenseDefinition[] {
  const definitions: LicenseDefinition[] = LICENSE_SPECS.map((spec) => ({
    id: spec.id,
    description: spec.description,
    permissions: { ids: [...spec.permissions] },
    prerequisites: (spec.prerequisites ?? []).map((id) => ({ id, selfUri: definitionUri(id) })),
    comprises: [],
    selfUri: definitionUri(spec.id),
  }));
  LICENSE_SPECS.forEach((spec, index) => definitions[index].comprises?.push(...(spec.comprises ?? []).map((id) => definitions[catalogueIndex(id)])));
  return definitions;
}

const UNLICENSED_SHARE = 0.05;
const ADD_ON_COUNT_WEIGHTS = [
  { weight: 50, value: 0 },
  { weight: 30, value: 1 },
  { weight: 15, value: 2 },
  { weight: 5, value: 3 },
];

/**
 * The catalogue by license index, computed once per org, so the per-user loop works on small
 * integer arrays instead of allocating sets (generation time is mostly garbage collection).
 */
interface LicensePlan {
  ids: string[];
  /** Per license: the indices of itself and everything it comprises, at any depth. */
  coverage: number[][];
  baseChoices: { weight: number; value: number }[];
  /** Per base license: the add-ons a holder may get (prerequisites met, not already included). */
  addOnsByBase: Map<number, number[]>;
}

function licensePlan(): LicensePlan {
  const ids = LICENSE_SPECS.map((spec) => spec.id);
  const coverage: number[][] = [];
  const cover = (index: number): number[] => {
    coverage[index] ??= [...new Set([index, ...(LICENSE_SPECS[index].comprises ?? []).flatMap((id) => cover(catalogueIndex(id)))])];
    return coverage[index];
  };
  ids.forEach((_, index) => cover(index));
  const addOnsByBase = new Map<number, number[]>();
  const baseChoices = BASE_LICENSES.map(({ weight, value }) => {
    const base = catalogueIndex(value);
    const covered = coverage[base].map((index) => ids[index]);
    const eligible = ADD_ON_LICENSES.filter(
      (addOn) => !covered.includes(addOn) && (LICENSE_SPECS[catalogueIndex(addOn)].prerequisites ?? []).every((id) => covered.includes(id)),
    );
    addOnsByBase.set(base, eligible.map(catalogueIndex));
    return { weight, value: base };
  });
  return { ids, coverage, baseChoices, addOnsByBase };
}

interface PersonName {
  name: string;
  emailLocalPart: string;
}

function toAscii([native, ascii]: NamePart): string {
  if (ascii !== undefined) {
    return ascii;
  }
  return native
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Every name a culture can produce, built once: users share these strings instead of each holding a copy. */
function namesByCulture(): PersonName[][] {
  return NAME_CULTURES.map((culture) =>
    culture.given.flatMap((given) =>
      culture.family.map((family) => ({
        name: culture.familyFirst ? `${family[0]} ${given[0]}` : `${given[0]} ${family[0]}`,
        emailLocalPart: `${toAscii(given)}.${toAscii(family)}`,
      })),
    ),
  );
}

const EMAIL_BUFFER = Buffer.alloc(512);

/** The address as one flat string (a chain of concatenations would cost several times the memory). */
function emailAddress(localPart: string, uses: number): string {
  let length = EMAIL_BUFFER.write(localPart, 0, 'latin1');
  if (uses > 1) {
    length += EMAIL_BUFFER.write(String(uses), length, 'latin1');
  }
  length += EMAIL_BUFFER.write(`@${EMAIL_DOMAIN}`, length, 'latin1');
  return EMAIL_BUFFER.toString('latin1', 0, length);
}

function generateUsers(random: SeededRandom, count: number, roleIdByName: Map<string, string>, lastLogin: (index: number) => string): SandboxUser[] {
  const plan = licensePlan();
  const cultures = namesByCulture();
  const roleId = (name: string): string => roleIdByName.get(name) ?? name;
  const employeeRoleId = roleId('employee');
  const roleIdForLicense = plan.ids.map((id) => (ROLE_FOR_LICENSE[id] ? roleId(ROLE_FOR_LICENSE[id]) : undefined));
  const occasionalRoles = OCCASIONAL_ROLES.map(({ role, share }) => ({ id: roleId(role), share }));
  const emailUses = new Map<string, number>();
  // Scratch space reused for every user; each user keeps exact-size copies.
  const covered = new Uint8Array(plan.ids.length);
  const licenses: string[] = [];
  const roleIds: string[] = [];
  const users = new Array<SandboxUser>(count);

  const hold = (license: number): void => {
    licenses.push(plan.ids[license]);
    plan.coverage[license].forEach((index) => (covered[index] = 1));
    const role = roleIdForLicense[license];
    if (role && !roleIds.includes(role)) {
      roleIds.push(role);
    }
  };

  for (let index = 0; index < count; index++) {
    const id = random.uuid();
    const person = index < SHOWCASE_NAMES.length ? SHOWCASE_NAMES[index] : random.pick(random.pick(cultures));
    const uses = (emailUses.get(person.emailLocalPart) ?? 0) + 1;
    emailUses.set(person.emailLocalPart, uses);
    const email = emailAddress(person.emailLocalPart, uses);

    covered.fill(0);
    licenses.length = 0;
    roleIds.length = 0;
    roleIds.push(employeeRoleId);
    if (!random.chance(UNLICENSED_SHARE)) {
      const base = random.pickWeighted(plan.baseChoices);
      hold(base);
      const addOns = plan.addOnsByBase.get(base) ?? [];
      for (let wanted = random.pickWeighted(ADD_ON_COUNT_WEIGHTS); wanted > 0 && addOns.length > 0; wanted--) {
        const addOn = random.pick(addOns);
        if (!covered[addOn]) {
          hold(addOn);
        }
      }
    }
    for (const role of occasionalRoles) {
      if (random.chance(role.share) && !roleIds.includes(role.id)) {
        roleIds.push(role.id);
      }
    }

    users[index] = {
      id,
      name: person.name,
      email,
      username: email,
      licenses: licenses.slice(),
      roleIds: roleIds.slice(),
      state: 'active',
      dateLastLogin: lastLogin(index),
    };
  }
  return users;
}
