import * as assert from 'node:assert/strict';
import { createLicenseClient, type ScanProgress } from '../../../src/api';
import { adminClient, failureOf, useSandbox } from './helpers';

// Once as Genesys answers (empty arrays and null fields left out), once with every field present.
for (const emptyFields of ['omitted', 'present'] as const) {
  describe(`License API client against the sandbox org (empty fields ${emptyFields})`, () => {
    const sandbox = useSandbox({ emptyFields });

    it('lists every license definition exactly as the org has them', async () => {
      const definitions = await adminClient(sandbox()).listDefinitions();
      assert.deepEqual(definitions, sandbox().org.definitions);
      assert.ok(definitions.length >= 20);
    });

    it('gets one definition, with its comprises nested at least three levels deep somewhere', async () => {
      const client = adminClient(sandbox());
      const depth = (definition: { comprises?: unknown[] }): number =>
        1 + Math.max(0, ...((definition.comprises ?? []) as { comprises?: unknown[] }[]).map(depth));
      const deepest = [...sandbox().org.definitions].sort((a, b) => depth(b) - depth(a))[0];
      const fetched = await client.getDefinition(deepest.id as string);
      assert.deepEqual(fetched, deepest);
      assert.ok(depth(fetched) >= 4, `deepest nesting is ${depth(fetched)}`);
    });

    it("gets a user's licenses as full definitions", async () => {
      const user = sandbox().org.users.find((candidate) => candidate.licenses.length >= 2);
      assert.ok(user);
      const answer = await adminClient(sandbox()).getUserLicenses(user.id);
      assert.equal(answer.id, user.id);
      assert.deepEqual(answer.licenses?.map((license) => license.id).sort(), [...user.licenses].sort());
      assert.ok(answer.licenses?.every((license) => license.permissions?.ids.length));
    });

    it('pages the users listing by number, with totals and an empty page past the end', async () => {
      const client = adminClient(sandbox());
      const { users } = sandbox().org;
      const page = await client.listUsersPage({ pageNumber: 3, pageSize: 50 });
      assert.deepEqual(
        page.entities.map((user) => user.id),
        users.slice(100, 150).map((user) => user.id),
      );
      assert.deepEqual(page.entities[0].licenses, users[100].licenses);
      assert.equal(page.total, users.length);
      assert.equal(page.pageCount, Math.ceil(users.length / 50));
      const past = await client.listUsersPage({ pageNumber: page.pageCount + 1, pageSize: 50 });
      assert.deepEqual(past.entities, []);
    });

    it('refuses a page number or size below 1 before sending anything', async () => {
      const before = sandbox().stats.requests;
      const error = await failureOf(() => adminClient(sandbox()).listUsersPage({ pageNumber: 0 }));
      assert.equal(error.kind, 'invalid-argument');
      assert.equal(sandbox().stats.requests, before);
    });

    it('scans every user in order, in parallel under the concurrency cap, reporting progress', async () => {
      sandbox().setLatency(15);
      sandbox().stats.reset();
      const progress: ScanProgress[] = [];
      const users = await adminClient(sandbox(), { maxConcurrency: 4 }).scanUsers({ pageSize: 25, onProgress: (step) => progress.push(step) });
      const expected = sandbox().org.users;
      assert.deepEqual(
        users.map((user) => user.id),
        expected.map((user) => user.id),
      );
      assert.deepEqual(
        users.map((user) => user.licenses),
        expected.map((user) => user.licenses),
      );
      assert.equal(sandbox().stats.byRoute['GET /api/v2/license/users'], Math.ceil(expected.length / 25));
      assert.ok(sandbox().stats.peakInFlight <= 4, `peak in flight ${sandbox().stats.peakInFlight}`);
      assert.ok(sandbox().stats.peakInFlight >= 3, `peak in flight ${sandbox().stats.peakInFlight}: the scan is not parallel`);
      const last = progress[progress.length - 1];
      assert.deepEqual(last, { pagesLoaded: last.pageCount, pageCount: Math.ceil(expected.length / 25), usersLoaded: expected.length, total: expected.length });
    });

    it('scans an org with no users to an empty list', async () => {
      const users = sandbox().org.users.splice(0);
      try {
        assert.deepEqual(await adminClient(sandbox()).scanUsers(), []);
      } finally {
        sandbox().org.users.push(...users);
      }
    });

    it('fetches licenses for many users in batches, merging duplicates and naming unknown IDs', async () => {
      sandbox().stats.reset();
      const known = sandbox().org.users.slice(0, 230);
      const unknown = '00000000-0000-4000-8000-000000000000';
      const result = await adminClient(sandbox()).fetchUsersLicenses([...known.map((user) => user.id), known[0].id, unknown]);
      assert.deepEqual(
        result.users,
        known.map((user) => ({ id: user.id, licenses: user.licenses })),
      );
      assert.deepEqual(result.notFound, [unknown]);
      assert.equal(sandbox().stats.byRoute['POST /api/v2/license/users'], 3);
    });

    it('infers licenses from roles and from permissions', async () => {
      const client = adminClient(sandbox());
      const role = sandbox().org.roles.find((candidate) => (candidate.permissions ?? []).length > 0);
      assert.ok(role);
      const granting = (permissions: string[]) =>
        sandbox()
          .org.definitions.filter((definition) => definition.permissions?.ids.some((id) => permissions.includes(id)))
          .map((definition) => definition.id)
          .sort();
      assert.deepEqual((await client.inferLicenses([role.id])).sort(), granting(role.permissions ?? []));
      const permission = sandbox().org.definitions[0].permissions?.ids[0] as string;
      const fromPermission = await client.inferLicensesFromPermissions([permission]);
      assert.deepEqual(fromPermission.sort(), granting([permission]));
      assert.ok(fromPermission.includes(sandbox().org.definitions[0].id as string));
    });

    it('reads and flips a toggle: deprecated answers stay enabled, as Genesys documents', async () => {
      const client = adminClient(sandbox());
      assert.deepEqual(await client.getToggle('conversationRecording'), { featureName: 'conversationRecording', enabled: true });
      const flipped = await client.flipToggle('conversationRecording');
      assert.equal(flipped.enabled, true);
    });

    it('assigns and unassigns licenses, changing the org, with one result per user', async () => {
      const client = adminClient(sandbox());
      const license = sandbox().org.definitions.find((definition) => !definition.prerequisites?.length);
      assert.ok(license?.id);
      const target = sandbox().org.users.find((user) => !user.licenses.includes(license.id as string));
      assert.ok(target);
      const added = await client.assignLicenses({ assignments: [{ licenseId: license.id, userIdsAdd: [target.id], userIdsRemove: [] }] });
      assert.deepEqual(added, [{ userId: target.id, licenseId: license.id, result: 'Success' }]);
      assert.ok(sandbox().org.userById(target.id)?.licenses.includes(license.id));
      await client.assignLicenses({ assignments: [{ licenseId: license.id, userIdsAdd: [], userIdsRemove: [target.id] }] });
      assert.ok(!sandbox().org.userById(target.id)?.licenses.includes(license.id));
    });

    it('refuses a malformed batch before sending it: a user both added and removed, or nothing to do', async () => {
      const client = adminClient(sandbox());
      sandbox().stats.reset();
      const id = sandbox().org.users[0].id;
      const both = await failureOf(() => client.assignLicenses({ assignments: [{ licenseId: 'cloudCX1', userIdsAdd: [id], userIdsRemove: [id] }] }));
      assert.equal(both.kind, 'invalid-argument');
      assert.match(both.message, /both added and removed/);
      const empty = await failureOf(() => client.assignLicenses({ assignments: [] }));
      assert.equal(empty.kind, 'invalid-argument');
      assert.equal(sandbox().stats.requests, 0);
    });

    it('rebuilds the removed organization assignments from the users scan when the endpoint answers 404', async () => {
      const assignments = await adminClient(sandbox()).getOrganizationAssignments();
      assert.equal(assignments.source, 'users-scan');
      for (const definition of sandbox().org.definitions) {
        const holders = (assignments.licenses[definition.id as string] ?? []).map((user) => user.id);
        assert.deepEqual(holders, sandbox().org.holders(definition.id as string), `holders of ${definition.id}`);
      }
    });

    it('uses the removed organization endpoint where the org still answers it', async () => {
      sandbox().setLegacyOrganizationEndpoint(true);
      try {
        sandbox().stats.reset();
        const assignments = await adminClient(sandbox()).getOrganizationAssignments();
        assert.equal(assignments.source, 'legacy-endpoint');
        assert.equal(assignments.name, sandbox().org.name);
        const license = sandbox().org.definitions[0].id as string;
        assert.deepEqual(
          assignments.licenses[license].map((user) => user.id),
          sandbox().org.holders(license),
        );
        assert.equal(sandbox().stats.byRoute['GET /api/v2/license/users'] ?? 0, 0);
      } finally {
        sandbox().setLegacyOrganizationEndpoint(false);
      }
    });

    it('identifies the org of a token and revokes it on sign-out', async () => {
      const token = sandbox().issueToken();
      const client = createLicenseClient({ environment: sandbox().url, credentials: { accessToken: token } });
      const info = await client.getTokenInfo();
      assert.equal(info.organization?.name, sandbox().org.name);
      await client.revokeToken();
      const error = await failureOf(() => client.listDefinitions());
      assert.equal(error.status, 401);
    });

    it('reads directory users by ID and every role page', async () => {
      const client = adminClient(sandbox());
      const ids = sandbox()
        .org.users.slice(0, 150)
        .map((user) => user.id);
      const users = await client.getDirectoryUsers(ids);
      assert.deepEqual(users.map((user) => user.id).sort(), [...ids].sort());
      assert.equal(users.find((user) => user.id === ids[0])?.name, sandbox().org.users[0].name);
      const roles = await client.listRoles();
      assert.deepEqual(
        roles.map((role) => role.id).sort(),
        sandbox()
          .org.roles.map((role) => role.id)
          .sort(),
      );
    });

    it('keeps non-ASCII names intact end to end', async () => {
      const user = sandbox().org.users.find((candidate) => /[^\x00-\x7F]/.test(candidate.name));
      assert.ok(user, 'the sandbox seeds non-ASCII names');
      const [answer] = await adminClient(sandbox()).getDirectoryUsers([user.id]);
      assert.equal(answer.name, user.name);
    });
  });
}
