import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HealthFixOutcome, HealthReportOutcome } from '../../src/commands/healthCommands';
import { type Sandbox, startSandbox } from '../../src/sandbox';
import type { ExplorerNode } from '../../src/tree/nodes';
import { recordingProgress } from './commandSupport';
import { activeExtension, childrenOf, kindOf, rememberSecrets, root, signOutEverywhere } from './support';

const DRAFT_KEY = 'genesysLicenses.batchDraft';

describe('License Health in the explorer, the report and the fix, against the sandbox org', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ userCount: 120, seed: 15 });
    const accessToken = sandbox.issueToken();
    rememberSecrets(accessToken);
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'accessToken', environment: sandbox.url, accessToken });
  });
  after(async () => {
    await signOutEverywhere();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox.close();
  });

  const label = (node: ExplorerNode) => String(node.getTreeItem().label);
  const description = (node: ExplorerNode) => String(node.getTreeItem().description ?? '');

  it('offers the check until one completes; a cancelled check leaves the Health part as it was', async () => {
    const { api } = await activeExtension();
    const health = await root(api, 'Health');
    assert.equal(description(health), 'not checked yet');
    assert.deepEqual((await childrenOf(api, health)).map(label), ['Check license health…']);
    const { result } = await recordingProgress(() => vscode.commands.executeCommand('genesysLicenses.checkLicenseHealth'), 1);
    assert.equal(result, undefined);
    assert.equal(description(await root(api, 'Health')), 'not checked yet', 'a cancelled check shows nothing');
  });

  it('shows each finding with its count, expanding to exactly the seeded users', async () => {
    const { api } = await activeExtension();
    const outcome = await vscode.commands.executeCommand<HealthReportOutcome>('genesysLicenses.showLicenseHealthReport');
    assert.ok(outcome, 'the report was made');
    const health = await root(api, 'Health');
    const kinds = await childrenOf(api, health);
    assert.deepEqual(kinds.map(label), [
      'Held by inactive or deleted users',
      'Held by users who never logged in or not recently',
      'Redundant: comprised by another license the user holds',
      'Prerequisite missing',
      "Held but implied by none of the user's roles",
      "Implied by the user's roles but not held",
    ]);
    const { org } = sandbox;
    const inactive = [...org.health.inactive, ...org.health.deleted];
    assert.match(description(kinds[0]), new RegExp(`^${inactive.length} users · `));
    const idle = [...org.health.neverLoggedIn, ...org.health.idle];
    assert.match(description(kinds[1]), new RegExp(`^${idle.length} users · `));
    const redundant = await childrenOf(api, kinds[2]);
    assert.deepEqual(
      redundant.map((node) => [label(node), description(node), kindOf(node)]),
      [['collaborate inside cloudCX1', '1 user', 'healthFinding']],
    );
    const comprised = org.userById(org.authorization.cases.comprised as string);
    const users = await childrenOf(api, redundant[0]);
    assert.deepEqual(
      users.map((node) => [label(node), node.copyableId]),
      [[comprised?.name, comprised?.id]],
    );
    // Every user under the inactive findings is one the sandbox made inactive or deleted, and all of them are there.
    const listed = new Set<string>();
    for (const finding of await childrenOf(api, kinds[0])) {
      (await childrenOf(api, finding)).forEach((node) => listed.add(node.copyableId as string));
    }
    assert.deepEqual([...listed].sort(), [...inactive].sort());
    const text = (await vscode.workspace.openTextDocument(outcome.uri)).getText();
    assert.match(text, /^# License Health/);
    assert.match(text, /\| License +\| Held +\| By active users +\| Idle +\| Redundant +\|/);
  });

  it('opens the batch form holding exactly the fix of a finding, and writes nothing', async () => {
    const { api } = await activeExtension();
    await api.globalState.update(DRAFT_KEY, undefined);
    const writes = sandbox.stats.byRoute['POST /api/v2/license/organization'] ?? 0;
    const kinds = await childrenOf(api, await root(api, 'Health'));
    const [finding] = await childrenOf(api, kinds[2]);
    const outcome = await vscode.commands.executeCommand<HealthFixOutcome>('genesysLicenses.fixHealthFinding', finding);
    assert.equal(outcome?.findingId, 'redundant:collaborate:cloudCX1');
    const comprised = sandbox.org.authorization.cases.comprised as string;
    const draft = api.globalState.get<{ rows: { licenseId: string; usersToAdd: string; usersToRemove: string }[] }>(DRAFT_KEY);
    assert.deepEqual(
      draft?.rows.map((row) => [row.licenseId, row.usersToAdd, row.usersToRemove]),
      [['collaborate', '', comprised]],
    );
    // By ID too, as the report's action names it.
    await api.globalState.update(DRAFT_KEY, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const byId = await vscode.commands.executeCommand<HealthFixOutcome>(
      'genesysLicenses.fixHealthFinding',
      'prerequisiteMissing:speechAndTextAnalytics:cloudCX1',
    );
    const lacking = sandbox.org.authorization.cases.prerequisiteMissing as string;
    assert.deepEqual(byId?.prefill, { assignments: [{ licenseId: 'cloudCX1', userIdsAdd: [lacking], userIdsRemove: [] }] });
    const second = api.globalState.get<{ rows: { licenseId: string; usersToAdd: string; usersToRemove: string }[] }>(DRAFT_KEY);
    assert.deepEqual(
      second?.rows.map((row) => [row.licenseId, row.usersToAdd, row.usersToRemove]),
      [['cloudCX1', lacking, '']],
    );
    assert.equal(sandbox.stats.byRoute['POST /api/v2/license/organization'] ?? 0, writes, 'nothing was written');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
