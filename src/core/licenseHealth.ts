/**
 * License Health: what the org's licenses cost without use, and where holdings disagree with the definitions or the
 * roles. Pure: the gatherer (healthLookups.ts) reads the org, this only compares. Each finding names its users and
 * the one batch assignment that fixes it; a finding that could not be computed says why instead.
 */
import type { LicenseAssignmentRequest } from '../api/models';
import { explainLicenses, type LicenseExplanation } from './licenseExplanation';
import type { DefinitionCatalog } from './licenseReports';

export type HealthFindingKind = 'inactiveHolders' | 'idleHolders' | 'redundant' | 'prerequisiteMissing' | 'notImplied' | 'impliedNotHeld';

/** The kinds in the order they are shown, each with what it means, in words. */
export const FINDING_KINDS: readonly { kind: HealthFindingKind; title: string }[] = [
  { kind: 'inactiveHolders', title: 'Held by inactive or deleted users' },
  { kind: 'idleHolders', title: 'Held by users who never logged in or not recently' },
  { kind: 'redundant', title: 'Redundant: comprised by another license the user holds' },
  { kind: 'prerequisiteMissing', title: 'Prerequisite missing' },
  { kind: 'notImplied', title: "Held but implied by none of the user's roles" },
  { kind: 'impliedNotHeld', title: "Implied by the user's roles but not held" },
];

/** What the report knows of one user. */
export interface HealthUser {
  id: string;
  name?: string;
  email?: string;
  /** `active`, `inactive` or `deleted`; absent reads as active. */
  state?: string;
  /** ISO 8601; absent: never logged in. */
  dateLastLogin?: string;
  licenses: readonly string[];
  /** The user's roles; absent when they could not be read. */
  roleIds?: readonly string[];
}

export interface HealthInput {
  users: readonly HealthUser[];
  /** Absent when the definitions could not be read (then no redundant or prerequisite finding is made). */
  definitions?: DefinitionCatalog;
  /** `infer` by role set (`roleSetKey`); absent when the roles could not be read. */
  inferred?: ReadonlyMap<string, readonly string[]>;
  /** Why a part could not be read: "the sign-in lacks the permission …". */
  missing: { definitions?: string; roles?: string };
  idleDays: number;
  now: Date;
}

export interface HealthFinding {
  /** Stable within a report: `kind:license[:other]`. */
  id: string;
  kind: HealthFindingKind;
  licenseId: string;
  /** The comprising license (redundant) or the missing prerequisite. */
  relatedLicenseId?: string;
  userIds: string[];
  /** The batch assignment that fixes it: remove the license, or add the missing one, for exactly these users. */
  fix: LicenseAssignmentRequest;
}

export interface LicenseHealthRow {
  licenseId: string;
  held: number;
  heldByActive: number;
  /** Active holders who never logged in or not within the idle days. */
  idle: number;
  redundant: number;
}

export interface HealthReport {
  findings: HealthFinding[];
  /** Kinds that could not be computed, and why. */
  unavailable: { kind: HealthFindingKind; why: string }[];
  byLicense: LicenseHealthRow[];
  users: ReadonlyMap<string, HealthUser>;
  idleDays: number;
  checkedAt: Date;
}

const DAY_MS = 86_400_000;

/** The key `infer` answers are kept under: the role IDs once each, sorted (order does not change the answer). */
export function roleSetKey(roleIds: readonly string[]): string {
  return [...new Set(roleIds)].sort().join(',');
}

export function isActive(user: HealthUser): boolean {
  return user.state !== 'inactive' && user.state !== 'deleted';
}

/** Never logged in, or the last login is more than `idleDays` days before `now` (an unreadable date counts as never). */
export function isIdle(user: HealthUser, idleDays: number, now: Date): boolean {
  const last = user.dateLastLogin === undefined ? NaN : Date.parse(user.dateLastLogin);
  return Number.isNaN(last) || now.getTime() - last > idleDays * DAY_MS;
}

export function findingTitle(kind: HealthFindingKind): string {
  return FINDING_KINDS.find((entry) => entry.kind === kind)?.title ?? kind;
}

/** One line for a finding: "`wem1` comprised by `wem3`" in words, without the users. */
export function findingSubject(finding: HealthFinding): string {
  switch (finding.kind) {
    case 'redundant':
      return `${finding.licenseId} inside ${finding.relatedLicenseId ?? ''}`;
    case 'prerequisiteMissing':
      return `${finding.licenseId} without ${finding.relatedLicenseId ?? ''}`;
    default:
      return finding.licenseId;
  }
}

/** What the fix does, in words: "remove wem1 from 37 users"; `license` writes the ID (a document puts it in code). */
export function fixSummary(finding: HealthFinding, license = (id: string) => id): string {
  const { fix } = finding;
  const users = (amount: number) => `${amount.toLocaleString('en-US')} ${amount === 1 ? 'user' : 'users'}`;
  return fix.userIdsAdd.length > 0
    ? `give ${license(fix.licenseId)} to ${users(fix.userIdsAdd.length)}`
    : `remove ${license(fix.licenseId)} from ${users(fix.userIdsRemove.length)}`;
}

