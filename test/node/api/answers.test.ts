import * as assert from 'node:assert/strict';
import { defaultFetch, GenesysApiError, MAX_SCAN_PAGES, type PageSizeRefusal } from '../../../src/api';
import type { FaultRule } from '../../../src/sandbox';
import { adminClient, failureOf, useSandbox } from './helpers';

type Json = Record<string, any>;

/** Every shape a real org, a proxy or a hostile server may answer: read as the org means it, or refused by name. */
describe('License API client: every shape an answer may take', () => {
  const sandbox = useSandbox({ userCount: 450, seed: 17 });
  const USERS = '/api/v2/license/users';
  const transform = (path: string, change: (json: Json) => unknown, extra: Partial<FaultRule> = {}) =>
    sandbox().faults.add({ path, fault: { kind: 'transform', transform: (json) => change(json as Json) }, ...extra });
  const unlicensed = () => {
    const users = sandbox().org.users.filter((user) => user.licenses.length === 0);
    assert.ok(users.length >= 3, 'the sandbox seeds users without licenses');
    return users;
  };
  const expectMalformed = async (work: () => Promise<unknown>, field: RegExp): Promise<GenesysApiError> => {
    const error = await failureOf(work);
    assert.ok(error instanceof GenesysApiError, `not a GenesysApiError: ${error}`);
    assert.equal(error.kind, 'malformed-response');
    assert.equal(error.code, 'unexpected.shape');
    assert.match(error.field ?? '', field);
    assert.ok(error.message.includes(error.field as string), `the message names the field: ${error.message}`);
    return error;
  };

  describe('what Genesys leaves out is read as empty, never as missing', () => {
    it('users without licenses (no `licenses` key) are found, holding nothing', async () => {
      const ids = unlicensed().map((user) => user.id);
      const known = sandbox().org.users.find((user) => user.licenses.length > 1) as { id: string; licenses: string[] };
      const result = await adminClient(sandbox()).fetchUsersLicenses([...ids, known.id]);
      assert.deepEqual(result.notFound, []);
      assert.deepEqual(result.users, [...ids.map((id) => ({ id, licenses: [] })), { id: known.id, licenses: known.licenses }]);
    });

    it('every other reader too: a page, a user, the definitions, the token, the roles, an empty page', async () => {
      const client = adminClient(sandbox());
      const [user] = unlicensed();
      const index = sandbox().org.users.indexOf(user);
      const page = await client.listUsersPage({ pageNumber: index + 1, pageSize: 1 });
      assert.deepEqual(page.entities, [{ id: user.id, licenses: [] }]);
      assert.deepEqual((await client.getUserLicenses(user.id)).licenses, []);
      assert.deepEqual((await client.getDefinition('communicate')).prerequisites, []);
      assert.deepEqual((await client.listUsersPage({ pageNumber: 99 })).entities, []);
      const { clientId, clientSecret } = sandbox().clients.noPermissions;
      const bare = adminClient(sandbox(), { credentials: { clientId, clientSecret } });
      assert.deepEqual((await bare.getTokenInfo()).authorizedScope, []);
      const roles = await client.listRoles();
      assert.ok(roles.every((role) => Array.isArray(role.permissions)));
    });
  });

  describe('a value of the wrong type is refused, naming the field', () => {
    it('licenses as one string is not read as one license per character', async () => {
      const user = sandbox().org.users[0];
      transform(USERS, (json) => ({ ...json, [user.id]: { ...json[user.id], licenses: 'cloudCX1' } }), { method: 'POST' });
      await expectMalformed(() => adminClient(sandbox()).fetchUsersLicenses([user.id]), /^\[".*"\]\.licenses$/);
      sandbox().faults.clear();
      transform(
        USERS,
        (json) => ({ ...json, entities: json.entities.map((entity: Json, index: number) => (index === 3 ? { ...entity, licenses: 'cloudCX1' } : entity)) }),
        { method: 'GET' },
      );
      await expectMalformed(() => adminClient(sandbox()).listUsersPage(), /^entities\[3\]\.licenses$/);
    });

    it('licenses as a number is a named error, never a TypeError', async () => {
      const user = sandbox().org.users[1];
      transform(USERS, (json) => ({ ...json, [user.id]: { ...json[user.id], licenses: 5 } }), { method: 'POST' });
      await expectMalformed(() => adminClient(sandbox()).fetchUsersLicenses([user.id]), /licenses$/);
      sandbox().faults.clear();
      transform(`${USERS}/${user.id}`, (json) => ({ ...json, licenses: [5] }));
      await expectMalformed(() => adminClient(sandbox()).getUserLicenses(user.id), /^licenses\[0\]$/);
    });

    it('a page count that is not a number does not make page 1 the whole org', async () => {
      transform(USERS, (json) => ({ ...json, pageCount: 'x' }), { method: 'GET' });
      await expectMalformed(() => adminClient(sandbox()).scanUsers(), /^pageCount$/);
      sandbox().faults.clear();
      transform(USERS, ({ total: _total, ...json }) => json, { method: 'GET' });
      await expectMalformed(() => adminClient(sandbox()).scanUsers(), /^total$/);
      sandbox().faults.clear();
      transform(USERS, (json) => ({ ...json, entities: { first: json.entities[0] } }), { method: 'GET' });
      await expectMalformed(() => adminClient(sandbox()).listUsersPage(), /^entities$/);
    });

    it('definitions: an entry without its ID, permissions of the wrong type, nesting without end', async () => {
      const DEFINITIONS = '/api/v2/license/definitions';
      transform(DEFINITIONS, (json) => (json as unknown as Json[]).map((definition, index) => (index === 2 ? { ...definition, id: undefined } : definition)));
      await expectMalformed(() => adminClient(sandbox()).listDefinitions(), /^\[2\]\.id$/);
      sandbox().faults.clear();
      transform(DEFINITIONS, (json) =>
        (json as unknown as Json[]).map((definition, index) => (index === 1 ? { ...definition, permissions: { ids: 'all' } } : definition)),
      );
      await expectMalformed(() => adminClient(sandbox()).listDefinitions(), /^\[1\]\.permissions\.ids$/);
      sandbox().faults.clear();
      const deep = (levels: number): Json => ({ id: `level${levels}`, comprises: levels > 0 ? [deep(levels - 1)] : [] });
      transform(`${DEFINITIONS}/cloudCX4`, () => deep(200));
      await expectMalformed(() => adminClient(sandbox()).getDefinition('cloudCX4'), /comprises/);
    });

    it('a write answered in an unknown shape says its outcome is unknown', async () => {
      const user = sandbox().org.users[2];
      transform('/api/v2/license/organization', (json) => (json as unknown as Json[]).map((row) => ({ ...row, result: 5 })));
      const error = await expectMalformed(
        () => adminClient(sandbox()).assignLicenses({ assignments: [{ licenseId: 'communicate', userIdsAdd: [user.id], userIdsRemove: [] }] }),
        /^\[0\]\.result$/,
      );
      assert.equal(error.outcomeUnknown, true);
    });

    it('the token, the directory and the roles are checked as well', async () => {
      transform('/api/v2/tokens/me', (json) => ({ ...json, organization: 'Sandbox' }));
      await expectMalformed(() => adminClient(sandbox()).getTokenInfo(), /^organization$/);
      transform('/api/v2/users', (json) => ({ ...json, entities: [{ name: 'no id' }] }));
      await expectMalformed(() => adminClient(sandbox()).getDirectoryUsers([sandbox().org.users[0].id]), /^entities\[0\]\.id$/);
      transform('/api/v2/authorization/roles', (json) => ({ ...json, entities: [{ id: 'r', permissions: 'all' }] }));
      await expectMalformed(() => adminClient(sandbox()).listRoles(), /^entities\[0\]\.permissions$/);
    });
  });

  describe('scans are bounded by what the total needs', () => {
    it('a page count of a billion reads only ceil(total / pageSize) pages', async () => {
      transform(USERS, (json) => ({ ...json, pageCount: 1_000_000_000 }), { method: 'GET' });
      sandbox().stats.reset();
      const users = await adminClient(sandbox()).scanUsers({ pageSize: 50 });
      assert.deepEqual(
        users.map((user) => user.id),
        sandbox().org.users.map((user) => user.id),
      );
      assert.equal(sandbox().stats.byRoute[`GET ${USERS}`], Math.ceil(sandbox().org.users.length / 50));
    });

    it('a total too large to scan is refused after the first page, before any other request', async () => {
      transform(USERS, (json) => ({ ...json, pageCount: 1_000_000_000, total: 100_000_000_000 }), { method: 'GET' });
      sandbox().stats.reset();
      const error = await failureOf(() => adminClient(sandbox()).scanUsers());
      assert.equal(error.code, 'listing.too.long');
      assert.match(error.message, new RegExp(`at most ${MAX_SCAN_PAGES.toLocaleString('en-US')} pages`));
      assert.equal(sandbox().stats.byRoute[`GET ${USERS}`], 1);
    });

    it('an empty page ends the scan: no page after it is asked for', async () => {
      const pagesAsked: number[] = [];
      const client = adminClient(sandbox(), {
        maxConcurrency: 1,
        fetch: (url, init) => {
          if (new URL(url).pathname === USERS) {
            pagesAsked.push(Number(new URL(url).searchParams.get('pageNumber')));
          }
          return defaultFetch(url, init);
        },
      });
      transform(USERS, (json) => (json.pageNumber === 3 ? { ...json, entities: [] } : json), { method: 'GET' });
      const users = await client.scanUsers({ pageSize: 50 });
      assert.deepEqual(pagesAsked, [1, 2, 3]);
      assert.deepEqual(
        users.map((user) => user.id),
        sandbox()
          .org.users.slice(0, 100)
          .map((user) => user.id),
      );
    });
  });

  describe('answer sizes are limited', () => {
    it('a body far larger than any answer is refused with a clear error, and read no further', async () => {
      sandbox().faults.add({ path: '/api/v2/license/definitions', times: 1, fault: { kind: 'hugeBody', bytes: 512 * 1024 * 1024 } });
      sandbox().stats.reset();
      const error = await failureOf(() => adminClient(sandbox()).listDefinitions());
      assert.equal(error.kind, 'malformed-response');
      assert.equal(error.code, 'response.too.large');
      assert.match(error.message, /answered more than 32 MB/);
      assert.ok(sandbox().stats.bodyBytesSent < 100 * 1024 * 1024, `the sandbox got to send ${sandbox().stats.bodyBytesSent} bytes`);
    });

    it('a declared length over the limit is refused before reading, and the limit can be set', async () => {
      sandbox().faults.add({ path: '/api/v2/license/definitions', times: 1, fault: { kind: 'hugeBody', bytes: 64 * 1024 * 1024, declareLength: true } });
      assert.equal((await failureOf(() => adminClient(sandbox()).listDefinitions())).code, 'response.too.large');
      const small = await failureOf(() => adminClient(sandbox(), { maxResponseBytes: 1000 }).listDefinitions());
      assert.equal(small.code, 'response.too.large');
      assert.ok((await adminClient(sandbox(), { maxResponseBytes: 1_000_000 }).listDefinitions()).length > 0);
    });
  });

  describe('a page size the org refuses', () => {
    it('falls back to 100, says so once, and keeps to it', async () => {
      const refusals: PageSizeRefusal[] = [];
      const client = adminClient(sandbox(), { pageSize: 500, onPageSizeRefused: (refusal) => refusals.push(refusal) });
      const users = await client.scanUsers();
      assert.deepEqual(
        users.map((user) => user.id),
        sandbox().org.users.map((user) => user.id),
      );
      assert.equal(refusals.length, 1);
      assert.deepEqual([refusals[0].requested, refusals[0].using], [500, 100]);
      assert.match(refusals[0].reason, /pageSize/);
      assert.equal(client.pageSize, 100);
      const second = await client.listUsersPage({ pageNumber: 2 });
      assert.deepEqual([second.pageSize, second.entities[0].id], [100, sandbox().org.users[100].id]);
      assert.equal(refusals.length, 1);
    });
  });
});
