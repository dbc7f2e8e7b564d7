import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, sandboxesStarted, secretsUsed, shownToPerson } from './support';

/** Runs last (files run in name order): after everything the suite did, no secret may be anywhere but SecretStorage. */
describe('After the whole suite: no secret outside SecretStorage', () => {
  function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) {
      return [];
    }
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full) : [full];
    });
  }

  it('finds none in the logs, the global state, the settings or anything shown to a person', async () => {
    const { api } = await activeExtension();
    // The tokens and codes the sandbox orgs issued (client-credentials grants, refreshes) count as much as the secrets
    // the suite typed in.
    for (const sandbox of sandboxesStarted) {
      for (const issued of sandbox.issuedSecrets()) {
        secretsUsed.add(issued);
      }
    }
    assert.ok(secretsUsed.size >= 5, `the suite handed over ${secretsUsed.size} secrets`);
    assert.ok(shownToPerson.length >= 20, `only ${shownToPerson.length} notifications and progress lines were recorded`);
    // The extension host's log folder holds this extension's log channel and the host's own log.
    const logFiles = filesUnder(path.dirname(api.logUri.fsPath));
    const logs = logFiles.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    assert.ok(
      logs.some((log) => log.text.includes('Signed in to')),
      `the extension's log was not found among ${logFiles.length} files under ${path.dirname(api.logUri.fsPath)}`,
    );
    const state = api.globalState.keys().map((key) => JSON.stringify(api.globalState.get(key)));
    const settings = JSON.stringify(vscode.workspace.getConfiguration().inspect('genesysLicenses'));
    for (const secret of secretsUsed) {
      const hint = `${secret.slice(0, 4)}…`;
      for (const log of logs) {
        assert.ok(!log.text.includes(secret), `a secret (${hint}) is in ${log.file}`);
      }
      assert.ok(!state.some((value) => value.includes(secret)), `a secret (${hint}) is in the global state`);
      assert.ok(!settings.includes(secret), `a secret (${hint}) is in the settings`);
      assert.ok(!shownToPerson.some((text) => text.includes(secret)), `a secret (${hint}) was shown in a notification or progress line`);
    }
    // The runner searches the whole run's output and the server log for these once the host has closed.
    const secretsFile = process.env.GENESYS_TEST_SECRETS_FILE;
    if (secretsFile) {
      fs.writeFileSync(secretsFile, JSON.stringify([...secretsUsed]));
    }
  });
});