export function licenseHealth(input: HealthInput): HealthReport {
  const { idleDays, now } = input;
  const definitions = input.definitions ?? new Map();
  const found = new Map<string, HealthFinding>();
  const add = (kind: HealthFindingKind, licenseId: string, userId: string, relatedLicenseId?: string) => {
    const id = [kind, licenseId, ...(relatedLicenseId ? [relatedLicenseId] : [])].join(':');
    let finding = found.get(id);
    if (!finding) {
      const givesLicense = kind === 'impliedNotHeld' || kind === 'prerequisiteMissing';
      const fixLicense = kind === 'prerequisiteMissing' ? (relatedLicenseId as string) : licenseId;
      finding = {
        id,
        kind,
        licenseId,
        ...(relatedLicenseId && { relatedLicenseId }),
        userIds: [],
        fix: { licenseId: fixLicense, userIdsAdd: [], userIdsRemove: [] },
      };
      finding.fix[givesLicense ? 'userIdsAdd' : 'userIdsRemove'] = finding.userIds; // the same users, one list
      found.set(id, finding);
    }
    finding.userIds.push(userId);
  };

  // Users share holdings and roles: each combination is compared once (a 20 000-user org has a few thousand).
  const explanations = new Map<string, LicenseExplanation>();
  for (const user of input.users) {
    const active = isActive(user);
    const idle = active && isIdle(user, idleDays, now);
    const roleKey = user.roleIds && roleSetKey(user.roleIds);
    const inferred = roleKey === undefined ? undefined : input.inferred?.get(roleKey);
    const held = [...new Set(user.licenses)].sort();
    const key = `${held.join(',')}|${inferred ? roleKey : '?'}`;
    let explanation = explanations.get(key);
    if (!explanation) {
      explanation = explainLicenses({
        held,
        definitions,
        roles: inferred ? { kind: 'roles', roles: (user.roleIds ?? []).map((id) => ({ id })), why: '' } : { kind: 'unknown', why: '' },
        rolePermissions: { why: '' },
        inferred: inferred && { together: inferred, alone: new Map() },
      });
      explanations.set(key, explanation);
    }
    for (const held of explanation.held) {
      if (!active) {
        add('inactiveHolders', held.licenseId, user.id);
      } else if (idle) {
        add('idleHolders', held.licenseId, user.id);
      }
      // The first comprising license in ID order: one fix removes the add-on once, however many include it.
      const comprising = [...held.comprisedBy].sort()[0];
      if (comprising) {
        add('redundant', held.licenseId, user.id, comprising);
      }
      held.missingPrerequisites.forEach((prerequisite) => add('prerequisiteMissing', held.licenseId, user.id, prerequisite));
      if (held.implied === false) {
        add('notImplied', held.licenseId, user.id);
      }
    }
    explanation.impliedNotHeld.forEach((lacking) => add('impliedNotHeld', lacking.licenseId, user.id));
  }

  const order = FINDING_KINDS.map((entry) => entry.kind);
  const findings = [...found.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.id.localeCompare(b.id));
  const unavailable = [
    ...(input.missing.definitions ? (['redundant', 'prerequisiteMissing'] as const).map((kind) => ({ kind, why: input.missing.definitions as string })) : []),
    ...(input.missing.roles ? (['notImplied', 'impliedNotHeld'] as const).map((kind) => ({ kind, why: input.missing.roles as string })) : []),
  ];
  return {
    findings,
    unavailable,
    byLicense: licenseRows(input, findings),
    users: new Map(input.users.map((user) => [user.id, user])),
    idleDays,
    checkedAt: now,
  };
}

function licenseRows(input: HealthInput, findings: readonly HealthFinding[]): LicenseHealthRow[] {
  const rows = new Map<string, LicenseHealthRow>();
  const row = (licenseId: string) => {
    let entry = rows.get(licenseId);
    if (!entry) {
      entry = { licenseId, held: 0, heldByActive: 0, idle: 0, redundant: 0 };
      rows.set(licenseId, entry);
    }
    return entry;
  };
  for (const user of input.users) {
    for (const licenseId of new Set(user.licenses)) {
      const entry = row(licenseId);
      entry.held++;
      entry.heldByActive += isActive(user) ? 1 : 0;
    }
  }
  for (const finding of findings) {
    if (finding.kind === 'idleHolders') {
      row(finding.licenseId).idle += finding.userIds.length;
    } else if (finding.kind === 'redundant') {
      row(finding.licenseId).redundant += finding.userIds.length;
    }
  }
  return [...rows.values()].sort((a, b) => a.licenseId.localeCompare(b.licenseId));
}
