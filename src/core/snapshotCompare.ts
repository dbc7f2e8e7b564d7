/**
 * Two license snapshots compared: who gained and lost each license, the counts before and after, who is only in one
 * of them, which definitions came or went; and the change that puts the earlier licenses back. Pure.
 */
import type { LicenseAssignmentRequest } from '../api/models';
import type { LicenseSnapshot, SnapshotDefinition, SnapshotUser } from './snapshot';

export interface LicenseDifference {
  licenseId: string;
  /** The definition's name in the later snapshot, else the earlier one's. */
  name?: string;
  /** Holders among the users each snapshot holds. */
  countBefore: number;
  countAfter: number;
  /** Users in both snapshots who hold it only in the later / only in the earlier one, sorted by ID. */
  gained: SnapshotUser[];
  lost: SnapshotUser[];
}

export interface SnapshotComparison {
  /** True when both snapshots hold every user of the org: only then is a user missing from one a user who joined or left. */
  wholeOrg: boolean;
  /** Every license held in either snapshot, by ID: counts for all, gains and losses where there are. */
  licenses: LicenseDifference[];
  /** Users only in the earlier snapshot (left the org, for whole-org snapshots), and only in the later one (joined). */
  onlyEarlier: SnapshotUser[];
  onlyLater: SnapshotUser[];
  definitionsAdded: SnapshotDefinition[];
  definitionsRemoved: SnapshotDefinition[];
  /** Users in both whose licenses differ. */
  usersChanged: number;
  /** The change that gives the users in both their earlier licenses back: one assignment per license, by ID. */
  restore: LicenseAssignmentRequest[];
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The later user's name and email when it has them (a rename shows the current name), else the earlier's. */
function merged(earlier: SnapshotUser, later: SnapshotUser): SnapshotUser {
  return { ...later, name: later.name ?? earlier.name, email: later.email ?? earlier.email };
}

export function compareSnapshots(earlier: LicenseSnapshot, later: LicenseSnapshot): SnapshotComparison {
  const earlierUsers = new Map(earlier.users.map((user) => [user.id, user]));
  const laterIds = new Set(later.users.map((user) => user.id));
  const differences = new Map<string, LicenseDifference>();
  const difference = (licenseId: string) => {
    let found = differences.get(licenseId);
    if (!found) {
      found = { licenseId, countBefore: 0, countAfter: 0, gained: [], lost: [] };
      differences.set(licenseId, found);
    }
    return found;
  };
  const restore = new Map<string, LicenseAssignmentRequest>();
  const restoreOf = (licenseId: string) => {
    let found = restore.get(licenseId);
    if (!found) {
      found = { licenseId, userIdsAdd: [], userIdsRemove: [] };
      restore.set(licenseId, found);
    }
    return found;
  };
  for (const user of earlier.users) {
    user.licenses.forEach((licenseId) => difference(licenseId).countBefore++);
  }
  let usersChanged = 0;
  for (const user of later.users) {
    user.licenses.forEach((licenseId) => difference(licenseId).countAfter++);
    const before = earlierUsers.get(user.id);
    if (!before) {
      continue;
    }
    // Licenses are sorted in every snapshot: most users are unchanged, and told so without building sets.
    if (before.licenses.length === user.licenses.length && before.licenses.every((licenseId, index) => licenseId === user.licenses[index])) {
      continue;
    }
    const held = new Set(before.licenses);
    const holds = new Set(user.licenses);
    const gained = user.licenses.filter((licenseId) => !held.has(licenseId));
    const lost = before.licenses.filter((licenseId) => !holds.has(licenseId));
    if (gained.length + lost.length === 0) {
      continue;
    }
    usersChanged++;
    const person = merged(before, user);
    for (const licenseId of gained) {
      difference(licenseId).gained.push(person);
      restoreOf(licenseId).userIdsRemove.push(user.id);
    }
    for (const licenseId of lost) {
      difference(licenseId).lost.push(person);
      restoreOf(licenseId).userIdsAdd.push(user.id);
    }
  }
  const names = new Map([...earlier.definitions, ...later.definitions].map((definition) => [definition.id, definition.name]));
  const earlierDefinitions = new Set(earlier.definitions.map((definition) => definition.id));
  const laterDefinitions = new Set(later.definitions.map((definition) => definition.id));
  const sortedKeys = <T>(map: Map<string, T>) => [...map.keys()].sort(byCodeUnits).map((key) => map.get(key) as T);
  return {
    wholeOrg: earlier.scope === 'organization' && later.scope === 'organization',
    licenses: sortedKeys(differences).map((entry) => (names.get(entry.licenseId) === undefined ? entry : { ...entry, name: names.get(entry.licenseId) })),
    onlyEarlier: earlier.users.filter((user) => !laterIds.has(user.id)),
    onlyLater: later.users.filter((user) => !earlierUsers.has(user.id)),
    // A snapshot of some users holds no definitions: it says nothing about which the org has.
    definitionsAdded: earlier.scope === 'users' ? [] : later.definitions.filter((definition) => !earlierDefinitions.has(definition.id)),
    definitionsRemoved: later.scope === 'users' ? [] : earlier.definitions.filter((definition) => !laterDefinitions.has(definition.id)),
    usersChanged,
    restore: sortedKeys(restore),
  };
}
