import * as assert from 'node:assert/strict';
import type { LicenseDefinition } from '../../../src/api/models';
import { changeAssignments, explainLicenses, type ExplanationInput, roleChangeEffect, triggeringPermissions } from '../../../src/core/licenseExplanation';

/** A small catalogue: base includes chat; addon needs base; pro comprises base. */
function catalog(): Map<string, LicenseDefinition> {
  const chat: LicenseDefinition = { id: 'chat', permissions: { ids: ['chat:room:view'] } };
  const base: LicenseDefinition = { id: 'base', permissions: { ids: ['queue:view', 'call:accept'] }, comprises: [chat] };
  const addon: LicenseDefinition = { id: 'addon', permissions: { ids: ['queue:view', 'wfm:view'] }, prerequisites: [{ id: 'base' }] };
  const pro: LicenseDefinition = { id: 'pro', permissions: { ids: ['pro:view'] }, comprises: [base] };
  return new Map([chat, base, addon, pro].map((definition) => [definition.id as string, definition]));
}

const direct = (roleId: string, roleName: string) => ({ roleId, roleName, divisionId: 'd1', divisionName: 'Home' });

function input(overrides: Partial<ExplanationInput>): ExplanationInput {
  return {
    held: [],
    definitions: catalog(),
    roles: { kind: 'grants', grants: [direct('agent', 'Agent'), { ...direct('planner', 'Planner'), group: { id: 'g1', name: 'Planners' } }] },
    rolePermissions: {
      byRole: new Map([
        ['agent', ['queue:view', 'call:accept']],
        ['planner', ['wfm:view', 'queue:view']],
      ]),
    },
    inferred: {
      together: ['base', 'addon'],
      alone: new Map([
        ['agent', ['base']],
        ['planner', ['addon', 'base']],
      ]),
    },
    ...overrides,
  };
}

describe('Why a user holds a license: roles met with infer and the definitions', () => {
  it('names the permissions a role triggers a license with, leaving out what its prerequisites already grant', () => {
    // queue:view is granted by the prerequisite base: it does not explain addon.
    assert.deepEqual(triggeringPermissions(['wfm:view', 'queue:view', 'other:x'], 'addon', catalog()), ['wfm:view']);
    assert.deepEqual(triggeringPermissions(['call:accept', 'queue:view'], 'base', catalog()), ['call:accept', 'queue:view']);
    assert.deepEqual(triggeringPermissions(['x:y'], 'unknown', catalog()), []);
  });

  it('sorts held licenses into implied (with role, group and division) and implied by no role', () => {
    const explanation = explainLicenses(input({ held: ['base', 'pro'] }));
    const [base, pro] = explanation.held;
    assert.equal(base.implied, true);
    assert.deepEqual(
      base.impliedBy.map((reason) => [reason.roleName, reason.grants.map((grant) => grant.group?.name ?? 'direct'), reason.triggers]),
      [
        ['Agent', ['direct'], ['call:accept', 'queue:view']],
        ['Planner', ['Planners'], ['queue:view']],
      ],
    );
    assert.equal(pro.implied, false);
    assert.deepEqual(pro.impliedBy, []);
    assert.deepEqual(base.comprisedBy, ['pro'], 'base is inside the held pro: redundant');
    assert.deepEqual(
      explanation.impliedNotHeld.map((license) => license.licenseId),
      ['addon'],
    );
  });

  it('does not count as lacking what a held license comprises, and says the held one covers it', () => {
    const explanation = explainLicenses(input({ held: ['pro', 'addon'] }));
    assert.deepEqual(explanation.impliedNotHeld, []);
    assert.deepEqual(explanation.held[0].covers, ['base']);
    assert.deepEqual(explanation.held[1].missingPrerequisites, [], 'base inside pro meets the prerequisite');
    assert.deepEqual(explainLicenses(input({ held: ['addon'] })).held[0].missingPrerequisites, ['base']);
  });

  it('reports where the roles together imply something else than each alone', () => {
    const explanation = explainLicenses(
      input({
        inferred: {
          together: ['base', 'pro'],
          alone: new Map([
            ['agent', ['base']],
            ['planner', ['addon']],
          ]),
        },
      }),
    );
    assert.deepEqual(explanation.precedence, [
      { licenseId: 'addon', kind: 'aloneOnly', roles: [{ id: 'planner', name: 'Planner' }] },
      { licenseId: 'pro', kind: 'togetherOnly', roles: [] },
    ]);
  });

  it('never calls a license "implied by no role" when the roles are unknown, and gives no triggers without role permissions', () => {
    const unknown = explainLicenses(input({ held: ['base'], roles: { kind: 'unknown', why: 'no permission' }, inferred: undefined }));
    assert.equal(unknown.held[0].implied, undefined);
    assert.deepEqual(unknown.roles, []);
    assert.deepEqual(unknown.precedence, []);
    const noPermissions = explainLicenses(input({ held: ['base'], rolePermissions: { why: 'no permission' } }));
    assert.equal(noPermissions.held[0].implied, true);
    assert.ok(noPermissions.held[0].impliedBy.every((reason) => reason.triggers === undefined));
  });

  it('turns a change of roles into the licenses to give and take, and into batch rows for that user', () => {
    const effect = roleChangeEffect(['base', 'addon'], ['base', 'addon'], ['base', 'pro'], catalog());
    assert.deepEqual(effect, { add: ['pro'], remove: ['addon'] });
    // Newly implied but already inside a held license: nothing to give.
    assert.deepEqual(roleChangeEffect(['pro'], [], ['chat'], catalog()), { add: [], remove: [] });
    // Held by hand and never implied: a role change does not take it.
    assert.deepEqual(roleChangeEffect(['pro'], ['base'], [], catalog()), { add: [], remove: [] });
    assert.deepEqual(changeAssignments('u1', effect), [
      { licenseId: 'pro', userIdsAdd: ['u1'], userIdsRemove: [] },
      { licenseId: 'addon', userIdsAdd: [], userIdsRemove: ['u1'] },
    ]);
  });
});
