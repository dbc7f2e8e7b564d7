import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../src/sandbox';
import type { ExplorerNode } from '../../src/tree/nodes';
import { activeExtension, childrenOf, eventually, kindOf, root, rowText, rememberSecrets, withSignedInSandbox } from './support';

describe('The License Explorer against the sandbox org', () => {
  let sandbox: Sandbox;

  withSignedInSandbox({ userCount: 460, seed: 21 }, (started) => (sandbox = started));
  afterEach(async () => {
    const { api } = await activeExtension();
    api.explorer.setFilter(undefined);
  });

  it('shows four roots: definitions, users, organization assignments, feature toggles', async () => {
    const { api } = await activeExtension();
    assert.deepEqual(
      (await childrenOf(api)).map((node) => node.getTreeItem().label),
      ['License definitions', 'Users', 'Organization assignments', 'Feature toggles', 'Health', 'Snapshots'],
    );
  });

  it('counts the holders of every license, equal to what the org holds', async () => {
    const { api } = await activeExtension();
    const definitions = await root(api, 'License definitions');
    const rows = await eventually(
      () => childrenOf(api, definitions),
      (nodes) => nodes.every((node) => /users? ·/.test(rowText(node))),
      'holder counts',
    );
    for (const row of rows) {
      const holders = sandbox.org.holders(row.copyableId as string).length;
      assert.match(rowText(row), new RegExp(`— ${holders.toLocaleString('en-US')} users? ·`), `${row.copyableId}`);
    }
    const clicked = rows[0].getTreeItem().command;
    assert.deepEqual([clicked?.command, clicked?.arguments], ['genesysLicenses.showDefinition', [rows[0].copyableId]]);
  });

  it('nests comprises as deep as the data goes', async () => {
    const { api } = await activeExtension();
    const depthOf = async (node: ExplorerNode): Promise<number> => {
      const comprises = (await childrenOf(api, node)).find((child) => child.getTreeItem().label === 'Comprises');
      if (!comprises) {
        return 1;
      }
      return 1 + Math.max(...(await Promise.all((await childrenOf(api, comprises)).map(depthOf))));
    };
    const rows = await childrenOf(api, await root(api, 'License definitions'));
    const depths = await Promise.all(rows.map(depthOf));
    assert.ok(Math.max(...depths) >= 4, `deepest nesting ${Math.max(...depths)}`);
  });

  it('shows users by name with their license count, and their licenses below', async () => {
    const { api } = await activeExtension();
    const users = await root(api, 'Users');
    const rows = await eventually(
      () => childrenOf(api, users),
      (nodes) => nodes[0].getTreeItem().label !== nodes[0].copyableId,
      'names',
    );
    const first = sandbox.org.users[0];
    assert.equal(rows[0].getTreeItem().label, first.name);
    assert.equal(rows[0].getTreeItem().description, `${first.licenses.length} license${first.licenses.length === 1 ? '' : 's'}`);
    const withLicenses = rows.find((row) => (sandbox.org.userById(row.copyableId as string)?.licenses.length ?? 0) > 1) as ExplorerNode;
    const licenses = await childrenOf(api, withLicenses);
    assert.deepEqual(
      licenses.map((row) => row.copyableId),
      [...(sandbox.org.userById(withLicenses.copyableId as string)?.licenses ?? [])].sort(),
    );
    assert.equal(licenses[0].getTreeItem().command?.command, 'genesysLicenses.showDefinition');
  });

  it('filters users by name without accents, keeps the filter through a refresh, and clears it', async () => {
    const { api } = await activeExtension();
    const target = sandbox.org.users.find((user) => /[À-ž]/.test(user.name) && user.name.split(' ')[0].length > 3);
    assert.ok(target, 'the sandbox seeds accented names');
    const word = target.name.split(' ')[0];
    const typed = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    await vscode.commands.executeCommand('genesysLicenses.filterUsers', typed);
    const users = await root(api, 'Users');
    let rows = await childrenOf(api, users);
    const ids = rows.map((row) => row.copyableId);
    assert.ok(ids.includes(target.id), `“${typed}” finds ${target.name}`);
    const expected = sandbox.org.users.filter((user) => `${user.name} ${user.email}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().includes(typed));
    assert.ok(rows.length >= expected.length, `${rows.length} rows for ${expected.length} plain matches`);
    for (const row of rows) {
      const user = sandbox.org.userById(row.copyableId as string);
      assert.ok(user, `${row.copyableId} is a user of the org`);
    }
    api.explorer.refresh();
    rows = await childrenOf(api, await root(api, 'Users'));
    assert.deepEqual(
      rows.map((row) => row.copyableId),
      ids,
      'the filter survives a refresh',
    );
    await vscode.commands.executeCommand('genesysLicenses.clearUserFilter');
    rows = await childrenOf(api, await root(api, 'Users'));
    // Cleared, the users listing shows again in its order (the filter searched the directory: it did not load everyone).
    const listed = rows.filter((row) => kindOf(row) === 'user').map((row) => row.copyableId);
    assert.deepEqual(
      listed,
      sandbox.org.users.slice(0, listed.length).map((user) => user.id),
    );
    assert.ok(listed.length === sandbox.org.users.length || kindOf(rows[rows.length - 1]) === 'loadMore', 'the rest is one click away');
  });

  it('looks a full user ID up directly, without scanning the org', async () => {
    const { api } = await activeExtension();
    const target = sandbox.org.users[300];
    await childrenOf(api, await root(api, 'Organization assignments')); // let the background holder count finish first
    sandbox.stats.reset();
    await vscode.commands.executeCommand('genesysLicenses.filterUsers', target.id.toUpperCase());
    const rows = await childrenOf(api, await root(api, 'Users'));
    assert.deepEqual(
      rows.map((row) => row.copyableId),
      [target.id],
    );
    assert.equal(sandbox.stats.byRoute['GET /api/v2/license/users'] ?? 0, 0, 'no scan');
    await vscode.commands.executeCommand('genesysLicenses.filterUsers', 'zz-nobody-has-this-name');
    const none = await childrenOf(api, await root(api, 'Users'));
    assert.equal(rowText(none[0]), 'No user matches “zz-nobody-has-this-name”.');
  });

  it('lists organization assignments, saying they were rebuilt from the users listing', async () => {
    const { api } = await activeExtension();
    const rows = await childrenOf(api, await root(api, 'Organization assignments'));
    assert.match(rowText(rows[0]), /Rebuilt from the users listing/);
    const licenses = rows.slice(1);
    const held = new Set(sandbox.org.users.flatMap((user) => user.licenses));
    assert.deepEqual(
      licenses.map((row) => row.copyableId),
      [...held].sort((a, b) => a.localeCompare(b)),
    );
    const busiest = licenses.reduce((a, b) =>
      sandbox.org.holders(a.copyableId as string).length >= sandbox.org.holders(b.copyableId as string).length ? a : b,
    );
    const holders = sandbox.org.holders(busiest.copyableId as string);
    const holderRows = await childrenOf(api, busiest);
    const shown = holderRows.filter((row) => kindOf(row) === 'user').map((row) => row.copyableId);
    assert.deepEqual(shown, holders.slice(0, shown.length));
    if (holders.length > 200) {
      assert.equal(kindOf(holderRows[holderRows.length - 1]), 'loadMore');
    }
  });

  it('lists the toggles looked up in this org, marked as deprecated', async () => {
    const { api } = await activeExtension();
    const toggles = await root(api, 'Feature toggles');
    assert.equal(toggles.getTreeItem().description, 'deprecated by Genesys');
    assert.match(rowText((await childrenOf(api, toggles))[0]), /No toggle looked up yet/);
    await api.toggleHistory.remember(api.sessions.current?.connection.id as string, 'webChat');
    const rows = await childrenOf(api, toggles);
    assert.deepEqual(rows.map(rowText), ['webChat — enabled']);
  });

  it('copies a row as JSON', async () => {
    const { api } = await activeExtension();
    const definitions = await childrenOf(api, await root(api, 'License definitions'));
    const text = await vscode.commands.executeCommand<string>('genesysLicenses.copyAsJson', definitions[0]);
    assert.deepEqual(JSON.parse(text), sandbox.org.definitionById(definitions[0].copyableId as string));
    assert.equal(await vscode.env.clipboard.readText(), text);
  });

  it('loads every user at once', async () => {
    const { api } = await activeExtension();
    api.explorer.refresh();
    await vscode.commands.executeCommand('genesysLicenses.loadAllUsers');
    const rows = await childrenOf(api, await root(api, 'Users'));
    assert.deepEqual(
      rows.map((row) => row.copyableId),
      sandbox.org.users.map((user) => user.id),
    );
  });

  it('shows IDs when the org does not let us read names', async () => {
    const { api } = await activeExtension();
    const token = sandbox.issueToken({ permissions: ['authorization:license:view'] });
    rememberSecrets(token);
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'accessToken', environment: sandbox.url, accessToken: token });
    sandbox.stats.reset();
    const users = await root(api, 'Users');
    await childrenOf(api, users);
    // The names are asked for behind the rows, and refused: the Users node then says why it lists IDs.
    const usersItem = await eventually(
      async () => (await root(api, 'Users')).getTreeItem(),
      (item) => String(item.description).endsWith(' · IDs only'),
      'the Users node saying it lists IDs only',
    );
    assert.match(String(usersItem.tooltip), /^Users are listed by ID, not by name: the sign-in lacks the permission directory:user:view /);
    const rows = await childrenOf(api, users);
    assert.equal(rows[0].getTreeItem().label, sandbox.org.users[0].id);
    assert.equal(kindOf(rows[0]), 'user', 'a refused names lookup leaves the users listed, not an error');
  });
});
