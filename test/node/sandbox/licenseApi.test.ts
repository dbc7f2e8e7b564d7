import * as assert from 'node:assert/strict';
import { EMPTY_FIELDS_ENV, type SandboxUser, startSandbox } from '../../../src/sandbox';
import { asSent, call, useSandbox } from './helpers';

describe('sandbox License API', () => {
  const sandbox = useSandbox({ userCount: 200 });
  let token: string;
  before(() => {
    token = sandbox().issueToken();
  });

  const roleId = (name: string): string => {
    const role = sandbox().org.roles.find((candidate) => candidate.name === name);
    assert.ok(role, `no role ${name}`);
    return role.id;
  };
  const userWith = (predicate: (user: SandboxUser) => boolean): SandboxUser => {
    const user = sandbox().org.users.find(predicate);
    assert.ok(user, 'no such user in the generated org');
    return user;
  };

  describe('GET /api/v2/license/users (paged)', () => {
    it('answers the first page by default, without any navigation URI', async () => {
      const { status, body } = await call(sandbox(), '/api/v2/license/users', { token });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), ['entities', 'pageCount', 'pageNumber', 'pageSize', 'total']);
      assert.deepEqual([body.pageSize, body.pageNumber, body.total, body.pageCount], [25, 1, 200, 8]);
      const first = sandbox().org.users[0];
      assert.deepEqual(body.entities[0], { id: first.id, licenses: first.licenses, selfUri: `/api/v2/license/users/${first.id}` });
      assert.equal(body.entities.length, 25);
    });

    it('computes the last page and answers an empty page past the end', async () => {
      const last = await call(sandbox(), '/api/v2/license/users?pageSize=30&pageNumber=7', { token });
      assert.deepEqual([last.body.pageCount, last.body.entities.length], [7, 20]);
      assert.equal(last.body.entities[19].id, sandbox().org.users[199].id);
      const past = await call(sandbox(), '/api/v2/license/users?pageSize=30&pageNumber=8', { token });
      assert.equal(past.status, 200);
      assert.deepEqual([past.body.entities, past.body.total, past.body.pageNumber], [undefined, 200, 8], 'an empty page has no entities key');
    });

    it('leaves out empty arrays as Genesys does: an unlicensed user has no licenses key', async () => {
      const unlicensed = userWith((candidate) => candidate.licenses.length === 0);
      const index = sandbox().org.users.indexOf(unlicensed);
      const { body } = await call(sandbox(), `/api/v2/license/users?pageSize=1&pageNumber=${index + 1}`, { token });
      assert.deepEqual(body.entities, [{ id: unlicensed.id, selfUri: `/api/v2/license/users/${unlicensed.id}` }]);
      const batch = await call(sandbox(), '/api/v2/license/users', { token, json: [unlicensed.id] });
      assert.deepEqual(batch.body[unlicensed.id], { id: unlicensed.id, selfUri: `/api/v2/license/users/${unlicensed.id}` });
      const single = await call(sandbox(), `/api/v2/license/users/${unlicensed.id}`, { token });
      assert.equal('licenses' in single.body, false);
      const plain = await call(sandbox(), '/api/v2/license/definitions/communicate', { token });
      assert.equal('prerequisites' in plain.body, false, 'a license without prerequisites has no prerequisites key');
    });

    it('rejects page sizes above the maximum, below 1 or not numeric', async () => {
      const tooBig = await call(sandbox(), '/api/v2/license/users?pageSize=101', { token });
      assert.equal(tooBig.status, 400);
      assert.equal(tooBig.body.code, 'invalid.value');
      assert.equal(tooBig.body.status, 400);
      assert.deepEqual(tooBig.body.details, [{ errorCode: 'invalid.value', fieldName: 'pageSize' }]);
      assert.deepEqual(tooBig.body.errors, [], 'error bodies keep their empty lists');
      assert.equal((await call(sandbox(), '/api/v2/license/users?pageSize=500', { token })).status, 400);
      // The users listing takes pages of up to 500 (UsersApi.getUsers), the License API's listings 100.
      assert.equal((await call(sandbox(), '/api/v2/users?pageSize=501', { token })).status, 400);
      assert.equal((await call(sandbox(), '/api/v2/license/users?pageSize=100', { token })).body.entities.length, 100);
      assert.equal((await call(sandbox(), '/api/v2/license/users?pageSize=0', { token })).body.code, 'invalid.value');
      const words = await call(sandbox(), '/api/v2/license/users?pageSize=ten', { token });
      assert.deepEqual([words.status, words.body.code], [400, 'bad.request']);
      assert.equal((await call(sandbox(), '/api/v2/license/users?pageNumber=0', { token })).status, 400);
    });

    it('answers from the live org: an emptied org and an added user', async () => {
      const org = sandbox().org;
      const saved = org.users;
      try {
        org.users = [];
        const empty = await call(sandbox(), '/api/v2/license/users', { token });
        assert.deepEqual([empty.body.entities, empty.body.total, empty.body.pageCount], [undefined, 0, 0]);
        org.users = [...saved, { id: 'added-user', name: 'Added', email: 'a@x', username: 'a@x', licenses: ['knowledge'], roleIds: [] }];
        const added = await call(sandbox(), '/api/v2/license/users/added-user', { token });
        assert.equal(added.status, 200);
        assert.equal(added.body.licenses[0].id, 'knowledge');
      } finally {
        org.users = saved;
      }
    });
  });

  describe('per-user and batch reads', () => {
    it('GET /license/users/{id} answers full definitions; an unknown user 404 not.found', async () => {
      const user = userWith((candidate) => candidate.licenses.includes('cloudCX2'));
      const { body } = await call(sandbox(), `/api/v2/license/users/${user.id}`, { token });
      assert.equal(body.id, user.id);
      assert.deepEqual(
        body.licenses.map((license: { id: string }) => license.id),
        user.licenses,
      );
      assert.deepEqual(body.licenses[0], asSent(sandbox().org.definitionById(user.licenses[0])));
      const unknown = await call(sandbox(), '/api/v2/license/users/nobody', { token });
      assert.deepEqual([unknown.status, unknown.body.code], [404, 'not.found']);
    });

    it('GET /license/definitions/{id} answers 404 for an unknown license', async () => {
      const { status, body } = await call(sandbox(), '/api/v2/license/definitions/cloudCX9', { token });
      assert.deepEqual([status, body.code, body.status], [404, 'not.found', 404]);
    });

    it('POST /license/users answers a map keyed by user ID and leaves unknown IDs out', async () => {
      const [a, b] = sandbox().org.users;
      const { status, body } = await call(sandbox(), '/api/v2/license/users', { token, json: [a.id, 'unknown-id', b.id] });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), [a.id, b.id]);
      assert.deepEqual(body[b.id], { id: b.id, licenses: b.licenses, selfUri: `/api/v2/license/users/${b.id}` });
      const notArray = await call(sandbox(), '/api/v2/license/users', { token, json: { ids: [a.id] } });
      assert.deepEqual([notArray.status, notArray.body.code], [400, 'bad.request']);
    });

    it('POST /license/infer answers the union of the licenses the roles imply, deduplicated', async () => {
      const { body } = await call(sandbox(), '/api/v2/license/infer', { token, json: [roleId('Agent')] });
      assert.deepEqual(body, ['cloudCX1']);
      const union = await call(sandbox(), '/api/v2/license/infer', { token, json: [roleId('Agent'), roleId('Supervisor'), 'no-such-role'] });
      assert.deepEqual(union.body, ['cloudCX1', 'cloudCX3', 'cloudCX1Digital', 'cloudCX3Digital']);
    });

    it('POST /license/infer/permissions answers the licenses granting the permissions', async () => {
      const { body } = await call(sandbox(), '/api/v2/license/infer/permissions', {
        token,
        json: ['journey:session:view', 'speechAndTextAnalytics:topic:view', 'made:up:permission'],
      });
      assert.deepEqual(body, ['speechAndTextAnalytics', 'predictiveEngagement']);
    });
  });

  describe('POST /api/v2/license/organization', () => {
    const assign = (assignments: unknown[], withToken = token) => call(sandbox(), '/api/v2/license/organization', { token: withToken, json: { assignments } });

    it('refuses a license whose prerequisite is neither held nor added, and changes nothing', async () => {
      const user = userWith((candidate) => candidate.licenses.length === 0);
      const { status, body } = await assign([{ licenseId: 'speechAndTextAnalytics', userIdsAdd: [user.id], userIdsRemove: [] }]);
      assert.equal(status, 200);
      assert.deepEqual(body, [{ userId: user.id, licenseId: 'speechAndTextAnalytics', result: 'Failed: missing prerequisite license(s) cloudCX1' }]);
      assert.deepEqual(user.licenses, []);
    });

    it('adds a prerequisite and its dependant in one request, removes, and reports unknowns', async () => {
      const user = userWith((candidate) => candidate.licenses.length === 0);
      const { body } = await assign([
        { licenseId: 'speechAndTextAnalytics', userIdsAdd: [user.id], userIdsRemove: [] },
        { licenseId: 'cloudCX1', userIdsAdd: [user.id, 'ghost'], userIdsRemove: [] },
        { licenseId: 'noSuchLicense', userIdsAdd: [user.id], userIdsRemove: [] },
      ]);
      assert.deepEqual(
        body.map((row: { result: string }) => row.result),
        ['Success', 'Success', 'Failed: user not found', 'Failed: license not found'],
      );
      assert.deepEqual([...user.licenses].sort(), ['cloudCX1', 'speechAndTextAnalytics']);
      const read = await call(sandbox(), `/api/v2/license/users/${user.id}`, { token });
      assert.deepEqual(read.body.licenses.map((license: { id: string }) => license.id).sort(), ['cloudCX1', 'speechAndTextAnalytics']);

      const removed = await assign([{ licenseId: 'speechAndTextAnalytics', userIdsAdd: [], userIdsRemove: [user.id] }]);
      assert.equal(removed.body[0].result, 'Success');
      assert.deepEqual(user.licenses, ['cloudCX1']);
    });

    it('counts a prerequisite held through a comprising license (cloudCX3 includes cloudCX1)', async () => {
      const user = userWith((candidate) => candidate.licenses.length === 1 && candidate.licenses[0] === 'cloudCX3');
      const { body } = await assign([{ licenseId: 'agentCopilot', userIdsAdd: [user.id], userIdsRemove: [] }]);
      assert.equal(body[0].result, 'Success');
      assert.ok(sandbox().org.holders('agentCopilot').includes(user.id));
    });

    it('answers 400 naming the bad field, and 403 to a read-only client', async () => {
      const bad = await assign([{ licenseId: 'wem1', userIdsAdd: 'not-a-list', userIdsRemove: [] }]);
      assert.deepEqual([bad.status, bad.body.code], [400, 'invalid.value']);
      assert.equal(bad.body.details[0].fieldName, 'assignments[0].userIdsAdd');
      const missing = await call(sandbox(), '/api/v2/license/organization', { token, json: {} });
      assert.equal(missing.body.details[0].fieldName, 'assignments');
      const readOnly = sandbox().issueToken({ permissions: sandbox().clients.readOnly.permissions });
      const denied = await assign([], readOnly);
      assert.deepEqual([denied.status, denied.body.code], [403, 'missing.any.permissions']);
    });
  });

  describe('GET /api/v2/license/organization (removed in 2019)', () => {
    it('answers 404 by default and the legacy shape when switched on', async () => {
      const off = await call(sandbox(), '/api/v2/license/organization', { token });
      assert.deepEqual([off.status, off.body.code], [404, 'not.found']);
      sandbox().setLegacyOrganizationEndpoint(true);
      try {
        const on = await call(sandbox(), '/api/v2/license/organization', { token });
        assert.equal(on.status, 200);
        assert.deepEqual([on.body.id, on.body.name, on.body.selfUri], [sandbox().org.id, sandbox().org.name, '/api/v2/license/organization']);
        assert.deepEqual(
          on.body.licenses.cloudCX2.map((user: { id: string }) => user.id),
          sandbox().org.holders('cloudCX2'),
        );
        const first = on.body.licenses.cloudCX2[0];
        assert.deepEqual(first, { id: first.id, selfUri: `/api/v2/users/${first.id}` });
      } finally {
        sandbox().setLegacyOrganizationEndpoint(false);
      }
    });
  });

  describe('toggles', () => {
    it("'deprecated' mode: GET always enabled, POST changes nothing", async () => {
      const get = await call(sandbox(), '/api/v2/license/toggles/someFeature', { token });
      assert.deepEqual(get.body, { featureName: 'someFeature', enabled: true });
      const post = await call(sandbox(), '/api/v2/license/toggles/someFeature', { token, method: 'POST' });
      assert.deepEqual(post.body, { featureName: 'someFeature', enabled: true });
      assert.deepEqual(sandbox().org.toggles, {});
    });

    describe("'stateful' mode", () => {
      const stateful = useSandbox({ userCount: 1, toggles: 'stateful' });
      it('starts disabled and POST flips the feature', async () => {
        const statefulToken = stateful().issueToken({ permissions: [] });
        const path = '/api/v2/license/toggles/fancyFeature';
        assert.equal((await call(stateful(), path, { token: statefulToken })).body.enabled, false);
        assert.equal((await call(stateful(), path, { token: statefulToken, method: 'POST' })).body.enabled, true);
        assert.equal((await call(stateful(), path, { token: statefulToken })).body.enabled, true);
        assert.deepEqual(stateful().org.toggles, { fancyFeature: true });
        assert.equal((await call(stateful(), path, { token: statefulToken, method: 'POST' })).body.enabled, false);
      });
    });
  });

  describe('directory endpoints', () => {
    it('GET /api/v2/users pages with navigation URIs', async () => {
      const { body } = await call(sandbox(), '/api/v2/users?pageSize=50&pageNumber=2', { token });
      // The listing's default state is `active`: the seeded inactive and deleted users are not in it.
      const active = sandbox().org.users.filter((user) => user.state === 'active').length;
      assert.deepEqual([body.total, body.pageCount, body.entities.length], [active, Math.ceil(active / 50), 50]);
      assert.equal(body.nextUri, '/api/v2/users?pageSize=50&pageNumber=3');
      assert.equal(body.previousUri, '/api/v2/users?pageSize=50&pageNumber=1');
      const user = sandbox().org.users[50];
      assert.deepEqual(body.entities[0], {
        id: user.id,
        name: user.name,
        email: user.email,
        username: user.username,
        state: 'active',
        version: 1,
        selfUri: `/api/v2/users/${user.id}`,
      });
      const last = await call(sandbox(), '/api/v2/users?pageSize=50&pageNumber=4', { token });
      assert.equal(last.body.nextUri, undefined);
    });

    it('GET /api/v2/users lists users by state, with their last login and roles when expanded (UsersApi.getUsers)', async () => {
      const { org } = sandbox();
      const ids = async (query: string) =>
        (await call(sandbox(), `/api/v2/users?pageSize=500&${query}`, { token })).body.entities.map((user: { id: string }) => user.id);
      assert.deepEqual(await ids('state=inactive'), org.health.inactive);
      assert.deepEqual(await ids('state=deleted'), org.health.deleted);
      assert.equal((await ids('state=any')).length, org.users.length);
      assert.equal((await call(sandbox(), '/api/v2/users?state=gone', { token })).status, 400);
      const { body } = await call(sandbox(), '/api/v2/users?pageSize=500&state=any&expand=dateLastLogin,authorization', { token });
      const never = body.entities.find((user: { id: string }) => user.id === org.health.neverLoggedIn[0]);
      assert.equal('dateLastLogin' in never, false, 'never logged in: the field is left out');
      const idle = body.entities.find((user: { id: string }) => user.id === org.health.idle[0]);
      assert.equal(idle.dateLastLogin, org.userById(org.health.idle[0])?.dateLastLogin);
      assert.deepEqual(
        idle.authorization.roles.map((role: { id: string }) => role.id),
        org.authorization.effectiveRoleIds(org.userById(idle.id) as never),
      );
      const withoutGrants = sandbox().issueToken({ permissions: ['directory:user:view'] });
      const refused = await call(sandbox(), '/api/v2/users?expand=authorization', { token: withoutGrants });
      assert.deepEqual([refused.status, refused.body.messageParams?.permissions], [403, 'authorization:grant:view']);
    });

    it('GET /api/v2/users?id= answers known IDs only and refuses more than 100', async () => {
      const [a, b] = sandbox().org.users;
      const { body } = await call(sandbox(), `/api/v2/users?id=${a.id}&id=nobody&id=${b.id}`, { token });
      assert.deepEqual(
        body.entities.map((user: { id: string }) => user.id),
        [a.id, b.id],
      );
      const many = sandbox()
        .org.users.slice(0, 101)
        .map((user) => `id=${user.id}`)
        .join('&');
      const tooMany = await call(sandbox(), `/api/v2/users?${many}`, { token });
      assert.deepEqual([tooMany.status, tooMany.body.code], [400, 'invalid.value']);
    });

    it('GET /api/v2/authorization/roles lists roles with their permissions', async () => {
      const { body } = await call(sandbox(), '/api/v2/authorization/roles?pageSize=100', { token });
      assert.equal(body.total, sandbox().org.roles.length);
      assert.ok(body.total >= 14);
      const admin = body.entities.find((role: { name: string }) => role.name === 'License Administrator');
      assert.ok(admin.permissions.includes('authorization:grant:add'));
    });
  });

  describe("the always-present form (emptyFields: 'present', GENESYS_TEST_SANDBOX_EMPTY_FIELDS=present)", () => {
    const present = useSandbox({ userCount: 200, emptyFields: 'present' });

    it('sends empty arrays: an unlicensed user has licenses: [], a page past the end entities: []', async () => {
      const presentToken = present().issueToken();
      const unlicensed = present().org.users.find((candidate) => candidate.licenses.length === 0);
      assert.ok(unlicensed);
      const batch = await call(present(), '/api/v2/license/users', { token: presentToken, json: [unlicensed.id] });
      assert.deepEqual(batch.body[unlicensed.id].licenses, []);
      const past = await call(present(), '/api/v2/license/users?pageSize=100&pageNumber=9', { token: presentToken });
      assert.deepEqual(past.body.entities, []);
      const plain = await call(present(), '/api/v2/license/definitions/communicate', { token: presentToken });
      assert.deepEqual(plain.body.prerequisites, []);
    });

    it('is the default of every sandbox when the environment variable asks for it', async () => {
      const saved = process.env[EMPTY_FIELDS_ENV];
      process.env[EMPTY_FIELDS_ENV] = 'present';
      const fromEnvironment = await startSandbox({ userCount: 0 });
      try {
        const empty = await call(fromEnvironment, '/api/v2/license/users', { token: fromEnvironment.issueToken() });
        assert.deepEqual(empty.body.entities, []);
        process.env[EMPTY_FIELDS_ENV] = 'sometimes';
        await assert.rejects(startSandbox({ userCount: 0 }), /emptyFields must be 'omitted' or 'present'/);
      } finally {
        await fromEnvironment.close();
        if (saved === undefined) {
          delete process.env[EMPTY_FIELDS_ENV];
        } else {
          process.env[EMPTY_FIELDS_ENV] = saved;
        }
      }
    });
  });
});
