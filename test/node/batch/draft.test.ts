import * as assert from 'node:assert/strict';
import { checkDraft, draftFromRequest, emptyRow } from '../../../src/batch/draft';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('Batch draft checks', () => {
  it('builds the exact request from pasted text in any separators, merging duplicates', () => {
    const check = checkDraft({ rows: [{ key: 'r1', licenseId: 'cloudCX1', usersToAdd: `${A}, ${B.toUpperCase()}\n${A}`, usersToRemove: '' }] });
    assert.deepEqual(check.request, { assignments: [{ licenseId: 'cloudCX1', userIdsAdd: [A, B], userIdsRemove: [] }] });
    assert.equal(check.rows[0].duplicatesMerged, 1);
    assert.equal(check.entryCount, 2);
  });

  it('blocks a user both added and removed, invalid IDs, a missing or unknown license, and a license in two rows', () => {
    const check = checkDraft(
      {
        rows: [
          { key: 'r1', licenseId: 'cloudCX1', usersToAdd: A, usersToRemove: `${A} not-an-id` },
          { key: 'r2', licenseId: '', usersToAdd: B, usersToRemove: '' },
          { key: 'r3', licenseId: 'noSuchLicense', usersToAdd: B, usersToRemove: '' },
          { key: 'r4', licenseId: 'cloudCX1', usersToAdd: B, usersToRemove: '' },
        ],
      },
      new Set(['cloudCX1']),
    );
    assert.equal(check.request, undefined);
    assert.deepEqual(check.rows[0].conflicts, [A]);
    assert.deepEqual(check.rows[0].invalid, ['not-an-id']);
    assert.match(check.problems.join('\n'), /Row 2: choose a license/);
    assert.match(check.problems.join('\n'), /no license “noSuchLicense”/);
    assert.match(check.problems.join('\n'), /more than one row: cloudCX1/);
  });

  it('ignores untouched rows but asks for at least one', () => {
    assert.deepEqual(checkDraft({ rows: [emptyRow('a')] }).problems, ['Add a row: a license and the users to give it to or take it from.']);
  });

  it('loads a saved request back into rows, and refuses what is not one', () => {
    let key = 0;
    const draft = draftFromRequest({ assignments: [{ licenseId: 'wem1', userIdsAdd: [A], userIdsRemove: [B] }] }, () => `k${key++}`);
    assert.deepEqual(draft, { rows: [{ key: 'k0', licenseId: 'wem1', usersToAdd: A, usersToRemove: B }] });
    assert.throws(() => draftFromRequest({ licenses: [] }, () => 'x'), /needs an "assignments" list/);
    assert.throws(() => draftFromRequest({ assignments: [{ licenseId: 3 }] }, () => 'x'), /Assignment 1/);
  });
});
