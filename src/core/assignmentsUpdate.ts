/** Who holds which license, brought up to date for a few users without reading the org again. No `vscode` import. */
import { holdersByLicense, type OrganizationAssignments } from '../api';

/**
 * `assignments` as a full rescan would read them after `changed` users now hold the given licenses and `gone` users
 * no longer exist. Rebuilt from the kept users list (listing order, so the holders come out in the scan's order);
 * for the legacy endpoint's answer, which has no users list, the changed users move to the end of their lists.
 */
export function withUsersChanged(
  assignments: OrganizationAssignments,
  changed: ReadonlyMap<string, readonly string[]>,
  gone: readonly string[] = [],
): OrganizationAssignments {
  const removed = new Set(gone);
  if (assignments.users) {
    const users = assignments.users
      .filter((user) => !removed.has(user.id))
      .map((user) => (changed.has(user.id) ? { id: user.id, licenses: [...(changed.get(user.id) as string[])] } : user));
    const listed = new Set(users.map((user) => user.id));
    // A user created after the scan: a rescan would list them too (last, as new users are).
    users.push(...[...changed].filter(([id]) => !listed.has(id)).map(([id, licenses]) => ({ id, licenses: [...licenses] })));
    return { ...assignments, users, licenses: holdersByLicense(users) };
  }
  const touched = new Set([...changed.keys(), ...gone]);
  const licenses: OrganizationAssignments['licenses'] = {};
  for (const [licenseId, holders] of Object.entries(assignments.licenses)) {
    licenses[licenseId] = holders.filter((holder) => !touched.has(holder.id));
  }
  for (const [userId, held] of changed) {
    for (const licenseId of held) {
      (licenses[licenseId] ??= []).push({ id: userId });
    }
  }
  // The endpoint lists held licenses only: one nobody holds any more leaves the list.
  return { ...assignments, licenses: Object.fromEntries(Object.entries(licenses).filter(([, holders]) => holders.length > 0)) };
}
