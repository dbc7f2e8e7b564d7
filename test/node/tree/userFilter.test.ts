import * as assert from 'node:assert/strict';
import { matchesUserFilter, normalizeForSearch } from '../../../src/tree/userFilter';

describe('Users filter', () => {
  it('folds accents and letters with strokes, so plain typing finds accented names', () => {
    assert.equal(normalizeForSearch('Zoë Ångström'), 'zoe angstrom');
    assert.equal(normalizeForSearch('Łukasz Żółć'), 'lukasz zolc');
    assert.equal(normalizeForSearch('Søren Kierkegård'), 'soren kierkegard');
  });

  it('needs every word, in any order, across name, email and ID', () => {
    const user = { id: '9b2c6f0e-1d3a-4c5b-8e7f-0a1b2c3d4e5f', name: 'José Núñez', email: 'jose.nunez@example.com' };
    assert.ok(matchesUserFilter('nunez jose', user));
    assert.ok(matchesUserFilter('EXAMPLE.COM', user));
    assert.ok(matchesUserFilter('9b2c6f0e', user));
    assert.ok(!matchesUserFilter('nunez maria', user));
  });

  it('keeps scripts without case as they are', () => {
    assert.ok(matchesUserFilter('渡辺', { id: 'x', name: '渡辺 健' }));
    assert.ok(matchesUserFilter('محمد', { id: 'x', name: 'محمد العلي' }));
  });

});
