import * as assert from 'node:assert/strict';
import { withoutEmptyFields } from '../../../src/sandbox/http';

/** Genesys leaves null fields and empty arrays out of entities; the sandbox's answers must too, at every depth. */
describe('Sandbox answers: empty fields left out', () => {
  it('drops null and empty-array fields at any depth, keeps array items and the whole answer', () => {
    const answer = {
      entities: [
        { id: 'u1', licenses: [], selfUri: '/u1', division: null },
        { id: 'u2', licenses: ['a'], roles: [{ id: 'r', permissions: [], name: null }] },
        null,
        [],
      ],
      total: 0,
      nextUri: null,
      flag: false,
      text: '',
    };
    assert.equal(
      JSON.stringify(withoutEmptyFields(answer)),
      '{"entities":[{"id":"u1","selfUri":"/u1"},{"id":"u2","licenses":["a"],"roles":[{"id":"r"}]},null,[]],"total":0,"flag":false,"text":""}',
    );
    assert.deepEqual(withoutEmptyFields([]), []);
  });

  it('changes nothing it was given (answers may hold the org’s live objects), and copies only what it must', () => {
    const user = { id: 'u1', licenses: [] as string[] };
    const kept = { id: 'u2', licenses: ['a'] };
    const answer = { entities: [user, kept] };
    const read = withoutEmptyFields(answer) as { entities: unknown[] };
    assert.deepEqual(user, { id: 'u1', licenses: [] });
    assert.equal(answer.entities[0], user);
    assert.equal(read.entities[1], kept);
    assert.equal(withoutEmptyFields(kept), kept);
  });

  it('reads what toJSON gives, as JSON.stringify does', () => {
    const when = new Date(Date.UTC(2026, 0, 2));
    const emptied = { toJSON: () => [] };
    assert.equal(JSON.stringify(withoutEmptyFields({ when, emptied, kept: 1 })), '{"when":"2026-01-02T00:00:00.000Z","kept":1}');
  });
});
