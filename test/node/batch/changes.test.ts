import * as assert from 'node:assert/strict';
import { applyChanges, changesOf, previewChanges, retryRequestOf, undoRequestOf } from '../../../src/batch/changes';
import { adminClient, useSandbox } from '../api/helpers';

describe('Batch assignment: preview, apply, undo against the sandbox org', () => {
  const sandbox = useSandbox({ userCount: 400, seed: 5 });
  const noPrerequisite = () => sandbox().org.definitions.find((definition) => !definition.prerequisites?.length)?.id as string;
  const holdersOf = (licenseId: string) => new Set(sandbox().org.holders(licenseId));

  it('previews who gains, who loses and what changes nothing, from the org as it is', async () => {
    const license = noPrerequisite();
    const holder = sandbox().org.holders(license)[0];
    const other = sandbox().org.users.find((user) => !user.licenses.includes(license))?.id as string;
    const preview = await previewChanges(adminClient(sandbox()), { assignments: [{ licenseId: license, userIdsAdd: [holder, other], userIdsRemove: [] }] });
    assert.deepEqual(
      preview.entries.map((entry) => [entry.userId, entry.effect]),
      [
        [holder, 'unchanged'],
        [other, 'gains'],
      ],
    );
    assert.deepEqual([preview.gains, preview.losses, preview.unchanged], [1, 0, 1]);
  });

  it('warns when a prerequisite would be missing, and names unknown users', async () => {
    const needing = sandbox().org.definitions.find((definition) => definition.prerequisites?.length);
    assert.ok(needing?.id);
    const prerequisite = needing.prerequisites?.[0].id as string;
    const lacking = sandbox().org.users.find((user) => !sandbox().org.effectiveLicenseIds(user.licenses).has(prerequisite))?.id as string;
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    const preview = await previewChanges(adminClient(sandbox()), {
      assignments: [{ licenseId: needing.id, userIdsAdd: [lacking, unknown], userIdsRemove: [] }],
    });
    assert.match(preview.entries[0].warnings.join(' '), new RegExp(`Needs .*${prerequisite}`));
    assert.deepEqual(preview.unknownUsers, [unknown]);
    assert.match(preview.entries[1].warnings.join(' '), /not in the org/);
  });

  it('applies in chunks of the documented size, reports per user, and undo restores the org exactly', async () => {
    const client = adminClient(sandbox());
    const license = noPrerequisite();
    const before = holdersOf(license);
    const targets = sandbox()
      .org.users.filter((user) => !user.licenses.includes(license))
      .slice(0, 230)
      .map((user) => user.id);
    const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: targets, userIdsRemove: [] }] });
    sandbox().stats.reset();
    const report = await applyChanges(client, preview.entries, { chunkSize: 100 });
    assert.equal(report.requestsSent, 3);
    assert.equal(sandbox().stats.byRoute['POST /api/v2/license/organization'], 3);
    assert.ok(report.entries.every((entry) => entry.outcome === 'applied'));
    assert.equal(holdersOf(license).size, before.size + 230);
    const undo = undoRequestOf(report.entries);
    assert.ok(undo);
    const undone = await applyChanges(client, (await previewChanges(client, undo)).entries);
    assert.ok(undone.entries.every((entry) => entry.outcome === 'applied'));
    assert.deepEqual(holdersOf(license), before);
  });

  it('hands on what the affected users held before (the preview read) and after (the read-back), for records and views', async () => {
    const client = adminClient(sandbox());
    const license = noPrerequisite();
    const holder = sandbox().org.holders(license)[0];
    const other = sandbox().org.users.find((user) => !user.licenses.includes(license))?.id as string;
    const heldNow = (userId: string) => [...(sandbox().org.users.find((user) => user.id === userId)?.licenses ?? [])].sort();
    const beforeHolder = heldNow(holder);
    const beforeOther = heldNow(other);
    const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: [other], userIdsRemove: [holder] }] });
    assert.deepEqual(
      new Map(preview.usersBefore.map((user) => [user.id, [...(user.licenses ?? [])].sort()])),
      new Map([
        [other, beforeOther],
        [holder, beforeHolder],
      ]),
    );
    const report = await applyChanges(client, preview.entries);
    const after = new Map(report.usersAfter.map((user) => [user.id, [...(user.licenses ?? [])].sort()]));
    assert.deepEqual(
      after,
      new Map([
        [other, heldNow(other)],
        [holder, heldNow(holder)],
      ]),
    );
    assert.ok(after.get(other)?.includes(license) && !after.get(holder)?.includes(license));
  });

  it('never undoes an entry that changed nothing: a user who already held the license keeps it', async () => {
    const client = adminClient(sandbox());
    const license = noPrerequisite();
    const holder = sandbox().org.holders(license)[0];
    const report = await applyChanges(
      client,
      (await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: [holder], userIdsRemove: [] }] })).entries,
    );
    assert.equal(report.entries[0].effect, 'unchanged');
    assert.equal(undoRequestOf(report.entries), undefined);
  });

  it('splits and resends a chunk refused as too large (413): it was not applied', async () => {
    const client = adminClient(sandbox());
    const license = noPrerequisite();
    const targets = sandbox()
      .org.users.filter((user) => !user.licenses.includes(license))
      .slice(0, 40)
      .map((user) => user.id);
    const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: targets, userIdsRemove: [] }] });
    sandbox().faults.add({ method: 'POST', path: '/api/v2/license/organization', times: 1, fault: { kind: 'status', status: 413, code: 'request.too.large' } });
    sandbox().stats.reset();
    const report = await applyChanges(client, preview.entries);
    assert.ok(
      report.entries.every((entry) => entry.outcome === 'applied'),
      report.entries.map((entry) => entry.detail).join('; '),
    );
    assert.equal(report.requestsSent, 3, 'one refused, then two halves');
    assert.ok(targets.every((id) => sandbox().org.userById(id)?.licenses.includes(license)));
    await applyChanges(client, (await previewChanges(client, undoRequestOf(report.entries) ?? { assignments: [] })).entries);
  });

  it('after a lost answer, re-reads instead of resending: applied users are confirmed, nothing is sent twice', async () => {
    const client = adminClient(sandbox());
    const license = noPrerequisite();
    const targets = sandbox()
      .org.users.filter((user) => !user.licenses.includes(license))
      .slice(0, 5)
      .map((user) => user.id);
    const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: targets, userIdsRemove: [] }] });
    sandbox().faults.add({ method: 'POST', path: '/api/v2/license/organization', times: 1, fault: { kind: 'applyThenDisconnect' } });
    sandbox().stats.reset();
    const report = await applyChanges(client, preview.entries);
    assert.equal(sandbox().stats.byRoute['POST /api/v2/license/organization'], 1);
    assert.ok(report.entries.every((entry) => entry.outcome === 'applied' && /re-reading the user shows the change took effect/.test(entry.detail)));
    await applyChanges(client, (await previewChanges(client, undoRequestOf(report.entries) ?? { assignments: [] })).entries);
  });

  it('after a 503 nothing took effect: the users are marked not applied, and Retry sends only them', async () => {
    const client = adminClient(sandbox());
    const license = noPrerequisite();
    const targets = sandbox()
      .org.users.filter((user) => !user.licenses.includes(license))
      .slice(0, 3)
      .map((user) => user.id);
    const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: targets, userIdsRemove: [] }] });
    sandbox().faults.add({ method: 'POST', path: '/api/v2/license/organization', times: 1, fault: { kind: 'status', status: 503 } });
    const report = await applyChanges(client, preview.entries);
    assert.ok(report.entries.every((entry) => entry.outcome === 'not-applied' && /no change\. Retry it/.test(entry.detail)));
    const retry = retryRequestOf(report.entries);
    assert.deepEqual(retry && changesOf(retry).map((change) => change.userId), targets);
    const retried = await applyChanges(client, (await previewChanges(client, retry ?? { assignments: [] })).entries);
    assert.ok(retried.entries.every((entry) => entry.outcome === 'applied'));
    await applyChanges(client, (await previewChanges(client, undoRequestOf(retried.entries) ?? { assignments: [] })).entries);
  });

  it('reports the org’s own refusal per user (a missing prerequisite) as failed', async () => {
    const client = adminClient(sandbox());
    const needing = sandbox().org.definitions.find((definition) => definition.prerequisites?.length);
    const prerequisite = needing?.prerequisites?.[0].id as string;
    const lacking = sandbox().org.users.find((user) => !sandbox().org.effectiveLicenseIds(user.licenses).has(prerequisite))?.id as string;
    const report = await applyChanges(
      client,
      (await previewChanges(client, { assignments: [{ licenseId: needing?.id as string, userIdsAdd: [lacking], userIdsRemove: [] }] })).entries,
    );
    assert.equal(report.entries[0].outcome, 'failed');
    assert.match(report.entries[0].detail, /prerequisite/i);
  });

  describe('outcomes come from reading the users back, not from Genesys’ result strings', () => {
    const ORGANIZATION = '/api/v2/license/organization';
    const rewriteResults = (rewrite: (result: string) => string) =>
      sandbox().faults.add({
        method: 'POST',
        path: ORGANIZATION,
        times: 1,
        fault: { kind: 'transform', transform: (rows) => (rows as { result: string }[]).map((row) => ({ ...row, result: rewrite(row.result) })) },
      });

    it('reads every written user back, in batches, and says what the org now shows', async () => {
      const client = adminClient(sandbox());
      const license = noPrerequisite();
      const targets = sandbox()
        .org.users.filter((user) => !user.licenses.includes(license))
        .slice(0, 230)
        .map((user) => user.id);
      const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: targets, userIdsRemove: [] }] });
      sandbox().stats.reset();
      const report = await applyChanges(client, preview.entries, { chunkSize: 100 });
      assert.equal(sandbox().stats.byRoute['POST /api/v2/license/users'], 3, 'one read-back per chunk of 100');
      assert.ok(report.entries.every((entry) => entry.outcome === 'applied' && entry.orgShows === 'holds' && entry.answered === 'Success'));
      assert.match(report.entries[0].detail, /the org now shows the user holding it/);
      await applyChanges(client, (await previewChanges(client, undoRequestOf(report.entries) ?? { assignments: [] })).entries);
    });

    it('an unknown result string is reported as such, with what the read-back found', async () => {
      const client = adminClient(sandbox());
      const license = noPrerequisite();
      const targets = sandbox()
        .org.users.filter((user) => !user.licenses.includes(license))
        .slice(0, 2)
        .map((user) => user.id);
      const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: targets, userIdsRemove: [] }] });
      rewriteResults(() => 'Queued for provisioning');
      const report = await applyChanges(client, preview.entries);
      for (const entry of report.entries) {
        assert.equal(entry.outcome, 'applied');
        assert.equal(entry.answered, 'Queued for provisioning');
        assert.match(entry.detail, /“Queued for provisioning”, which this extension does not know, yet the org now shows the user holding it/);
      }
      await applyChanges(client, (await previewChanges(client, undoRequestOf(report.entries) ?? { assignments: [] })).entries);
    });

    it('a “Success” the org does not show is a failure', async () => {
      const client = adminClient(sandbox());
      const needing = sandbox().org.definitions.find((definition) => definition.prerequisites?.length);
      const prerequisite = needing?.prerequisites?.[0].id as string;
      const lacking = sandbox().org.users.find((user) => !sandbox().org.effectiveLicenseIds(user.licenses).has(prerequisite))?.id as string;
      const preview = await previewChanges(client, { assignments: [{ licenseId: needing?.id as string, userIdsAdd: [lacking], userIdsRemove: [] }] });
      rewriteResults(() => 'Success');
      const [entry] = (await applyChanges(client, preview.entries)).entries;
      assert.deepEqual([entry.outcome, entry.answered, entry.orgShows], ['failed', 'Success', 'does-not-hold']);
      assert.match(entry.detail, /answered “Success”, but the org now shows the user without it/);
    });

    it('when the read-back fails, the outcome is unknown and the answer is kept', async () => {
      const client = adminClient(sandbox());
      const license = noPrerequisite();
      const target = sandbox().org.users.find((user) => !user.licenses.includes(license))?.id as string;
      const preview = await previewChanges(client, { assignments: [{ licenseId: license, userIdsAdd: [target], userIdsRemove: [] }] });
      sandbox().faults.add({ method: 'POST', path: '/api/v2/license/users', times: 1, fault: { kind: 'status', status: 500 } });
      const [entry] = (await applyChanges(client, preview.entries)).entries;
      assert.deepEqual([entry.outcome, entry.answered, entry.orgShows], ['unknown', 'Success', undefined]);
      assert.match(entry.detail, /could not be read back/);
      assert.equal(retryRequestOf([entry]), undefined, 'an unknown outcome is not retried blindly');
      await client.assignLicenses({ assignments: [{ licenseId: license, userIdsAdd: [], userIdsRemove: [target] }] });
    });
  });
});
