import * as assert from 'node:assert/strict';
import { distinguishers } from '../../../src/core/people';

describe('Telling same-name users apart', () => {
  it('adds the email to each of two users with the same name, and nothing to the others', () => {
    const suffixes = distinguishers([
      { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Siobhán Ólafsdóttir', email: 'siobhan@example.com' },
      { id: 'b1b2c3d4-0000-4000-8000-000000000002', name: 'Siobhán  Ólafsdóttir', email: 'siobhan.o@example.com' },
      { id: 'c1b2c3d4-0000-4000-8000-000000000003', name: 'Zoë Ångström', email: 'zoe@example.com' },
    ]);
    assert.deepEqual(Object.fromEntries(suffixes), {
      'a1b2c3d4-0000-4000-8000-000000000001': 'siobhan@example.com',
      'b1b2c3d4-0000-4000-8000-000000000002': 'siobhan.o@example.com',
    });
  });

  it('falls back to the shortest unique start of the ID when the emails are missing or the same', () => {
    const suffixes = distinguishers([
      { id: '0a1b2c3d-1111-4000-8000-000000000001', name: 'Ana Silva' },
      { id: '0a1b2c3d-2222-4000-8000-000000000002', name: 'ana silva', email: 'shared@example.com' },
      { id: '9f8e7d6c-3333-4000-8000-000000000003', name: 'Ana Silva', email: 'shared@example.com' },
    ]);
    assert.deepEqual(Object.fromEntries(suffixes), {
      '0a1b2c3d-1111-4000-8000-000000000001': 'ID 0a1b2c3d-1…',
      '0a1b2c3d-2222-4000-8000-000000000002': 'ID 0a1b2c3d-2…',
      '9f8e7d6c-3333-4000-8000-000000000003': 'ID 9f8e7d6c-3…',
    });
  });

  it('leaves users without a name alone: their row shows the ID already', () => {
    assert.equal(distinguishers([{ id: 'x1' }, { id: 'x2' }, { id: 'x3', name: 'Only One' }]).size, 0);
  });
});
