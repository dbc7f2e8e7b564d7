import * as assert from 'node:assert/strict';
import type { CaseName } from '../../../src/sandbox';
import { call, useSandbox } from './helpers';

/** The fields of SDK 262's AuthzSubject, DomainOrganizationRole and Group that these tests read. */
interface Grant {
  subjectId: string;
  role: { id: string; name: string; policies?: unknown };
  division: { name: string; description: string };
}
interface Subject {
  id: string;
  name: string;
  grants: Grant[];
}
interface Named {
  name: string;
}
interface GroupEntity extends Named {
  type: string;
  visibility: string;
  rulesVisible: boolean;
  memberCount: number;
}

describe('Sandbox authorization endpoints: grants, roles, users with roles, groups, infer with add-on precedence', () => {
  // Omitted empty fields, as Genesys answers, whatever GENESYS_TEST_SANDBOX_EMPTY_FIELDS says: these tests check it.
  const sandbox = useSandbox({ userCount: 60, seed: 14, emptyFields: 'omitted' });
  let token: string;
  before(() => {
    token = sandbox().issueToken();
  });

  const roleId = (name: string) => {
    const role = sandbox().org.roles.find((candidate) => candidate.name === name);
    assert.ok(role, name);
    return role.id;
  };
  const caseUser = (name: CaseName) => {
    const id = sandbox().org.authorization.cases[name];
    assert.ok(id, `the sandbox seeded ${name}`);
    return sandbox().org.userById(id) as NonNullable<ReturnType<ReturnType<typeof sandbox>['org']['userById']>>;
  };
  const infer = async (...roles: string[]) => (await call<string[]>(sandbox(), '/api/v2/license/infer', { token, json: roles.map(roleId) })).body;

  it('GET /authorization/subjects/{id} lists each grant with its role, division and the subject it was made to', async () => {
    const user = caseUser('heldAndImplied');
    const { authorization } = sandbox().org;
    const tier2 = authorization.groupsOf(user.id)[0];
    const { status, body } = await call<Subject>(sandbox(), `/api/v2/authorization/subjects/${user.id}?includeDuplicates=true`, { token });
    assert.equal(status, 200);
    assert.equal(body.id, user.id);
    assert.equal(body.name, user.name);
    const grants = body.grants.map((grant) => [grant.role.name, grant.division.name, grant.subjectId === user.id ? 'direct' : grant.subjectId]);
    assert.deepEqual(grants, [
      ['employee', 'Home', 'direct'],
      ['Agent', 'Home', 'direct'],
      ['Agent', 'EMEA Support', 'direct'],
      ['Quality Evaluator', 'EMEA Support', tier2.id],
    ]);
    // Required by the SDK model (AuthzDivision.description), and no empty arrays (a grant role has no policies here).
    assert.ok(body.grants.every((grant) => typeof grant.division.description === 'string' && !('policies' in grant.role)));
  });

  it("answers a group subject with the group's own grants, and 404 for an unknown subject", async () => {
    const group = sandbox().org.authorization.groups[0];
    const { body } = await call<Subject>(sandbox(), `/api/v2/authorization/subjects/${group.id}`, { token });
    assert.deepEqual(
      body.grants.map((grant) => [grant.subjectId, grant.role.id]),
      group.grants.map((grant) => [group.id, grant.roleId]),
    );
    const missing = await call(sandbox(), '/api/v2/authorization/subjects/00000000-0000-4000-8000-000000000000', { token });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'not.found');
  });

  it('leaves the grants key out for a subject without grants, and dedupes role+division without includeDuplicates', async () => {
    const group = sandbox().org.authorization.groups[1];
    const saved = group.grants.splice(0);
    try {
      const { body } = await call(sandbox(), `/api/v2/authorization/subjects/${group.id}`, { token });
      assert.ok(!('grants' in body), JSON.stringify(body));
    } finally {
      group.grants.push(...saved);
    }
    const user = caseUser('addOnPrecedence');
    sandbox().org.authorization.extraUserGrants.set(user.id, [
      { roleId: roleId('Quality Evaluator'), divisionId: sandbox().org.authorization.divisions[1].id },
    ]);
    try {
      const deduped = await call<Subject>(sandbox(), `/api/v2/authorization/subjects/${user.id}`, { token });
      const withDuplicates = await call<Subject>(sandbox(), `/api/v2/authorization/subjects/${user.id}?includeDuplicates=true`, { token });
      const qualityGrants = (body: Subject) => body.grants.filter((grant) => grant.role.name === 'Quality Evaluator').map((grant) => grant.subjectId);
      assert.deepEqual(qualityGrants(deduped.body), [user.id]);
      assert.equal(qualityGrants(withDuplicates.body).length, 2);
    } finally {
      sandbox().org.authorization.extraUserGrants.delete(user.id);
    }
  });

  it("refuses grants without authorization:grant:view, naming it in Genesys' 403 body", async () => {
    const user = caseUser('heldAndImplied');
    const { status, body } = await call(sandbox(), `/api/v2/authorization/subjects/${user.id}`, {
      token: sandbox().issueToken({ permissions: ['authorization:license:view', 'authorization:role:view', 'directory:user:view'] }),
    });
    assert.equal(status, 403);
    assert.equal(body.code, 'missing.any.permissions');
    assert.match(body.message, /\[authorization:grant:view\]/);
    assert.deepEqual(body.messageParams, { permissions: 'authorization:grant:view' });
  });

  it('GET /authorization/roles/{id} and ?id= answer DomainOrganizationRole with permissions and policies; 403 without authorization:role:view', async () => {
    const agent = roleId('Agent');
    const { body } = await call(sandbox(), `/api/v2/authorization/roles/${agent}`, { token });
    assert.deepEqual(body.permissions, ['routing:agent:onqueue', 'conversation:call:accept', 'scripter:script:view']);
    assert.deepEqual(body.permissionPolicies, [
      { domain: 'routing', entityName: 'agent', actionSet: ['onqueue'], allowConditions: false },
      { domain: 'conversation', entityName: 'call', actionSet: ['accept'], allowConditions: false },
      { domain: 'scripter', entityName: 'script', actionSet: ['view'], allowConditions: false },
    ]);
    const listing = await call<{ entities: Named[] }>(sandbox(), `/api/v2/authorization/roles?id=${agent}&id=${roleId('Bot Designer')}`, { token });
    assert.deepEqual(
      listing.body.entities.map((role) => role.name),
      ['Agent', 'Bot Designer'],
    );
    const refused = await call(sandbox(), `/api/v2/authorization/roles/${agent}`, {
      token: sandbox().issueToken({ permissions: ['authorization:grant:view'] }),
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.message, /authorization:role:view/);
    assert.equal((await call(sandbox(), '/api/v2/authorization/roles/not-a-role', { token })).status, 404);
  });

  it("GET /users/{id}?expand=authorization,groups adds the user's roles (group ones too) and groups; the bare user has neither", async () => {
    const user = caseUser('addOnPrecedence');
    const { body } = await call<{ version: number; authorization: { roles: Named[] }; groups: Named[] }>(
      sandbox(),
      `/api/v2/users/${user.id}?expand=authorization&expand=groups`,
      { token },
    );
    assert.equal(body.version, 1, 'User.version is required by the SDK model');
    assert.deepEqual(body.authorization.roles.map((role) => role.name).sort(), ['Agent', 'Quality Evaluator', 'Workforce Manager', 'employee']);
    assert.deepEqual(
      body.groups.map((group) => group.name),
      ['Tier 2 <Voice> *EMEA*'],
    );
    const bare = await call(sandbox(), `/api/v2/users/${user.id}`, { token });
    assert.ok(!('authorization' in bare.body) && !('groups' in bare.body));
    const loner = caseUser('heldNotImplied');
    const withoutGroups = await call(sandbox(), `/api/v2/users/${loner.id}?expand=groups`, { token });
    assert.ok(!('groups' in withoutGroups.body), 'an empty groups array is left out');
    const refused = await call(sandbox(), `/api/v2/users/${user.id}`, { token: sandbox().issueToken({ permissions: ['authorization:grant:view'] }) });
    assert.equal(refused.status, 403);
    assert.match(refused.body.message, /directory:user:view/);
  });

  it('GET /groups?id= answers the SDK Group fields; pageSize over 100 is refused', async () => {
    const [tier2, planners] = sandbox().org.authorization.groups;
    const { body } = await call<{ entities: GroupEntity[] }>(sandbox(), `/api/v2/groups?id=${tier2.id},${planners.id}`, { token });
    assert.deepEqual(
      body.entities.map((group) => [group.name, group.type, group.visibility, group.rulesVisible, group.memberCount]),
      [
        [tier2.name, 'official', 'public', true, tier2.memberIds.length],
        [planners.name, 'official', 'public', true, planners.memberIds.length],
      ],
    );
    const tooBig = await call(sandbox(), '/api/v2/groups?pageSize=101', { token });
    assert.equal(tooBig.status, 400);
    assert.equal(tooBig.body.code, 'invalid.value');
  });

  it('POST /license/infer keeps one WEM/STA add-on: a higher WEM over a lower one, WEM over Speech and Text Analytics', async () => {
    assert.ok((await infer('Workforce Manager')).includes('wem1'));
    assert.ok((await infer('Quality Evaluator')).includes('wem2'));
    const together = await infer('Workforce Manager', 'Quality Evaluator');
    assert.ok(together.includes('wem2') && !together.includes('wem1'), together.join(', '));
    assert.deepEqual(await infer('Speech and Text Analyst'), ['speechAndTextAnalytics']);
    const withWem = await infer('Speech and Text Analyst', 'Workforce Manager');
    assert.ok(withWem.includes('wem1') && !withWem.includes('speechAndTextAnalytics'), withWem.join(', '));
    // Licenses outside the family are the union of each role's.
    assert.deepEqual(await infer('Agent', 'Bot Designer'), ['cloudCX1', 'botFlows']);
  });

  it("seeds one user of each kind, holdings within the generator's bounds", () => {
    const cases: CaseName[] = ['heldAndImplied', 'heldNotImplied', 'impliedNotHeld', 'prerequisiteMissing', 'comprised', 'addOnPrecedence'];
    const users = cases.map(caseUser);
    assert.equal(new Set(users.map((user) => user.id)).size, cases.length);
    assert.ok(users.every((user) => user.licenses.length <= 4 && user.roleIds.length >= 1));
  });
});
