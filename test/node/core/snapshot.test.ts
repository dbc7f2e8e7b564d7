import * as assert from 'node:assert/strict';
import { createSnapshot, type LicenseSnapshot, parseSnapshot, parseSnapshotHeader, SNAPSHOT_SCHEMA, snapshotText } from '../../../src/core/snapshot';
import { compareSnapshots } from '../../../src/core/snapshotCompare';
import { comparisonReport } from '../../../src/core/snapshotReport';
import { withPrefill } from '../../../src/batch/draft';

const ORG = { id: 'org-1', name: 'Acme | Support', region: 'mypurecloud.ie' };
const ANN = 'a0000000-0000-4000-8000-000000000001';
const BOB = 'b0000000-0000-4000-8000-000000000002';
const CAT = 'c0000000-0000-4000-8000-000000000003';
const DAN = 'd0000000-0000-4000-8000-000000000004';

function snapshot(
  users: LicenseSnapshot['users'],
  definitions: LicenseSnapshot['definitions'] = [
    { id: 'cx1', name: 'CX 1' },
    { id: 'cx2', name: 'CX 2' },
    { id: 'wem', name: 'WEM' },
  ],
  takenAt = '2026-12-01T10:00:00.000Z',
): LicenseSnapshot {
  return createSnapshot({ org: ORG, takenAt, scope: 'organization', definitions, users });
}

