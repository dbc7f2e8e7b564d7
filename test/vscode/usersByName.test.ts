import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../src/sandbox';
import { pickUser } from '../../src/ui/pickers';
import { drivingCreatedQuickPicks, movingTo } from './commandSupport';
import { activeExtension, childrenOf, eventually, root, rowText, signOutEverywhere, startSandbox, signInAsAdmin } from './support';

/** Any user by name at once: the users filter and the user pickers ask the directory's search, not every page. */
describe('Users by name through the directory search', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ userCount: 1500, seed: 61 });
    await signInAsAdmin(sandbox);
  });
  afterEach(async () => {
    const { api } = await activeExtension();
    api.explorer.setFilter(undefined);
  });
  after(async () => {
    await signOutEverywhere();
    await sandbox.close();
  });

  const lastUser = () => sandbox.org.users[sandbox.org.users.length - 1];

  it('the filter finds a user of the last page with two requests an expansion: the search and their licenses', async () => {
    const { api } = await activeExtension();
    const target = lastUser();
    await childrenOf(api, await root(api, 'Organization assignments')); // let the background holder count finish first
    sandbox.stats.reset();
    await vscode.commands.executeCommand('genesysLicenses.filterUsers', target.name);
    const rows = await childrenOf(api, await root(api, 'Users'));
    assert.ok(
      rows.some((row) => row.copyableId === target.id && String(row.getTreeItem().label).includes(target.name)),
      `${target.name} is listed by name: ${rows.map(rowText).join(' | ')}`,
    );
    // The view and the test each expand the node: two requests per expansion, no page of the listing, no names lookup.
    const { byRoute } = sandbox.stats;
    assert.equal(byRoute['GET /api/v2/license/users'], undefined, 'no page of the users listing');
    assert.equal(byRoute['GET /api/v2/users'], undefined, 'no names lookup: the search answered them');
    assert.ok(byRoute['POST /api/v2/users/search'] >= 1);
    assert.equal(byRoute['POST /api/v2/license/users'], byRoute['POST /api/v2/users/search']);
  });

  it('a folded spelling the directory misses ("yilmaz" for "Yılmaz") is still found, by reading every name', async () => {
    const { api } = await activeExtension();
    const target = sandbox.org.users[1300]; // a user whose name no earlier test read
    Object.assign(target, { name: 'Ayşe Yılmaz', email: 'a.y@example.test' });
    await vscode.commands.executeCommand('genesysLicenses.filterUsers', 'yilmaz');
    const rows = await childrenOf(api, await root(api, 'Users'));
    assert.deepEqual(
      rows.map((row) => row.copyableId),
      [target.id],
    );
  });

  it('a picker offers a user from beyond the loaded page as the name is typed, and picks them', async () => {
    const { api } = await activeExtension();
    // A user beyond the first page whose name is theirs alone, so the row to pick is plain to see.
    const target = sandbox.org.users
      .slice(1000)
      .find((user) => /^[A-Za-z ]+$/.test(user.name) && sandbox.org.users.filter((other) => other.name === user.name).length === 1);
    assert.ok(target, 'the sandbox has a unique Latin name past the first page');
    const picked = await drivingCreatedQuickPicks(
      async (quickPick) => {
        await eventually(
          async () => quickPick.items.length,
          (count) => count > 1,
          'the first page',
        );
        quickPick.value = target.name;
        await eventually(
          async () => quickPick.items,
          (items) => items.some((item) => item.label === target.name && item.detail === 'found by directory search'),
          'the found user',
        );
        await movingTo(quickPick, (item) => item?.label === target.name && item.detail === 'found by directory search');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      },
      () => pickUser(api.sessions.requireClient()),
    );
    assert.equal(picked, target.id);
  });
});
