// License snapshots at size: a 100 000-user org written as a snapshot file, and two such files read and compared
// (a week's worth of changes apart), the summary included; reading the two files is shown apart. Plain Node: the format and comparison are pure.
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { createSnapshot, type LicenseSnapshot, parseSnapshot, snapshotText } from '../../src/core/snapshot';
import { compareSnapshots } from '../../src/core/snapshotCompare';
import { comparisonReport } from '../../src/core/snapshotReport';
import { generateOrg } from '../../src/sandbox/data';
import { formatCount, formatMB, formatMs, median, type Table, type TargetCheck } from './report';

export const SNAPSHOT_USERS = 100_000;
/** Users whose licenses differ between the two snapshots compared. */
const CHANGED_USERS = 2_000;
const ROUNDS = 5;
export const SNAPSHOT_TARGET = { writeMs: 2_000, compareMs: 1_000 };

export interface SnapshotMeasurement {
  users: number;
  fileBytes: number;
  /** Canonical order, text, file written: what Save does after the org was read. */
  writeMs: number;
  /** Two snapshots compared and the summary written (a live comparison holds its later side in memory already). */
  compareMs: number;
  /** Reading and checking the two files, before a comparison of two files. */
  parseMs: number;
  changedFound: number;
}

function orgSnapshot(): { earlier: Omit<LicenseSnapshot, 'schema'>; later: Omit<LicenseSnapshot, 'schema'> } {
  const org = generateOrg(7, SNAPSHOT_USERS);
  const base = {
    org: { id: org.id, name: org.name, region: 'mypurecloud.ie' },
    scope: 'organization' as const,
    definitions: org.definitions.map((definition) => ({ id: definition.id as string, name: definition.description })),
  };
  const users = org.users.map((user) => ({ id: user.id, name: user.name, email: user.email, licenses: user.licenses }));
  const licenseIds = base.definitions.map((definition) => definition.id);
  // Every 50th user has one license more a week later.
  const later = users.map((user, index) =>
    index % (SNAPSHOT_USERS / CHANGED_USERS) === 0
      ? { ...user, licenses: [...user.licenses, licenseIds.find((id) => !user.licenses.includes(id)) as string] }
      : user,
  );
  return { earlier: { ...base, takenAt: '2026-12-01T10:00:00.000Z', users }, later: { ...base, takenAt: '2026-12-08T10:00:00.000Z', users: later } };
}

export function measureSnapshots(workDir: string): SnapshotMeasurement {
  const { earlier, later } = orgSnapshot();
  const earlierFile = path.join(workDir, 'earlier.json');
  const laterFile = path.join(workDir, 'later.json');
  const writes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    fs.writeFileSync(earlierFile, snapshotText(createSnapshot(earlier)));
    writes.push(performance.now() - started);
  }
  fs.writeFileSync(laterFile, snapshotText(createSnapshot(later)));
  const compares: number[] = [];
  const parses: number[] = [];
  let changedFound = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const [a, b] = [earlierFile, laterFile].map((file) => parseSnapshot(fs.readFileSync(file, 'utf8')));
    const parsed = performance.now();
    const comparison = compareSnapshots(a, b);
    comparisonReport({ snapshot: a, label: 'earlier.json' }, { snapshot: b, label: 'later.json' }, comparison);
    compares.push(performance.now() - parsed);
    parses.push(parsed - started);
    changedFound = comparison.usersChanged;
  }
  return {
    users: SNAPSHOT_USERS,
    fileBytes: fs.statSync(earlierFile).size,
    writeMs: median(writes),
    compareMs: median(compares),
    parseMs: median(parses),
    changedFound,
  };
}

export function snapshotTable(measured: SnapshotMeasurement): Table {
  return {
    title: `License snapshots: ${formatCount(measured.users)} users (${formatMB(measured.fileBytes)} a file)`,
    headers: ['Step', 'Median'],
    rows: [
      ['Write (canonical order, text, file)', formatMs(measured.writeMs)],
      ['Compare two snapshots and write the summary', formatMs(measured.compareMs)],
      ['Read and check two snapshot files (before comparing two files)', formatMs(measured.parseMs)],
    ],
    notes: [
      `Median of ${ROUNDS} rounds; the second snapshot differs in ${formatCount(CHANGED_USERS)} users (the comparison found ${formatCount(measured.changedFound)}).`,
    ],
  };
}

export function snapshotChecks(measured: SnapshotMeasurement): TargetCheck[] {
  return [
    {
      target: `${formatCount(SNAPSHOT_USERS)}-user snapshot written in < ${formatMs(SNAPSHOT_TARGET.writeMs)}`,
      measured: formatMs(measured.writeMs),
      pass: measured.writeMs < SNAPSHOT_TARGET.writeMs,
    },
    {
      target: `Two ${formatCount(SNAPSHOT_USERS)}-user snapshots compared in < ${formatMs(SNAPSHOT_TARGET.compareMs)}`,
      measured: formatMs(measured.compareMs),
      pass: measured.compareMs < SNAPSHOT_TARGET.compareMs && measured.changedFound === CHANGED_USERS,
    },
  ];
}
