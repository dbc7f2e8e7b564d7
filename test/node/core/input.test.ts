import * as assert from 'node:assert/strict';
import { GenesysApiError } from '../../../src/api';
import {
  describeParsedIds,
  idListFromArguments,
  isUuid,
  parseExportRequest,
  parseIdList,
  requireIds,
  requireUuid,
  textFromArgument,
} from '../../../src/core/input';

const A = '3f2a1c0e-7b3d-4c8e-9a51-0d2e6f4b8c17';
const B = '9b1e5d2c-4a6f-4e0b-8c3d-7f1a2b3c4d5e';
const C = 'c0ffee00-1234-4abc-8def-0123456789ab';

function refusal(run: () => unknown): GenesysApiError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GenesysApiError, `threw ${String(error)}`);
    assert.equal(error.kind, 'invalid-argument');
    return error;
  }
  assert.fail('nothing was refused');
}

describe('Command input: user and role IDs', () => {
  it('recognises UUIDs in either case and nothing else', () => {
    assert.equal(isUuid(A), true);
    assert.equal(isUuid(A.toUpperCase()), true);
    for (const wrong of ['', 'not-a-uuid', `${A}0`, A.slice(1), A.replace(/-/g, ''), `{${A}}`, '3f2a1c0e-7b3d-4c8e-9a51-0d2e6f4b8c1g']) {
      assert.equal(isUuid(wrong), false, wrong);
    }
  });

  it('splits pasted lists on commas, semicolons, spaces, tabs and lines', () => {
    assert.deepEqual(parseIdList(`${A}, ${B};${C}`).ids, [A, B, C]);
    assert.deepEqual(parseIdList(`${A}\r\n${B}\n\n\t${C}  `).ids, [A, B, C]);
    assert.deepEqual(parseIdList(`["${A}", "${B}"]`).ids, [A, B], 'a pasted JSON array');
  });

  it('merges duplicates, case-insensitively, keeping the first position and lower case', () => {
    const parsed = parseIdList(`${B}\n${A}\n${B.toUpperCase()}\n${A}`);
    assert.deepEqual(parsed.ids, [B, A]);
    assert.equal(parsed.duplicates, 2);
  });

  it('sets entries that are not UUIDs apart, each once, as given', () => {
    const parsed = parseIdList(`${A}, bob, 42, bob, ${A}x`);
    assert.deepEqual(parsed.ids, [A]);
    assert.deepEqual(parsed.invalid, ['bob', '42', `${A}x`]);
    assert.equal(parsed.duplicates, 1);
    assert.match(describeParsedIds(parsed), /^1 ID \(1 duplicate merged\); 3 entries not a UUID, not sent: bob, 42, /);
  });

  it('takes arrays of IDs and of tree rows', () => {
    assert.deepEqual(parseIdList([A, { copyableId: B }, ` ${C} `]).ids, [A, B, C]);
    assert.deepEqual(parseIdList([A, 7, null]).invalid, ['7', 'null']);
  });

  it('handles 10 000 IDs with duplicates', () => {
    const ids = Array.from({ length: 10_000 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`);
    const parsed = parseIdList([...ids, ...ids.slice(0, 500)].join('\n'));
    assert.equal(parsed.ids.length, 10_000);
    assert.equal(parsed.duplicates, 500);
    assert.match(describeParsedIds(parsed), /^10,000 IDs \(500 duplicates merged\)$/);
  });

  it('refuses an empty list, and a list with no UUID in it, saying which', () => {
    assert.match(refusal(() => requireIds(parseIdList(' ,; \n'), 'user IDs')).message, /No user IDs to look up\. The list is empty\./);
    assert.match(refusal(() => requireIds(parseIdList('alice bob'), 'user IDs')).message, /None of the entries is a UUID: alice, bob/);
    assert.deepEqual(requireIds(parseIdList(`x ${A}`), 'user IDs'), [A]);
  });

  it('checks one ID, lower-casing it, and shows what was given when it is not one', () => {
    assert.equal(requireUuid(` ${A.toUpperCase()} `, 'user ID'), A);
    const refused = refusal(() => requireUuid('12345', 'user ID'));
    assert.match(refused.message, /"12345" is not a user ID: Genesys Cloud user IDs are UUIDs/);
    assert.match(refused.message, /Nothing was sent/);
  });
});

describe('Command input: arguments', () => {
  it('reads one ID or name from a string or a tree row, and nothing from anything else', () => {
    assert.equal(textFromArgument(` ${A} `), A);
    assert.equal(textFromArgument({ copyableId: 'cloudCX1', label: 'x' }), 'cloudCX1');
    for (const none of [undefined, '', '   ', 42, {}, { copyableId: 3 }, [A]]) {
      assert.equal(textFromArgument(none), undefined, JSON.stringify(none));
    }
  });

  it('reads a list from a string, an array or a row; a tree selection (second argument) wins', () => {
    assert.equal(idListFromArguments(`${A} ${B}`), `${A} ${B}`);
    assert.deepEqual(idListFromArguments([A, B]), [A, B]);
    const row = { copyableId: A };
    assert.deepEqual(idListFromArguments(row), [row]);
    const selection = [row, { copyableId: B }];
    assert.equal(idListFromArguments(row, selection), selection);
    assert.equal(idListFromArguments(undefined), undefined);
    assert.equal(idListFromArguments({ something: 'else' }), undefined);
  });

  it('reads the export argument and refuses an unknown format', () => {
    assert.deepEqual(parseExportRequest(undefined), {});
    assert.deepEqual(parseExportRequest({ format: 'csv', path: '/tmp/x.csv' }), { format: 'csv', target: '/tmp/x.csv' });
    assert.deepEqual(parseExportRequest({ format: 'json', uri: 'file:///tmp/x.json', path: 'ignored' }), { format: 'json', target: 'file:///tmp/x.json' });
    assert.match(refusal(() => parseExportRequest({ format: 'xlsx' })).message, /"csv" or "json" \(got "xlsx"\)/);
  });
});
