import * as assert from 'node:assert/strict';
import { MAX_KEPT_USERS, parseKeptState, serializeKeptState } from '../../../src/core/keptState';

describe('The last known state as a file', () => {
  const state = {
    orgId: 'org-1',
    savedAt: '2026-12-02T04:00:00.000Z',
    definitions: [{ id: 'cloudCX3', description: 'Genesys Cloud CX 3' }],
    users: [
      { id: 'u1', licenses: ['cloudCX3'] },
      { id: 'u2', licenses: [] },
    ],
  };
  const json = (value: unknown) => {
    const written = serializeKeptState(value as typeof state);
    assert.ok('json' in written);
    return written.json;
  };

  it('reads back what it wrote, for the org it was read from', () => {
    assert.deepEqual(parseKeptState(json(state), 'org-1'), {
      ...state,
      definitions: [{ id: 'cloudCX3', description: 'Genesys Cloud CX 3', prerequisites: [], comprises: [] }],
    });
  });

  it('is never given for another org', () => {
    assert.throws(() => parseKeptState(json(state), 'org-2'), /another org/);
  });

  it('refuses a damaged or foreign file by name, never reads it as data', () => {
    assert.throws(() => parseKeptState('{"format":"1","orgId":"org-1"', 'org-1'), SyntaxError);
    assert.throws(() => parseKeptState(JSON.stringify({ ...JSON.parse(json(state)), users: [{ licenses: ['x'] }] }), 'org-1'), /users\[0\]\.id/);
    assert.throws(() => parseKeptState(JSON.stringify({ ...JSON.parse(json(state)), format: '0' }), 'org-1'), /format/);
  });

  it(`keeps at most ${MAX_KEPT_USERS.toLocaleString('en-US')} users`, () => {
    const users = Array.from({ length: MAX_KEPT_USERS + 1 }, (_, index) => ({ id: `u${index}`, licenses: [] }));
    assert.deepEqual(serializeKeptState({ ...state, users }), { tooLarge: '100,001 users, more than 100,000' });
    assert.ok('json' in serializeKeptState({ ...state, users: users.slice(1) }));
  });
});
