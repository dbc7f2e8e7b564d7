import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LicenseInspectorApi } from '../../src/extension';
import type { Sandbox } from '../../src/sandbox';
import { LicenseExplorerProvider } from '../../src/tree/explorerProvider';
import type { ExplorerNode } from '../../src/tree/nodes';
import { activeExtension, eventually, rememberSecrets, rowText, signOutEverywhere, startSandbox } from './support';

/** A view standing in for the tree view of a reloaded window: what it says in its message. */
interface FakeView {
  description?: string;
  message?: string;
}

/**
 * The last known state of an org, shown at once in a reloaded window. A window reload builds a new explorer on the
 * same storage: here a second LicenseExplorerProvider over the extension's own store and session.
 */
describe('The last known state after a window reload', () => {
  let first: Sandbox;
  let other: Sandbox;

  before(async () => {
    first = await startSandbox({ userCount: 900, seed: 53 });
    other = await startSandbox({ userCount: 120, seed: 54 });
    rememberSecrets(first.clients.admin.clientSecret, other.clients.admin.clientSecret);
  });
  after(async () => {
    await signOutEverywhere();
    await first.close();
    await other.close();
  });

  const signIn = async (sandbox: Sandbox) => {
    const { clientId, clientSecret } = sandbox.clients.admin;
    await vscode.commands.executeCommand('genesysLicenses.signIn', { method: 'clientCredentials', environment: sandbox.url, clientId, clientSecret });
  };
  /** A new explorer, as a reloaded window builds it, bound to a view whose message the test reads. */
  const reloadedExplorer = (api: LicenseInspectorApi) => {
    const explorer = new LicenseExplorerProvider(api.sessions, api.toggleHistory, api.logger, api.snapshots, api.lastKnown);
    const view: FakeView = {};
    explorer.bindView(view as unknown as vscode.TreeView<ExplorerNode>);
    return { explorer, view };
  };
  const definitionRows = async (explorer: LicenseExplorerProvider) => explorer.getChildren((await explorer.getChildren())[0]);
  const countsOf = (rows: ExplorerNode[]) => rows.map(rowText).map((text) => /— ([\d,]+) users? ·/.exec(text)?.[1]);
  const orgCounts = (sandbox: Sandbox, rows: ExplorerNode[]) => rows.map((row) => sandbox.org.holders(row.copyableId as string).length.toLocaleString('en-US'));
  const keptFor = async (api: LicenseInspectorApi) => {
    const { id, orgId } = api.sessions.current?.connection ?? {};
    return api.lastKnown.load(id as string, orgId as string);
  };

  it('shows the kept counts before any answer, "as of" their time, then switches to live data and says so', async () => {
    await signIn(first);
    const { api } = await activeExtension();
    const live = reloadedExplorer(api);
    const rows = await eventually(
      () => definitionRows(live.explorer),
      (found) => countsOf(found).every(Boolean),
      'the first live counts',
    );
    await eventually(
      () => keptFor(api),
      (kept) => kept?.users.length === 900,
      'the state kept',
    );
    live.explorer.dispose();

    // The org changes while no window is open: the kept state no longer matches it.
    const license = rows[0].copyableId as string;
    const newHolder = first.org.users.find((user) => !user.licenses.includes(license));
    newHolder?.licenses.push(license);
    let release!: () => void;
    first.faults.add({ fault: { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) } });
    first.stats.reset();

    const reloaded = reloadedExplorer(api);
    const cached = await definitionRows(reloaded.explorer);
    assert.deepEqual(countsOf(cached), countsOf(rows), 'the counts of the last window, before the org answered anything');
    assert.notDeepEqual(countsOf(cached), orgCounts(first, cached), 'they are the kept ones, not the org’s current ones');
    assert.match(reloaded.view.message ?? '', /^Last known state as of .+: refreshing in the background…$/);
    assert.match(String((await reloaded.explorer.getChildren())[0].getTreeItem().description), /^as of /);

    release();
    first.faults.clear();
    await eventually(
      async () => reloaded.view.message ?? '',
      (message) => /^Live data/.test(message),
      'the switch to live data',
    );
    const liveRows = await definitionRows(reloaded.explorer);
    assert.deepEqual(countsOf(liveRows), orgCounts(first, liveRows), 'live counts replace the kept ones');
    assert.equal((await reloaded.explorer.getChildren())[0].getTreeItem().description, undefined, 'no "as of" any more');
    reloaded.explorer.dispose();
  });

  it('is never lost to a window that reads it while another saves it', async () => {
    const { api } = await activeExtension();
    const orgId = api.sessions.current?.connection.orgId as string;
    const kept = await eventually(
      () => keptFor(api),
      (state) => state?.users.length === 900,
      'the state kept',
    );
    const connection = 'connection-saved-and-read-at-once';
    await api.lastKnown.save(connection, kept as NonNullable<typeof kept>);
    // One window saves again and again while another reads: a read must find the state every time, whole.
    let saving = true;
    const saves = (async () => {
      for (let round = 0; round < 40; round++) {
        await api.lastKnown.save(connection, { ...(kept as NonNullable<typeof kept>), savedAt: new Date(Date.UTC(2026, 0, 1, 0, round)).toISOString() });
      }
      saving = false;
    })();
    const seen = new Set<string>();
    for (let reads = 1; saving; reads++) {
      const read = await api.lastKnown.load(connection, orgId);
      assert.equal(read?.users.length, 900, `read ${reads}, during a save, found the whole state`);
      seen.add(read.savedAt);
    }
    await saves;
    assert.ok(seen.size >= 2, `the reads saw the state rewritten under them (${seen.size} versions seen)`);
    await api.lastKnown.remove(connection);
  });

  it('is never given for another org, and goes with sign-out', async () => {
    const { api } = await activeExtension();
    const connection = api.sessions.current?.connection;
    const kept = await keptFor(api);
    assert.ok(connection?.orgId && kept, 'the first org’s state is kept');
    // A copy under a connection no explorer writes to: the live one may keep its own file again at any moment.
    const copy = 'connection-without-explorer';
    await api.lastKnown.save(copy, kept);
    assert.ok(await api.lastKnown.load(copy, connection.orgId), 'the copy reads back for its own org');
    assert.equal(await api.lastKnown.load(copy, other.org.id), undefined, 'not for another org');
    assert.equal(await api.lastKnown.load(copy, connection.orgId), undefined, 'and the mismatched file was removed');

    await signIn(other);
    const seen = reloadedExplorer(api);
    await eventually(
      () => definitionRows(seen.explorer),
      (found) => countsOf(found).every(Boolean),
      'the other org’s counts',
    );
    assert.doesNotMatch(seen.view.message ?? '', /Last known state/, 'nothing kept is shown for the other org');
    await eventually(
      () => keptFor(api),
      (kept) => kept?.users.length === 120,
      'the other org’s state kept',
    );
    seen.explorer.dispose();
    const otherConnection = api.sessions.current?.connection;
    const keptBefore = await keptFor(api);
    const keeperBefore = api.lastKnown.keeperFor(otherConnection?.id as string, otherConnection?.orgId as string);
    await vscode.commands.executeCommand('genesysLicenses.signOut', otherConnection?.id);
    await eventually(
      () => api.lastKnown.load(otherConnection?.id as string, otherConnection?.orgId as string),
      (state) => state === undefined,
      'signed out: its state is gone',
    );
    // An explorer that was still keeping the state when the sign-out came must not write it back.
    await keeperBefore.save(keptBefore as NonNullable<typeof keptBefore>);
    assert.equal(await api.lastKnown.load(otherConnection?.id as string, otherConnection?.orgId as string), undefined, 'not written back after sign-out');
  });
});
