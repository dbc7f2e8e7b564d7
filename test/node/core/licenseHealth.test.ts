import * as assert from 'node:assert/strict';
import type { LicenseDefinition } from '../../../src/api/models';
import { type HealthInput, type HealthUser, isIdle, licenseHealth, roleSetKey } from '../../../src/core/licenseHealth';

const now = new Date('2026-12-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

// base comprises addOn1, addOn3 comprises addOn1; addOn2 needs base.
const addOn1: LicenseDefinition = { id: 'addOn1', comprises: [] };
const definitions = new Map<string, LicenseDefinition>([
  ['base', { id: 'base', comprises: [] }],
  ['addOn1', addOn1],
  ['addOn3', { id: 'addOn3', comprises: [addOn1] }],
  ['addOn2', { id: 'addOn2', prerequisites: [{ id: 'base' }] }],
]);

const user = (id: string, licenses: string[], extra: Partial<HealthUser> = {}): HealthUser => ({ id, licenses, state: 'active', dateLastLogin: daysAgo(1), roleIds: ['agent'], ...extra });

function input(users: HealthUser[], overrides: Partial<HealthInput> = {}): HealthInput {
  return { users, definitions, inferred: new Map([[roleSetKey(['agent']), ['base']], [roleSetKey(['agent', 'wfm']), ['base', 'addOn3']]]), missing: {}, idleDays: 90, now, ...overrides };
}

describe('License Health findings (pure)', () => {
  it('lists inactive and deleted holders apart from idle active ones, each license with exactly its users', () => {
    const report = licenseHealth(
      input([
        user('gone', ['base', 'addOn1'], { state: 'deleted' }),
        user('off', ['base'], { state: 'inactive', dateLastLogin: undefined }),
        user('never', ['base'], { dateLastLogin: undefined }),
        user('old', ['base'], { dateLastLogin: daysAgo(91) }),
        user('recent', ['base'], { dateLastLogin: daysAgo(89) }),
      ]),
    );
    const of = (kind: string) => report.findings.filter((finding) => finding.kind === kind).map((finding) => [finding.licenseId, finding.userIds]);
    assert.deepEqual(of('inactiveHolders'), [['addOn1', ['gone']], ['base', ['gone', 'off']]]);
    assert.deepEqual(of('idleHolders'), [['base', ['never', 'old']]]);
    const base = report.byLicense.find((row) => row.licenseId === 'base');
    assert.deepEqual(base, { licenseId: 'base', held: 5, heldByActive: 3, idle: 2, redundant: 0 });
  });

  it('finds an add-on comprised by another held license, through any depth, and a prerequisite missing', () => {
    const report = licenseHealth(input([user('both', ['addOn3', 'addOn1', 'base']), user('lacking', ['addOn2'])]));
    const redundant = report.findings.find((finding) => finding.kind === 'redundant');
    assert.deepEqual(redundant && [redundant.id, redundant.userIds, redundant.fix], ['redundant:addOn1:addOn3', ['both'], { licenseId: 'addOn1', userIdsAdd: [], userIdsRemove: ['both'] }]);
    const prerequisite = report.findings.find((finding) => finding.kind === 'prerequisiteMissing');
    assert.deepEqual(prerequisite && [prerequisite.id, prerequisite.fix], ['prerequisiteMissing:addOn2:base', { licenseId: 'base', userIdsAdd: ['lacking'], userIdsRemove: [] }]);
  });

  it('compares holdings with what the role set implies, and says nothing of roles it could not read', () => {
    const report = licenseHealth(input([user('extra', ['base', 'addOn2']), user('short', ['base'], { roleIds: ['wfm', 'agent'] }), user('unknown', ['addOn2'], { roleIds: undefined })]));
    const of = (kind: string) => report.findings.filter((finding) => finding.kind === kind).map((finding) => [finding.licenseId, finding.userIds, finding.fix]);
    assert.deepEqual(of('notImplied'), [['addOn2', ['extra'], { licenseId: 'addOn2', userIdsAdd: [], userIdsRemove: ['extra'] }]]);
    assert.deepEqual(of('impliedNotHeld'), [['addOn3', ['short'], { licenseId: 'addOn3', userIdsAdd: ['short'], userIdsRemove: [] }]]);
  });

  it('marks the kinds it could not compute with the reason, and still gives the others', () => {
    const report = licenseHealth(input([user('gone', ['addOn1', 'addOn3'], { state: 'inactive' })], { definitions: undefined, inferred: undefined, missing: { definitions: 'no A', roles: 'no B' } }));
    assert.deepEqual(report.unavailable, [
      { kind: 'redundant', why: 'no A' },
      { kind: 'prerequisiteMissing', why: 'no A' },
      { kind: 'notImplied', why: 'no B' },
      { kind: 'impliedNotHeld', why: 'no B' },
    ]);
    assert.deepEqual(report.findings.map((finding) => finding.id), ['inactiveHolders:addOn1', 'inactiveHolders:addOn3']);
  });

  it('counts an unreadable last login as never', () => {
    assert.equal(isIdle({ id: 'x', licenses: [], dateLastLogin: 'yesterday' }, 90, now), true);
    assert.equal(isIdle({ id: 'x', licenses: [], dateLastLogin: daysAgo(90) }, 90, now), false);
  });
});
