import * as assert from 'node:assert/strict';
import { userLicensesListing, userLicensesMap } from '../../../src/api/answerShapes';
import { list, map, record, ShapeError, text } from '../../../src/api/shapes';

const failure = (read: () => unknown): ShapeError => {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof ShapeError, `not a ShapeError: ${String(error)}`);
    return error;
  }
  assert.fail('the value was read');
};

/** The shapes name the failing field exactly, however deep, and bound nesting whatever the field names. */
describe('Answer shapes: reading and naming', () => {
  const page = (entities: unknown[]) => ({ entities, pageSize: 100, pageNumber: 1, total: entities.length, pageCount: 1 });

  it('reads a page as it came, dropping unknown fields', () => {
    const read = userLicensesListing(page([{ id: 'u1', licenses: ['a', 'b'], selfUri: '/u1' }, { id: 'u2' }]), '');
    assert.deepEqual(
      read,
      page([
        { id: 'u1', licenses: ['a', 'b'] },
        { id: 'u2', licenses: [] },
      ]),
    );
  });

  it('names a failure by its full path: record fields, list items, map keys', () => {
    const error = failure(() =>
      userLicensesListing(
        page([
          { id: 'u1', licenses: ['a'] },
          { id: 'u2', licenses: ['a', 'b', 7] },
        ]),
        '',
      ),
    );
    assert.equal(error.field, 'entities[1].licenses[2]');
    assert.equal(error.message, 'entities[1].licenses[2] is the number 7 where a string was expected');
    assert.equal(failure(() => userLicensesListing({ ...page([]), total: -1 }, '')).field, 'total');
    assert.equal(failure(() => list(list(text))([[], ['a', null]], '')).field, '[1][1]');
    const users = map(record({ licenses: list(text) }));
    assert.equal(failure(() => users({ 'user "1"': { licenses: [] }, u2: { licenses: 'all' } }, '')).field, '["u2"].licenses');
    assert.equal(failure(() => users({ u1: { licenses: [1] } }, 'answer')).field, 'answer["u1"].licenses[0]');
    assert.equal(failure(() => users([], '')).field, '');
  });

  it('a map keeps every key as its own field, whatever it is called', () => {
    const read = userLicensesMap(JSON.parse('{"__proto__": {"licenses": []}, "u1": 1}'), '');
    assert.deepEqual(Object.keys(read), ['__proto__', 'u1']);
    assert.equal(Object.getPrototypeOf(read), Object.prototype);
  });

  it('refuses nesting without end by its depth, as a named error and not a stack overflow', () => {
    type Nested = { inner?: Nested[] };
    const nested: (value: unknown, field: string) => Nested = record({ inner: list((value, field) => nested(value, field)) });
    let deep: Nested = {};
    for (let level = 0; level < 10_000; level++) {
      deep = { inner: [deep] };
    }
    const error = failure(() => nested(deep, ''));
    assert.match(error.message, /nested deeper where at most 64 levels of nesting was expected$/);
    assert.match(error.field, /^(inner\[0\]\.){32}inner$/);
    let shallow: Nested = { inner: [] };
    for (let level = 0; level < 30; level++) {
      shallow = { inner: [shallow] };
    }
    assert.deepEqual(nested(shallow, ''), shallow);
  });
});