describe('License snapshots: the file format', () => {
  const sample = snapshot([
    { id: CAT, name: 'Cat', licenses: ['wem', 'cx1'] },
    { id: ANN, name: 'Ann "the admin"', email: 'ann@example.com', licenses: ['cx2'] },
    { id: BOB, licenses: [] },
  ]);

  it('writes the header pretty and then one definition and one user per line, sorted by ID', () => {
    assert.equal(
      snapshotText(sample),
      [
        '{',
        `  "schema": "${SNAPSHOT_SCHEMA}",`,
        '  "org": {',
        '    "id": "org-1",',
        '    "name": "Acme | Support",',
        '    "region": "mypurecloud.ie"',
        '  },',
        '  "takenAt": "2026-12-01T10:00:00.000Z",',
        '  "scope": "organization",',
        '  "definitions": [',
        '    {"id":"cx1","name":"CX 1"},',
        '    {"id":"cx2","name":"CX 2"},',
        '    {"id":"wem","name":"WEM"}',
        '  ],',
        '  "users": [',
        `    {"id":"${ANN}","name":"Ann \\"the admin\\"","email":"ann@example.com","licenses":["cx2"]},`,
        `    {"id":"${BOB}","licenses":[]},`,
        `    {"id":"${CAT}","name":"Cat","licenses":["cx1","wem"]}`,
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips exactly: parsing the text and writing it again gives the same bytes and the same data', () => {
    const text = snapshotText(sample);
    const parsed = parseSnapshot(text);
    assert.deepEqual(parsed, sample);
    assert.equal(snapshotText(parsed), text);
  });

  it('keeps one order whatever order the users and licenses came in, so an unchanged org writes an unchanged file', () => {
    const shuffled = snapshot([
      { id: BOB, licenses: [] },
      { id: CAT, name: 'Cat', licenses: ['cx1', 'wem', 'cx1'] },
      { id: ANN, name: 'Ann "the admin"', email: 'ann@example.com', licenses: ['cx2'] },
    ]);
    assert.equal(snapshotText(shuffled), snapshotText(sample));
  });

  it('changes exactly one line when one user gains a license', () => {
    const before = snapshotText(sample).split('\n');
    const after = snapshotText(snapshot([...sample.users.filter((user) => user.id !== BOB), { id: BOB, licenses: ['cx1'] }])).split('\n');
    assert.equal(after.length, before.length);
    assert.deepEqual(
      after.flatMap((line, index) => (line === before[index] ? [] : [line])),
      [`    {"id":"${BOB}","licenses":["cx1"]},`],
    );
  });

  it('writes empty lists as []', () => {
    assert.match(snapshotText(snapshot([], [])), /"definitions": \[\],\n {2}"users": \[\]\n\}\n$/);
  });

  it('reads the header of a big file from its first lines', () => {
    const text = snapshotText(sample);
    assert.deepEqual(parseSnapshotHeader(text.slice(0, text.indexOf('"users"'))), { org: ORG, takenAt: sample.takenAt, scope: 'organization' });
    assert.equal(parseSnapshotHeader('{"schema": "something else"}'), undefined);
  });

  describe('refuses what is not a whole snapshot of this org, saying why', () => {
    const text = snapshotText(sample);
    const refused = (input: string, message: RegExp, expectedOrgId?: string) => assert.throws(() => parseSnapshot(input, { expectedOrgId }), message);

    it('a file that is not a snapshot', () => {
      refused('name,licenses\nAnn,cx1\n', /^SnapshotFormatError: This file is not a license snapshot: it is not JSON starting with a snapshot "schema"\.$/);
      refused('{"assignments": []}', /This file is not a license snapshot: it has no "schema" naming one\./);
      refused('{"schema": "vega-lite/5"}', /This file is not a license snapshot: its schema is "vega-lite\/5"\./);
    });

    it('another schema version', () => {
      refused(
        text.replace(SNAPSHOT_SCHEMA, 'genesys-license-snapshot/2'),
        /This snapshot has the schema "genesys-license-snapshot\/2"; this version of the extension reads "genesys-license-snapshot\/1" only\./,
      );
    });

    it('a truncated file', () => {
      refused(text.slice(0, text.length - 40), /This license snapshot is cut short \(truncated\): the file ends before the snapshot does\./);
      refused(text.slice(0, text.indexOf(BOB)), /cut short \(truncated\)/);
    });

    it('a damaged one', () => {
      refused(text.replace('"licenses":[]},', '"licenses":[]}'), /This license snapshot is damaged: /);
    });

    it('a snapshot of another org, when the caller expects one', () => {
      refused(text, /This snapshot is of another org \(Acme \| Support, ID org-1\), not of the org signed in \(ID org-2\)\./, 'org-2');
      assert.equal(parseSnapshot(text, { expectedOrgId: 'org-1' }).users.length, 3);
    });

    it('fields that are missing, of the wrong type, unknown, or repeated users', () => {
      refused(text.replace(`"id":"${BOB}",`, ''), /User 2 lacks its "id"\./);
      refused(text.replace('"licenses":["cx2"]', '"licenses":"cx2"'), /User 1's "licenses" is not a list\./);
      refused(text.replace('"licenses":["cx2"]', '"licenses":[2]'), /User 1's "licenses" holds something other than license IDs\./);
      refused(text.replace('"scope": "organization"', '"scope": "everything"'), /"scope" must be "organization" or "users", not "everything"\./);
      refused(text.replace('"takenAt": "2026-12-01T10:00:00.000Z"', '"takenAt": "yesterday"'), /"takenAt" is not a time: "yesterday"\./);
      refused(text.replace('"name":"Cat",', '"name":"Cat","role":"admin",'), /User 3 has a field "role" a snapshot does not have\./);
      refused(text.replace(CAT, BOB), /The user "b0000000-0000-4000-8000-000000000002" appears twice\./);
      refused(text.replace('"region": "mypurecloud.ie"', '"region": 1'), /The snapshot's "org"'s "region" is not a string\./);
    });
  });
});

describe('License snapshots: comparing two', () => {
  const earlier = snapshot([
    { id: ANN, name: 'Ann', licenses: ['cx1', 'wem'] },
    { id: BOB, name: 'Bob', licenses: ['cx1'] },
    { id: CAT, name: 'Cat', licenses: ['cx2'] },
  ]);
  const later = snapshot(
    [
      { id: ANN, name: 'Ann', licenses: ['cx2', 'wem'] },
      { id: BOB, name: 'Bob', licenses: ['cx1'] },
      { id: DAN, name: 'Dan', licenses: ['cx1'] },
    ],
    [
      { id: 'cx1', name: 'CX 1' },
      { id: 'cx2', name: 'CX 2' },
      { id: 'cx3', name: 'CX 3' },
    ],
    '2026-12-08T10:00:00.000Z',
  );

  it('names who gained and lost each license, the counts before and after, who joined and left, and the definitions that came and went', () => {
    const comparison = compareSnapshots(earlier, later);
    const ids = (users: { id: string }[]) => users.map((user) => user.id);
    assert.deepEqual(
      comparison.licenses.map((license) => ({
        id: license.licenseId,
        name: license.name,
        before: license.countBefore,
        after: license.countAfter,
        gained: ids(license.gained),
        lost: ids(license.lost),
      })),
      [
        { id: 'cx1', name: 'CX 1', before: 2, after: 2, gained: [], lost: [ANN] },
        { id: 'cx2', name: 'CX 2', before: 1, after: 1, gained: [ANN], lost: [] },
        { id: 'wem', name: 'WEM', before: 1, after: 1, gained: [], lost: [] },
      ],
    );
    assert.deepEqual(ids(comparison.onlyLater), [DAN]);
    assert.deepEqual(ids(comparison.onlyEarlier), [CAT]);
    assert.deepEqual(comparison.definitionsAdded, [{ id: 'cx3', name: 'CX 3' }]);
    assert.deepEqual(comparison.definitionsRemoved, [{ id: 'wem', name: 'WEM' }]);
    assert.equal(comparison.usersChanged, 1);
    assert.equal(comparison.wholeOrg, true);
  });

  it('restores the earlier licenses of the users in both, and no one else', () => {
    const comparison = compareSnapshots(earlier, later);
    assert.deepEqual(comparison.restore, [
      { licenseId: 'cx1', userIdsAdd: [ANN], userIdsRemove: [] },
      { licenseId: 'cx2', userIdsAdd: [], userIdsRemove: [ANN] },
    ]);
    // As the batch form takes it: one row per license, the users to add and remove as typed.
    assert.deepEqual(
      withPrefill({ rows: [] }, { assignments: comparison.restore }, () => 'k').rows.map(({ licenseId, usersToAdd, usersToRemove }) => ({
        licenseId,
        usersToAdd,
        usersToRemove,
      })),
      [
        { licenseId: 'cx1', usersToAdd: ANN, usersToRemove: '' },
        { licenseId: 'cx2', usersToAdd: '', usersToRemove: ANN },
      ],
    );
    assert.deepEqual(compareSnapshots(earlier, earlier).restore, []);
  });

  it('does not call a user missing from a change record one who left, nor read definitions from it', () => {
    const record = createSnapshot({ org: ORG, takenAt: later.takenAt, scope: 'users', definitions: [], users: [{ id: ANN, licenses: ['cx1'] }] });
    const comparison = compareSnapshots(earlier, record);
    assert.equal(comparison.wholeOrg, false);
    assert.deepEqual(comparison.definitionsRemoved, []);
    assert.deepEqual(comparison.restore, [{ licenseId: 'wem', userIdsAdd: [ANN], userIdsRemove: [] }]);
    const report = comparisonReport({ snapshot: earlier, label: 'a.json' }, { snapshot: record, label: 'b.json' }, comparison);
    assert.match(report, /## Only in the earlier snapshot \(2\)/);
    assert.doesNotMatch(report, /Left the org/);
  });

  it('writes the summary with every org string escaped', () => {
    const plain = snapshot([{ id: ANN, name: 'Ann', licenses: ['cx1'] }]);
    const hostile = snapshot([{ id: ANN, name: '[click](command:genesysLicenses.signOut) <img src=x>', email: 'x@evil.example', licenses: [] }]);
    const report = comparisonReport({ snapshot: plain, label: 'acme.json' }, { snapshot: hostile, label: 'the live org' }, compareSnapshots(plain, hostile));
    assert.match(report, /- Earlier: acme\\\.json: Acme \\\| Support \(mypurecloud\\\.ie\), taken 2026-12-01T10:00:00\.000Z, 1 user\n/);
    assert.match(report, /\| `cx1` +\| CX 1 +\| 1 +\| 0 +\| -1 +\| 0 +\| 1 +\|/);
    assert.match(
      report,
      /## `cx1` CX 1\n\nLost by 1 user:\n\n- \\\[click\\\]\(command\\:genesysLicenses\\\.signOut\) \\<img src=x\\> \(x\\@evil\\\.example\) `a0000000-0000-4000-8000-000000000001`/,
    );
    assert.match(report, /Run \*\*Restore These Licenses\*\*.* with the reverse change \(1 user\/license pair\)/);
    assert.doesNotMatch(report, /(?<!\\)\]\(command:|(?<!\\)<img/);
  });
});
