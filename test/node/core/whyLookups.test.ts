import * as assert from 'node:assert/strict';
import { createLicenseClient } from '../../../src/api';
import { OrgAuthorizationFacts, readUserLicenseFacts } from '../../../src/core/whyLookups';
import { explainLicenses } from '../../../src/core/licenseExplanation';
import { whyReport } from '../../../src/core/licenseWhyReport';
import type { CaseName } from '../../../src/sandbox';
import { failureOf, useSandbox } from '../api/helpers';

const ALL = ['authorization:license:view', 'authorization:grant:view', 'authorization:role:view', 'directory:user:view'];
const without = (...missing: string[]) => ALL.filter((permission) => !missing.includes(permission));

describe('Reading why a user holds their licenses, through the client, against the sandbox over HTTP', () => {
  const sandbox = useSandbox({ userCount: 120, seed: 14 });
  const userId = (name: CaseName) => sandbox().org.authorization.cases[name] as string;
  const factsFor = (permissions = ALL) =>
    new OrgAuthorizationFacts(createLicenseClient({ environment: sandbox().url, credentials: { accessToken: sandbox().issueToken({ permissions }) } }));
  const read = (facts: OrgAuthorizationFacts, name: CaseName) => readUserLicenseFacts(facts, userId(name), new AbortController().signal, () => undefined);
  const requestsTo = (route: string) => sandbox().stats.byRoute[route] ?? 0;

  it('explains a held license by the role, the group and the division it comes through, with the permissions that trigger it', async () => {
    const facts = await read(factsFor(), 'heldAndImplied');
    assert.deepEqual(facts.notes, []);
    const explanation = explainLicenses(facts.input);
    const wem2 = explanation.held.find((license) => license.licenseId === 'wem2');
    assert.ok(wem2?.implied);
    assert.deepEqual(
      wem2.impliedBy.map((reason) => [reason.roleName, reason.grants.map((grant) => [grant.group?.name, grant.divisionName]), reason.triggers]),
      [['Quality Evaluator', [['Tier 2 <Voice> *EMEA*', 'EMEA Support']], ['quality:calibration:view']]],
    );
    const cx2 = explanation.held.find((license) => license.licenseId === 'cloudCX2');
    assert.deepEqual(
      cx2?.impliedBy.map((reason) => reason.roleName),
      ['Quality Evaluator'],
    );
    assert.deepEqual(cx2?.covers.sort(), ['cloudCX1', 'collaborate', 'communicate']);
    const agent = explanation.roles.find((role) => role.name === 'Agent');
    assert.deepEqual(
      agent?.grants.map((grant) => [grant.group, grant.divisionName]),
      [
        [undefined, 'Home'],
        [undefined, 'EMEA Support'],
      ],
    );
  });

  it('sorts every seeded user into the category their roles and holdings show', async () => {
    const facts = factsFor();
    const explain = async (name: CaseName) => explainLicenses((await read(facts, name)).input);
    const notImplied = (await explain('heldNotImplied')).held.filter((license) => license.implied === false).map((license) => license.licenseId);
    assert.deepEqual(notImplied, ['knowledge']);
    const lacking = (await explain('impliedNotHeld')).impliedNotHeld;
    assert.deepEqual(
      lacking.map((license) => [license.licenseId, license.impliedBy.map((reason) => reason.roleName), license.impliedBy[0]?.triggers]),
      [['botFlows', ['Bot Designer'], ['architect:flow:view', 'languageUnderstanding:nluDomain:view']]],
    );
    const prerequisite = (await explain('prerequisiteMissing')).held.filter((license) => license.missingPrerequisites.length > 0);
    assert.deepEqual(
      prerequisite.map((license) => [license.licenseId, license.missingPrerequisites]),
      [['speechAndTextAnalytics', ['cloudCX1']]],
    );
    const comprised = (await explain('comprised')).held.filter((license) => license.comprisedBy.length > 0);
    assert.deepEqual(
      comprised.map((license) => [license.licenseId, license.comprisedBy]),
      [['collaborate', ['cloudCX1']]],
    );
    const precedence = (await explain('addOnPrecedence')).precedence;
    assert.deepEqual(
      precedence.map((note) => [note.licenseId, note.kind, note.roles.map((role) => role.name)]),
      [['wem1', 'aloneOnly', ['Workforce Manager']]],
    );
  });

  it("needs a handful of requests for one user, and keeps the org's facts for the next user", async () => {
    const facts = factsFor();
    const before = { ...sandbox().stats.byRoute };
    await read(facts, 'addOnPrecedence');
    const sent = Object.entries(sandbox().stats.byRoute).reduce((sum, [route, total]) => sum + total - (before[route] ?? 0), 0);
    // Licenses, definitions, grants, user, roles by ID, and infer for the 4 roles together and each alone.
    assert.ok(sent <= 10, `${sent} requests`);
    const inferBefore = requestsTo('POST /api/v2/license/infer');
    const definitionsBefore = requestsTo('GET /api/v2/license/definitions');
    await read(facts, 'heldAndImplied');
    assert.equal(requestsTo('GET /api/v2/license/definitions'), definitionsBefore, 'definitions are read once per session');
    // Its roles employee, Agent, Quality Evaluator were inferred alone already; only the set is new.
    assert.equal(requestsTo('POST /api/v2/license/infer') - inferBefore, 1);
  });

  it('without authorization:grant:view shows the roles without divisions or groups, and says which permission that needs', async () => {
    const facts = await read(factsFor(without('authorization:grant:view')), 'heldAndImplied');
    assert.equal(facts.input.roles.kind, 'roles');
    assert.ok(
      facts.notes.some((note) => note.includes('authorization:grant:view') && note.includes('Divisions and groups are not shown')),
      facts.notes.join(' | '),
    );
    const explanation = explainLicenses(facts.input);
    assert.deepEqual(
      explanation.held.find((license) => license.licenseId === 'wem2')?.impliedBy.map((reason) => [reason.roleName, reason.grants]),
      [['Quality Evaluator', []]],
    );
  });

  it('without authorization:grant:view and directory:user:view makes no claim about roles, and names both permissions', async () => {
    const facts = await read(factsFor(without('authorization:grant:view', 'directory:user:view')), 'heldNotImplied');
    assert.equal(facts.input.roles.kind, 'unknown');
    const explanation = explainLicenses(facts.input);
    assert.ok(explanation.held.length === 2 && explanation.held.every((license) => license.implied === undefined));
    const text = whyReport({
      userId: userId('heldNotImplied'),
      explanation,
      rolesKnown: false,
      notes: facts.notes,
      catalog: facts.input.definitions,
      provenance: { org: 'Sandbox', readAt: new Date(0) },
    });
    assert.ok(!text.includes('implied by no role'), 'never a wrong "implied by no role"');
    assert.match(text, /authorization:grant:view/);
    assert.match(text, /directory:user:view/);
    assert.match(text, /## Held \(2\)/);
  });

  it('without authorization:role:view leaves out the triggering permissions and says why; infer still explains', async () => {
    const facts = await read(factsFor(without('authorization:role:view')), 'impliedNotHeld');
    assert.ok(facts.notes.some((note) => note.includes('authorization:role:view')));
    const explanation = explainLicenses(facts.input);
    assert.deepEqual(
      explanation.impliedNotHeld.map((license) => [license.licenseId, license.impliedBy.map((reason) => [reason.roleName, reason.triggers])]),
      [['botFlows', [['Bot Designer', undefined]]]],
    );
  });

  it('without directory:user:view still explains through the grants, naming the permission the name needs', async () => {
    const facts = await read(factsFor(without('directory:user:view')), 'heldAndImplied');
    assert.equal(facts.person, undefined);
    assert.equal(facts.input.roles.kind, 'grants');
    assert.ok(facts.notes.some((note) => note.includes('directory:user:view')));
    const names = explainLicenses(facts.input)
      .roles.flatMap((role) => role.grants.map((grant) => grant.group?.name))
      .filter(Boolean);
    assert.deepEqual(names, ['Tier 2 <Voice> *EMEA*'], 'group names come from the groups listing instead');
  });

  it('refuses an answer of the wrong shape instead of explaining from it', async () => {
    // An answer whose grants name their role by name only: nothing to explain from.
    sandbox().faults.add({
      path: `/api/v2/authorization/subjects/${userId('comprised')}`,
      fault: {
        kind: 'transform',
        transform: (json) => ({
          ...(json as object),
          grants: (json as { grants: { role: { name: string } }[] }).grants.map((grant) => ({ ...grant, role: grant.role.name })),
        }),
      },
    });
    const error = await failureOf(() => factsFor().client.getSubjectGrants(userId('comprised')));
    assert.equal(error.kind, 'malformed-response');
    assert.match(error.message, /grants\[0\]\.role/);
  });
});
