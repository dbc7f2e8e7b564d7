import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../src/sandbox';
import { LONG_DESCRIPTION, LONG_DESCRIPTION_DEFINITION, LONG_DESCRIPTION_END } from '../longDescription';
import { shownResult } from './commandSupport';
import { activeExtension, childrenOf, root, withSignedInSandbox } from './support';

describe('A license with a long description, read whole from its row', () => {
  let sandbox: Sandbox;

  withSignedInSandbox({ userCount: 30, seed: 18 }, (started) => {
    sandbox = started;
    sandbox.org.definitions.push(structuredClone(LONG_DESCRIPTION_DEFINITION));
  });

  async function longRow() {
    const { api } = await activeExtension();
    const row = (await childrenOf(api, await root(api, 'License definitions'))).find((candidate) => candidate.copyableId === LONG_DESCRIPTION_DEFINITION.id);
    assert.ok(row, 'the definition is listed');
    return row;
  }

  it('hovers the whole description as plain text, where the row shows only its start', async () => {
    const item = (await longRow()).getTreeItem();
    assert.ok(!String(item.description).includes(LONG_DESCRIPTION_END), 'the row itself is cut short');
    assert.equal(typeof item.tooltip, 'string', 'the tooltip is plain text, not Markdown');
    assert.ok((item.tooltip as string).includes(LONG_DESCRIPTION), `the tooltip holds the whole description: ${String(item.tooltip)}`);
  });

  it('opens the whole description, as text, from the row’s Show Details', async () => {
    const row = await longRow();
    assert.match(row.getTreeItem().contextValue ?? '', /\bhasDetails\b/, 'the row offers Show Details in its context menu');
    await vscode.commands.executeCommand('genesysLicenses.showDetails', row);
    const text = shownResult().getText();
    assert.match(text, /^# License `analyticsArchive`/);
    // Escaped for the preview: the asterisks show as typed instead of making the word italic.
    assert.ok(text.includes('billed per terabyte-month (\\*not\\* per user).'), text);
    assert.ok(text.includes('Analytics Archive: keeps conversation detail records'), 'from its first word');
  });
});
