import * as assert from 'node:assert/strict';
import { type AppliedBatch, applyChanges, previewChanges } from '../../src/batch/changes';
import type { Sandbox } from '../../src/sandbox';
import type { LicenseInspectorApi } from '../../src/extension';
import { activeExtension, childrenOf, eventually, kindOf, root, rowText, withSignedInSandbox } from './support';

/** After a batch apply, the explorer reads only the affected users again (if at all) and updates in place. */
describe('Targeted refresh after a batch apply', () => {
  let sandbox: Sandbox;

  withSignedInSandbox({ userCount: 1200, seed: 47 }, (started) => (sandbox = started));

  const definitionRows = async (api: LicenseInspectorApi) => {
    const definitions = await root(api, 'License definitions');
    return (
      await eventually(
        () => childrenOf(api, definitions),
        (rows) => rows.every((row) => /users? ·/.test(rowText(row))),
        'holder counts',
      )
    ).map(rowText);
  };
  const expectedCount = (licenseId: string) => sandbox.org.holders(licenseId).length;

  /** Changes 10 users of the first page: four holders of a license lose it, six others gain it. */
  const applyToTenUsers = async (api: LicenseInspectorApi): Promise<AppliedBatch> => {
    const client = api.sessions.requireClient();
    const license = sandbox.org.definitions.find((definition) => !definition.prerequisites?.length && sandbox.org.holders(definition.id as string).length >= 5)
      ?.id as string;
    const firstPage = sandbox.org.users.slice(0, 100);
    const losing = firstPage
      .filter((user) => user.licenses.includes(license))
      .slice(0, 4)
      .map((user) => user.id);
    const gaining = firstPage
      .filter((user) => !user.licenses.includes(license))
      .slice(0, 10 - losing.length)
      .map((user) => user.id);
    const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: gaining, userIdsRemove: losing }] });
    const report = await applyChanges(client, preview.entries);
    return { kind: 'apply', orgId: api.sessions.current?.connection.orgId, before: preview.usersBefore, report };
  };

  it('updates counts, users and assignments in place with no request, as a full rescan would show them', async () => {
    const { api } = await activeExtension();
    const before = await definitionRows(api);
    await childrenOf(api, await root(api, 'Users')); // the first page of users is shown
    const batch = await applyToTenUsers(api);
    sandbox.stats.reset();
    await api.explorer.refreshAfterBatch(batch);
    assert.equal(sandbox.stats.requests, 0, 'the read-back of the write said everything');
    const targeted = await definitionRows(api);
    assert.notDeepEqual(targeted, before, 'the counts moved');
    for (const row of await childrenOf(api, await root(api, 'License definitions'))) {
      assert.match(rowText(row), new RegExp(`— ${expectedCount(row.copyableId as string).toLocaleString('en-US')} users? ·`), `${row.copyableId}`);
    }
    const users = await childrenOf(api, await root(api, 'Users'));
    for (const userId of batch.report.usersAfter.map((user) => user.id)) {
      const row = users.find((node) => node.copyableId === userId);
      const held = sandbox.org.userById(userId)?.licenses.length ?? -1;
      assert.match(rowText(row as never), new RegExp(`— ${held} licenses?`), `the row of ${userId}`);
    }
    const license = batch.report.entries[0].licenseId;
    const holdersRow = (await childrenOf(api, await root(api, 'Organization assignments'))).find((row) => row.copyableId === license);
    const shown = (await childrenOf(api, holdersRow as never)).filter((row) => kindOf(row) === 'user').map((row) => row.copyableId);
    assert.deepEqual(shown, sandbox.org.holders(license).slice(0, shown.length), 'the holders, in the order a rescan lists them');
    sandbox.stats.reset();
    api.explorer.refresh();
    assert.deepEqual(await definitionRows(api), targeted, 'a full rescan shows the same counts');
    assert.ok(sandbox.stats.requests >= 12, 'the full rescan read every page');
  });

  it('reads again only the users whose read-back is missing: one request for 10 users', async () => {
    const { api } = await activeExtension();
    await definitionRows(api);
    const batch = await applyToTenUsers(api);
    batch.report.usersAfter = batch.report.usersAfter.slice(4); // the read-back of four users failed
    sandbox.stats.reset();
    await api.explorer.refreshAfterBatch(batch);
    assert.deepEqual(sandbox.stats.byRoute, { 'POST /api/v2/license/users': 1 });
    for (const row of await childrenOf(api, await root(api, 'License definitions'))) {
      assert.match(rowText(row), new RegExp(`— ${expectedCount(row.copyableId as string).toLocaleString('en-US')} users? ·`), `${row.copyableId}`);
    }
  });

  it("leaves the view alone for another org's batch", async () => {
    const { api } = await activeExtension();
    const before = await definitionRows(api);
    const batch = await applyToTenUsers(api);
    await api.explorer.refreshAfterBatch({ ...batch, orgId: 'another-org' });
    assert.deepEqual(await definitionRows(api), before);
  });
});
