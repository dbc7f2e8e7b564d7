import * as assert from 'node:assert/strict';
import { displayText } from '../../../src/core/displayText';

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
