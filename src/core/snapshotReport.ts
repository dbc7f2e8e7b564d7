/** The comparison of two snapshots as a Markdown document; every string from the org or a file is escaped. Pure. */
import { blocks, code, count, escapeText, table } from './markdown';
import type { LicenseSnapshot, SnapshotDefinition, SnapshotUser } from './snapshot';
import type { SnapshotComparison } from './snapshotCompare';

/** Users listed per section before "… and N more": the diff editor beside the summary shows every line. */
export const USERS_LISTED = 200;

export interface ComparedSide {
  snapshot: LicenseSnapshot;
  /** What the side is to a person: a file name, "the live org". */
  label: string;
}

function person(user: SnapshotUser): string {
  const name = user.name ? `${escapeText(user.name)} ` : '';
  const email = user.email ? `(${escapeText(user.email)}) ` : '';
  return `${name}${email}${code(user.id)}`;
}

function userList(users: readonly SnapshotUser[]): string {
  const shown = users.slice(0, USERS_LISTED).map((user) => `- ${person(user)}`);
  const more = users.length > USERS_LISTED ? [`- … and ${count(users.length - USERS_LISTED, 'more user')} (the diff editor shows every line)`] : [];
  return [...shown, ...more].join('\n');
}

function side({ snapshot, label }: ComparedSide): string {
  const org = `${snapshot.org.name ? escapeText(snapshot.org.name) : 'unnamed org'} (${escapeText(snapshot.org.region)})`;
  const scope = snapshot.scope === 'organization' ? count(snapshot.users.length, 'user') : `${count(snapshot.users.length, 'user')} of a change record`;
  return `${escapeText(label)}: ${org}, taken ${escapeText(snapshot.takenAt)}, ${scope}`;
}

function licenseTitle(definition: SnapshotDefinition): string {
  return `${code(definition.id)}${definition.name ? ` ${escapeText(definition.name)}` : ''}`;
}

function signed(amount: number): string {
  return amount > 0 ? `+${amount.toLocaleString('en-US')}` : amount.toLocaleString('en-US');
}

export function comparisonReport(earlier: ComparedSide, later: ComparedSide, comparison: SnapshotComparison): string {
  const changed = comparison.licenses.filter((license) => license.gained.length + license.lost.length > 0);
  const gains = changed.reduce((sum, license) => sum + license.gained.length, 0);
  const losses = changed.reduce((sum, license) => sum + license.lost.length, 0);
  const [joined, left] = comparison.wholeOrg ? ['Joined the org', 'Left the org'] : ['Only in the later snapshot', 'Only in the earlier snapshot'];
  const restoreCount = comparison.restore.reduce((sum, assignment) => sum + assignment.userIdsAdd.length + assignment.userIdsRemove.length, 0);
  return blocks(
    '# License snapshot comparison',
    `- Earlier: ${side(earlier)}\n- Later: ${side(later)}`,
    `${count(comparison.usersChanged, 'user')} in both changed licenses: ${count(gains, 'license')} gained, ${count(losses, 'license')} lost. ${count(comparison.onlyLater.length, 'user')} only in the later snapshot, ${count(comparison.onlyEarlier.length, 'user')} only in the earlier one.`,
    ...changed.map((license) =>
      blocks(
        `## ${licenseTitle({ id: license.licenseId, name: license.name })}`,
        license.gained.length > 0 && `Gained by ${count(license.gained.length, 'user')}:\n\n${userList(license.gained)}`,
        license.lost.length > 0 && `Lost by ${count(license.lost.length, 'user')}:\n\n${userList(license.lost)}`,
      ).trimEnd(),
    ),
    comparison.onlyLater.length > 0 && `## ${joined} (${comparison.onlyLater.length.toLocaleString('en-US')})\n\n${userList(comparison.onlyLater)}`,
    comparison.onlyEarlier.length > 0 && `## ${left} (${comparison.onlyEarlier.length.toLocaleString('en-US')})\n\n${userList(comparison.onlyEarlier)}`,
    comparison.definitionsAdded.length > 0 &&
      `## License definitions added\n\n${comparison.definitionsAdded.map((definition) => `- ${licenseTitle(definition)}`).join('\n')}`,
    comparison.definitionsRemoved.length > 0 &&
      `## License definitions removed\n\n${comparison.definitionsRemoved.map((definition) => `- ${licenseTitle(definition)}`).join('\n')}`,
    '## Restore',
    restoreCount > 0
      ? `Run **Restore These Licenses** (in the notification, or from the Command Palette) to open the batch form with the reverse change (${count(restoreCount, 'user/license pair')}), which gives the users in both snapshots their earlier licenses back. The form previews them against the org and asks before sending anything.`
      : 'The users in both snapshots hold the same licenses in each: there is nothing to restore.',
    comparison.licenses.length > 0 && '## Holders per license',
    comparison.licenses.length > 0 &&
      table(
        ['License', 'Name', 'Before', 'After', 'Change', 'Gained', 'Lost'],
        comparison.licenses.map((license) => [
          code(license.licenseId),
          license.name ? escapeText(license.name) : '',
          license.countBefore.toLocaleString('en-US'),
          license.countAfter.toLocaleString('en-US'),
          signed(license.countAfter - license.countBefore),
          license.gained.length.toLocaleString('en-US'),
          license.lost.length.toLocaleString('en-US'),
        ]),
      ),
  );
}
