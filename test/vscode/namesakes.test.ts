import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../src/sandbox';
import type { ExplorerNode } from '../../src/tree/nodes';
import { activeExtension, childrenOf, eventually, root, startSandbox, signInAsAdmin } from './support';

describe('Users with the same name, in the explorer', () => {
  let sandbox: Sandbox;
  const namesake = 'Siobhán Ólafsdóttir';
  const sharedLicense = 'communicate';

  before(async () => {
    sandbox = await startSandbox({ userCount: 60, seed: 18 });
    // Two people whose names read the same (case and spacing differ) and a third with a name of their own.
    sandbox.org.users[2].name = namesake;
    sandbox.org.users[5].name = ' siobhán  ólafsdóttir';
    sandbox.org.users[7].name = 'Siobhán Ólafsdóttir-Byrne';
    // All three hold one license, so they sit side by side under it in "Organization assignments" too.
    for (const index of [2, 5, 7]) {
      sandbox.org.users[index].licenses = [...new Set([...sandbox.org.users[index].licenses, sharedLicense])];
    }
    await signInAsAdmin(sandbox);
  });
  after(async () => {
    const { api } = await activeExtension();
    api.explorer.setFilter(undefined);
    for (const connection of api.connections.list()) {
      await vscode.commands.executeCommand('genesysLicenses.signOut', connection.id);
    }
    await sandbox.close();
  });

  const licenses = (count: number) => `${count} license${count === 1 ? '' : 's'}`;

  async function rowsOfUsers() {
    const { api } = await activeExtension();
    const users = await root(api, 'Users');
    return eventually(
      () => childrenOf(api, users),
      (rows) => rows.some((row) => row.getTreeItem().label !== row.copyableId),
      'names',
    );
  }

  function expectTellsApart(rows: readonly ExplorerNode[]) {
    for (const index of [2, 5]) {
      const user = sandbox.org.users[index];
      const row = rows.find((candidate) => candidate.copyableId === user.id);
      assert.ok(row, `row of user ${index}`);
      assert.equal(row.getTreeItem().description, `${licenses(user.licenses.length)} · ${user.email}`, `user ${index}`);
    }
    const own = sandbox.org.users[7];
    assert.equal(rows.find((row) => row.copyableId === own.id)?.getTreeItem().description, licenses(own.licenses.length), "a name of one's own gets no suffix");
  }

  it('shows the email beside each namesake in the users listing, and nothing beside unique names', async () => {
    expectTellsApart(await rowsOfUsers());
  });

  it('shows it in filter results too', async () => {
    const { api } = await activeExtension();
    api.explorer.setFilter('olafsdottir');
    const rows = await rowsOfUsers();
    assert.equal(rows.length, 3);
    expectTellsApart(rows);
  });

  it('shows it among the holders of a license under "Organization assignments"', async () => {
    const { api } = await activeExtension();
    const assignments = await root(api, 'Organization assignments');
    const license = (await childrenOf(api, assignments)).find((row) => row.copyableId === sharedLicense);
    assert.ok(license, `the license ${sharedLicense} is listed with its holders`);
    const holders = await eventually(
      () => childrenOf(api, license),
      (rows) => rows.some((row) => row.getTreeItem().label === namesake),
      "the holders' names",
    );
    expectTellsApart(holders);
  });
});
