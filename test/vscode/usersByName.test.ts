import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ORG_USERS_PAGE_SIZE } from '../../src/api';
import type { Sandbox } from '../../src/sandbox';
import { pickUser } from '../../src/ui/pickers';
import { drivingCreatedQuickPicks, movingTo } from './commandSupport';
import { activeExtension, childrenOf, eventually, root, rowText, withSignedInSandbox } from './support';
import { waitUntil } from '../waitUntil';

/** Any user by name at once: the users filter and the user pickers ask the directory's search, not every page. */
describe('Users by name through the directory search', () => {
  let sandbox: Sandbox;

  withSignedInSandbox({ userCount: 1500, seed: 61 }, (started) => (sandbox = started));
  afterEach(async () => {
    const { api } = await activeExtension();
    api.explorer.setFilter(undefined);
  });

  const lastUser = () => sandbox.org.users[sandbox.org.users.length - 1];
  const firstPageIn = (quickPick: vscode.QuickPick<vscode.QuickPickItem>) =>
    eventually(
      async () => quickPick.items.length,
      (count) => count > 1,
      'the first page',
    );
  /** Moves to the row `wanted` picks out and presses Enter, as a person would. */
  const accepting = async (quickPick: vscode.QuickPick<vscode.QuickPickItem>, wanted: (item: vscode.QuickPickItem | undefined) => boolean) => {
    await movingTo(quickPick, wanted);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  };

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
        await firstPageIn(quickPick);
        quickPick.value = target.name;
        await eventually(
          async () => quickPick.items,
          (items) => items.some((item) => item.label === target.name && item.detail === 'found by directory search'),
          'the found user',
        );
        await accepting(quickPick, (item) => item?.label === target.name && item.detail === 'found by directory search');
      },
      () => pickUser(api.sessions.requireClient()),
    );
    assert.equal(picked, target.id);
  });

  /** A user the directory's search cannot find from plain typing: an accented name and an email that says nothing. */
  const unsearchable = (index: number, name: string) => {
    const user = sandbox.org.users[index];
    Object.assign(user, { name, email: `u${index}@example.test` });
    return user;
  };
  /**
   * "Get User Licenses…" run from the palette: the extension's own picker (whose client's errors are the bundle's own:
   * a refusal is told apart by its class), then the picked user's licenses. Run last: its document takes the focus.
   */
  const getUserLicensesByPicker = () => vscode.commands.executeCommand<{ id: string } | undefined>('genesysLicenses.getUserLicenses');
  /**
   * Runs `run` (which opens a user picker) and, once its first page is in, holds the next `held` request (until
   * `drive` calls the release it is given, or the end), counts requests from zero and types `typed`, then `drive`s it.
   */
  const typingWhileHolding = async <T>(
    held: { method: string; path: string },
    typed: string,
    drive: (quickPick: vscode.QuickPick<vscode.QuickPickItem>, release: () => void) => Promise<void>,
    run: () => Thenable<T>,
  ): Promise<T> => {
    let release = () => {};
    const until = new Promise((resolve) => (release = () => resolve(undefined)));
    try {
      return await drivingCreatedQuickPicks(async (quickPick) => {
        await firstPageIn(quickPick);
        sandbox.faults.add({ ...held, times: 1, fault: { kind: 'hold', until } });
        sandbox.stats.reset();
        quickPick.value = typed;
        await drive(quickPick, release);
      }, run);
    } finally {
      release();
    }
  };
  const rowLabelled = (label: string) => (items: readonly vscode.QuickPickItem[]) => items.some((item) => item.label === label);

  it('a picker finds by our folding a user the search misses, reading every name once a session, and picks them', async () => {
    const { api } = await activeExtension();
    const target = unsearchable(1450, 'Ömer Yıldırım');
    const client = api.sessions.requireClient();
    let whenIdle: Record<string, number> = {};
    // The read's first page is held, so a second text is typed while the read runs.
    const picked = await typingWhileHolding(
      { method: 'GET', path: '/api/v2/license/users' },
      'yildirim',
      async (quickPick, releaseScan) => {
        await waitUntil(() => sandbox.stats.byRoute['GET /api/v2/license/users'] === 1, 'the search finding no one, and the read starting');
        quickPick.value = 'omer yildirim';
        await waitUntil(() => sandbox.stats.byRoute['POST /api/v2/users/search'] === 2, 'the second text searched for');
        releaseScan();
        await eventually(
          async () => quickPick.items,
          (items) => rowLabelled(target.name)(items) && !quickPick.busy,
          'the user found, and nothing more read',
        );
        whenIdle = { ...sandbox.stats.byRoute };
        // Typing more narrows what was read: a text matching no one, then the name again.
        quickPick.value = 'yildirim nobody';
        await eventually(async () => quickPick.items, rowLabelled('$(search-stop) No user matches “yildirim nobody”'), 'the no-match row');
        quickPick.value = 'yildirim';
        await eventually(async () => quickPick.items, rowLabelled(target.name), 'the user again');
        await accepting(quickPick, (item) => item?.label === target.name);
      },
      () => pickUser(client),
    );
    assert.equal(picked, target.id);
    assert.equal(whenIdle['POST /api/v2/users/search'], 2, 'each text searched for, found no one');
    assert.equal(whenIdle['GET /api/v2/license/users'], Math.ceil(sandbox.org.users.length / client.pageSize), 'every page of users, once');
    assert.equal(whenIdle['GET /api/v2/users'], Math.ceil(sandbox.org.users.length / ORG_USERS_PAGE_SIZE), 'every name, once: the directory’s listing');
  });

  it('a picker whose search is refused reads every name instead, says how far it is, and says when no one matches', async () => {
    const target = unsearchable(1460, 'Çağla Işık');
    const refusals = sandbox.faults.add({ method: 'POST', path: '/api/v2/users/search', fault: { kind: 'status', status: 403 } });
    const typed = '$(zap) isik';
    try {
      // One lookup of names held back, so the read is seen on its way.
      const picked = await typingWhileHolding(
        { method: 'GET', path: '/api/v2/users' },
        'cagla isik',
        async (quickPick, releaseNames) => {
          const reading = await eventually(
            async () => quickPick.items.find((item) => item.label.startsWith('$(loading~spin) Searching all names… ')),
            (row) => row !== undefined && quickPick.busy,
            'the read saying how far it is',
          );
          // The names' listing is held; the users scan beside it goes on and says how far it is.
          assert.match(reading?.label ?? '', /(Users|Names): [\d,]+ of 1,500( users)?$/);
          releaseNames();
          await eventually(async () => quickPick.items, rowLabelled(target.name), 'the user found among every name');
          // The org's refusal is remembered: the next text is matched against what was read, no search asked.
          quickPick.value = typed;
          const noMatch = await eventually(
            async () => quickPick.items.find((item) => item.label.includes('No user matches')),
            (row) => row !== undefined,
            'the no-match row',
          );
          assert.equal(noMatch?.label, '$(search-stop) No user matches “\\$(zap) isik”', 'the typed text is shown as typed, not as an icon');
          await accepting(quickPick, (item) => item?.label.includes('No user matches') ?? false);
          quickPick.value = 'isik cagla';
          await eventually(async () => quickPick.items, rowLabelled(target.name), 'the user again');
          await accepting(quickPick, (item) => item?.label === target.name);
        },
        () => getUserLicensesByPicker(),
      );
      assert.equal(picked?.id, target.id);
      assert.equal(sandbox.stats.byRoute['POST /api/v2/users/search'], 1, 'the refused search is not asked again');
    } finally {
      refusals();
    }
  });
});
