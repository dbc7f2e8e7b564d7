import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension } from './support';

describe('Activation and manifest', () => {
  it('activates without asking anything and returns its API', async () => {
    const { extension, api } = await activeExtension();
    assert.equal(extension.isActive, true);
    assert.ok(api.sessions && api.explorer && api.connections);
  });

  it('registers every command the manifest contributes, each under the extension category', async () => {
    const { extension } = await activeExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed: { command: string; category?: string }[] = extension.packageJSON.contributes.commands;
    assert.ok(contributed.length >= 5);
    for (const command of contributed) {
      assert.ok(registered.has(command.command), `${command.command} is contributed but not registered`);
      assert.equal(command.category, 'Genesys Cloud Licenses', `${command.command} category`);
    }
  });

  it('hides tree-only commands from the command palette', async () => {
    const { extension } = await activeExtension();
    const palette: { command: string; when?: string }[] = extension.packageJSON.contributes.menus.commandPalette;
    for (const treeOnly of [
      'genesysLicenses.copyId',
      'genesysLicenses.loadMore',
      'genesysLicenses.retryNode',
      'genesysLicenses.addToBatch',
      'genesysLicenses.copyAsJson',
    ]) {
      assert.equal(palette.find((entry) => entry.command === treeOnly)?.when, 'false', `${treeOnly} must be hidden`);
    }
  });

  it('declares no activation events beyond the one restoring the batch form after a reload', async () => {
    const { extension } = await activeExtension();
    assert.deepEqual(extension.packageJSON.activationEvents, ['onWebviewPanel:genesysLicenses.batchAssignment']);
  });
});
