import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Sandbox } from '../../src/sandbox';
import type { SaveSnapshotOutcome, CompareSnapshotsOutcome } from '../../src/commands/snapshotCommands';
import type { BatchPrefill } from '../../src/batch/draft';
import { parseSnapshot, SNAPSHOT_SCHEMA, snapshotText } from '../../src/core/snapshot';
import { recordingMessages } from './commandSupport';
import { edited, FakeWebviewPanel } from './fakeWebviewPanel';
import { activeExtension, childrenOf, eventually, kindOf, root, rowText, signOutEverywhere, startSandbox, signInAsAdmin } from './support';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('License snapshots in the extension host', () => {
  let sandbox: Sandbox;
  let folder: string;
  let saved: SaveSnapshotOutcome;
  const originalWarning = vscode.window.showWarningMessage;

  before(async () => {
    sandbox = await startSandbox({ userCount: 150, seed: 16 });
    await signInAsAdmin(sandbox);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'license-snapshots-'));
  });
  after(async () => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = originalWarning;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutEverywhere();
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('saves a snapshot that round-trips exactly to what the org holds', async () => {
    const target = vscode.Uri.file(path.join(folder, 'sandbox.json'));
    saved = await vscode.commands.executeCommand<SaveSnapshotOutcome>('genesysLicenses.saveSnapshot', target);
    assert.ok(saved, 'the command returned what it saved');
    const text = fs.readFileSync(target.fsPath, 'utf8');
    const snapshot = parseSnapshot(text, { expectedOrgId: sandbox.org.id });
    assert.equal(snapshotText(snapshot), text, 'written again, the parsed file is the same bytes');
    assert.equal(snapshot.schema, SNAPSHOT_SCHEMA);
    assert.deepEqual(snapshot.org, { id: sandbox.org.id, name: sandbox.org.name, region: sandbox.url });
    assert.deepEqual(
      snapshot.users,
      sandbox.org.users.map((user) => ({ id: user.id, name: user.name, email: user.email, licenses: [...user.licenses].sort() })).sort(byId),
    );
    assert.deepEqual(
      snapshot.definitions,
      sandbox.org.definitions.map((definition) => ({ id: definition.id as string, name: definition.description })).sort(byId),
    );
    // One user a line: the users' part of the file is exactly one line per user.
    const userLines = text.split('\n').filter((line) => line.startsWith('    {"id":') && line.includes('"licenses":'));
    assert.equal(userLines.length, sandbox.org.users.length);
  });

  it('records a batch applied through the form; the summary between its automatic snapshots names exactly what changed, and Restore prefills the reverse', async () => {
    const { api } = await activeExtension();
    const license = sandbox.org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
    const gainers = sandbox.org.users
      .filter((user) => !user.licenses.includes(license))
      .slice(0, 2)
      .map((user) => user.id)
      .sort();
    const loser = sandbox.org.users.find((user) => user.licenses.includes(license))?.id as string;
    const recordsBefore = (await api.snapshots.list(sandbox.org.id)).changes.length;

    // The extension's own form, on a fake webview: its onApplied is the one extension.ts wires.
    const fake = new FakeWebviewPanel();
    const originalCreate = vscode.window.createWebviewPanel;
    (vscode.window as { createWebviewPanel: unknown }).createWebviewPanel = () => fake;
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (_message: string, options?: { modal?: boolean }, button?: string) =>
      Promise.resolve(options?.modal ? button : undefined);
    try {
      await vscode.commands.executeCommand('genesysLicenses.openBatchAssignment');
      fake.send({ t: 'ready' });
      await fake.waitFor('init');
      fake.send(edited({ rows: [{ key: 'k1', licenseId: license, usersToAdd: gainers.join('\n'), usersToRemove: loser }] }));
      fake.send({ t: 'apply' });
      const report = await fake.waitFor('report', (message) => message.kind === 'apply', 20_000);
      assert.ok(report.report.entries.every((entry) => entry.outcome === 'applied'));

      const [record] = (
        await eventually(
          () => api.snapshots.list(sandbox.org.id),
          (listed) => listed.changes.length > recordsBefore,
          'the change record',
        )
      ).changes;
      const outcome = await vscode.commands.executeCommand<CompareSnapshotsOutcome>('genesysLicenses.compareSnapshots', record.before, record.after);
      const changed = outcome.comparison.licenses.filter((entry) => entry.gained.length + entry.lost.length > 0);
      assert.deepEqual(
        changed.map((entry) => ({ license: entry.licenseId, gained: entry.gained.map((user) => user.id), lost: entry.lost.map((user) => user.id) })),
        [{ license, gained: gainers, lost: [loser] }],
      );
      assert.equal(outcome.comparison.usersChanged, 3);
      for (const id of [...gainers, loser]) {
        assert.ok(outcome.markdown.includes(`\`${id}\``), `the summary names ${id}`);
      }
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      assert.ok(
        tabs.some(
          (tab) =>
            tab.input instanceof vscode.TabInputTextDiff &&
            tab.input.original.toString() === record.before.toString() &&
            tab.input.modified.toString() === record.after.toString(),
        ),
        'the diff editor shows the two files',
      );

      // A person clears the form (the applied draft is still in it) and restores.
      fake.send(edited({ rows: [{ key: 'k2', licenseId: '', usersToAdd: '', usersToRemove: '' }] }));
      fake.posted.length = 0;
      const prefill = await vscode.commands.executeCommand<BatchPrefill>('genesysLicenses.restoreSnapshotLicenses');
      assert.deepEqual(prefill, { assignments: [{ licenseId: license, userIdsAdd: [loser], userIdsRemove: gainers }] });
      const draft = await fake.waitFor('draft', (message) => message.reason === 'prefilled');
      assert.deepEqual(
        draft.draft.rows.map((row) => ({ licenseId: row.licenseId, usersToAdd: row.usersToAdd, usersToRemove: row.usersToRemove })),
        [{ licenseId: license, usersToAdd: loser, usersToRemove: gainers.join('\n') }],
      );
    } finally {
      (vscode.window as { createWebviewPanel: unknown }).createWebviewPanel = originalCreate;
      fake.dispose();
    }
  });

  it('refuses a file that is not a snapshot, another schema, a truncated one and another org’s, saying why and changing nothing', async () => {
    const { api } = await activeExtension();
    const text = fs.readFileSync(saved.uri.fsPath, 'utf8');
    const bad: [string, string, RegExp][] = [
      ['export.csv', 'id,name\n1,Ann\n', /export\.csv: This file is not a license snapshot/],
      [
        'next-version.json',
        text.replace(SNAPSHOT_SCHEMA, 'genesys-license-snapshot/2'),
        /next-version\.json: This snapshot has the schema "genesys-license-snapshot\/2"; this version of the extension reads "genesys-license-snapshot\/1" only\./,
      ],
      ['truncated.json', text.slice(0, Math.floor(text.length / 2)), /truncated\.json: This license snapshot is cut short \(truncated\)/],
      [
        'other-org.json',
        text.replace(`"id": "${sandbox.org.id}"`, '"id": "another-org"'),
        /other-org\.json: This snapshot is of another org .*not of the org signed in/,
      ],
    ];
    const liveFolder = vscode.Uri.joinPath(api.snapshots.orgFolder(sandbox.org.id), 'live');
    const liveFiles = async () => (await vscode.workspace.fs.readDirectory(liveFolder).then(undefined, () => [])).map(([name]) => name).sort();
    const liveBefore = await liveFiles();
    const scansBefore = sandbox.stats.byRoute['GET /api/v2/license/users'] ?? 0;
    for (const [name, content, message] of bad) {
      const file = path.join(folder, name);
      fs.writeFileSync(file, content);
      const { result, messages } = await recordingMessages(() =>
        vscode.commands.executeCommand('genesysLicenses.compareSnapshots', vscode.Uri.file(file), 'live'),
      );
      assert.equal(result, undefined, name);
      assert.equal(messages.length, 1, name);
      assert.equal(messages[0].severity, 'error');
      assert.match(messages[0].message, message);
      assert.equal(fs.readFileSync(file, 'utf8'), content, 'the file is left as it was');
    }
    assert.deepEqual(await liveFiles(), liveBefore, 'no live snapshot was written');
    assert.equal(sandbox.stats.byRoute['GET /api/v2/license/users'] ?? 0, scansBefore, 'the org was not read for a bad file');
  });

  it('lists the org’s saved snapshots and change records in the explorer, and deletes one after confirming', async () => {
    const { api } = await activeExtension();
    const stored = await vscode.commands.executeCommand<SaveSnapshotOutcome>(
      'genesysLicenses.saveSnapshot',
      api.snapshots.defaultSaveUri(sandbox.org.id, 'kept.json'),
    );
    const rows = await eventually(
      async () => childrenOf(api, await root(api, 'Snapshots')),
      (children) => children.some((child) => kindOf(child) === 'snapshot'),
      'the saved snapshot row',
    );
    assert.deepEqual([...new Set(rows.map(kindOf))], ['snapshot', 'snapshotChange']);
    const row = rows.find((child) => rowText(child).includes('kept.json')) as (typeof rows)[number];
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (_message: string, options?: { modal?: boolean }, button?: string) =>
      Promise.resolve(options?.modal ? button : undefined);
    assert.equal(await vscode.commands.executeCommand('genesysLicenses.deleteSnapshot', row), true);
    assert.equal(fs.existsSync(stored.uri.fsPath), false);
    const after = await childrenOf(api, await root(api, 'Snapshots'));
    assert.ok(!after.some((child) => rowText(child).includes('kept.json')));
  });
});
