import * as assert from 'node:assert/strict';
import { displayText, MAX_DISPLAY_LENGTH } from '../../../src/core/displayText';

describe('Text shown in the tree', () => {
  it('isolates right-to-left names so the description after them keeps its order', () => {
    assert.equal(displayText('محمد العلي'), '\u2068محمد العلي\u2069');
    assert.equal(displayText('Zoë Ångström'), 'Zoë Ångström');
  });

  it('drops control and bidi-override characters and folds white space', () => {
    assert.equal(displayText('Eve\u202E\u0007 Mallory\n\tSmith'), 'Eve Mallory Smith');
    assert.equal(displayText('  spaced   out  '), 'spaced out');
  });
});

describe('Hostile names in the tree', () => {
  it('drops invisible characters, so a name of fillers and zero-width spaces is empty and the ID shows instead', () => {
    assert.equal(displayText('\u3164'.repeat(500) + '\u200b'.repeat(500) + '\u2800\ufeff'), '');
    assert.equal(displayText(`${'\u200b'.repeat(3000)}Ann\u00adLee`), 'AnnLee');
    assert.equal(displayText('👩\u200d💻 Dev'), '👩\u200d💻 Dev', 'the joiner of an emoji stays');
  });

  it('shortens a long name with an ellipsis so the row keeps room for its count', () => {
    const shown = displayText('Mallory '.repeat(2000));
    assert.ok([...shown].length <= MAX_DISPLAY_LENGTH, `${[...shown].length} characters`);
    assert.match(shown, /^Mallory Mallory .*…$/);
  });

  it('keeps a few combining marks on a letter but not a tower of them', () => {
    assert.equal(displayText(`Z${'\u0301'.repeat(200)}oë`), `Z${'\u0301'.repeat(4)}oë`);
  });
});
