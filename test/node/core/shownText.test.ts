import * as assert from 'node:assert/strict';
import { literalLabel, shownText } from '../../../src/core/shownText';
import { redactor } from '../../../src/core/redact';

/** VS Code's own pattern for a link in a notification (vs/base/common/linkedText.ts). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('Text shown in notifications and progress', () => {
  it('leaves no link VS Code would render, yet reads the same', () => {
    const hostile =
      'Internal error. [Open the report](command:genesysLicenses.exportUsers?%7B%22target%22%3A%22%2Ftmp%2Fx.csv%22%7D "Details") or [see](https://evil.example/p) [x](file:///etc/passwd)';
    const shown = shownText(hostile);
    assert.deepEqual(shown.match(NOTIFICATION_LINK), null, shown);
    assert.equal(shown.replace(/\u200b/g, ''), hostile);
  });

  it('redacts what the extension registered and puts the text on one line', () => {
    redactor.registerSecret('client-secret-for-shown-text');
    assert.equal(shownText('bad secret client-secret-for-shown-text\nnext line'), 'bad secret [redacted] next line');
  });

  it('escapes icon syntax in labels so an org name shows as typed', () => {
    assert.equal(literalLabel('Acme $(verified) Inc'), 'Acme \\$(verified) Inc');
  });
});
