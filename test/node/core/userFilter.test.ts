import * as assert from 'node:assert/strict';
import { matchesUserFilter, normalizeForSearch } from '../../../src/core/userFilter';

describe('Users filter', () => {
  it('folds accents and letters with strokes, so plain typing finds accented names', () => {
    assert.equal(normalizeForSearch('Zoë Ångström'), 'zoe angstrom');
    assert.equal(normalizeForSearch('Łukasz Żółć'), 'lukasz zolc');
    assert.equal(normalizeForSearch('Søren Kierkegård'), 'soren kierkegard');
  });

  // Names as people in each place write them, and what someone typing on a plain keyboard types for them.
  const typedWithoutDiacritics: [name: string, typed: string][] = [
    ['Yılmaz Öztürk', 'yilmaz ozturk'], // Turkish dotless ı
    ['İlker Işık', 'ilker isik'], // Turkish dotted capital İ
    ['Straße Weiß', 'strasse weiss'], // German ß
    ['Ærøskøbing Æsir', 'aeroskobing aesir'], // Danish æ, ø
    ['Þórður Guðmundsdóttir', 'thordur gudmundsdottir'], // Icelandic þ, ð
    ['Đorđe Đoković', 'dorde dokovic'], // Serbian/Croatian đ
    ['Œuvre Cœur', 'oeuvre coeur'], // French œ
    ['Wałęsa Łódź', 'walesa lodz'], // Polish ł, ę, ó, ź
    ['Nguyễn Thị Ánh', 'nguyen thi anh'], // Vietnamese stacked marks
    ['Ħamrun Ŧest', 'hamrun test'], // Maltese ħ, Sami ŧ
    ['Ｊｏｈｎ ﬁnch', 'john finch'], // full-width letters, the "fi" ligature (compatibility forms)
    ['Čapek Šťastný', 'capek stastny'], // Czech háček
    ['Ångström Ñúñez', 'angstrom nunez'],
  ];
  for (const [name, typed] of typedWithoutDiacritics) {
    it(`"${typed}" finds "${name}", and so does the name as the org spells it`, () => {
      const user = { id: '9b2c6f0e-1d3a-4c5b-8e7f-0a1b2c3d4e5f', name };
      assert.ok(matchesUserFilter(typed, user));
      assert.ok(matchesUserFilter(name.toUpperCase(), user));
      assert.ok(!matchesUserFilter(`${typed} zzz`, user));
    });
  }

  it('needs every word, in any order, across name, email and ID', () => {
    const user = { id: '9b2c6f0e-1d3a-4c5b-8e7f-0a1b2c3d4e5f', name: 'José Núñez', email: 'jose.nunez@example.com' };
    assert.ok(matchesUserFilter('nunez jose', user));
    assert.ok(matchesUserFilter('EXAMPLE.COM', user));
    assert.ok(matchesUserFilter('9b2c6f0e', user));
    assert.ok(!matchesUserFilter('nunez maria', user));
  });

  it('keeps scripts without case or Latin base letters as they are', () => {
    assert.ok(matchesUserFilter('渡辺', { id: 'x', name: '渡辺 健' }));
    assert.ok(matchesUserFilter('محمد', { id: 'x', name: 'محمد العلي' }));
    assert.ok(matchesUserFilter('Ольга', { id: 'x', name: 'ольга петрова' }));
    assert.ok(matchesUserFilter('σοφία', { id: 'x', name: 'ΣΟΦΊΑ Παπαδοπούλου' }));
    assert.ok(!matchesUserFilter('olga', { id: 'x', name: 'Ольга Петрова' }));
  });
});
