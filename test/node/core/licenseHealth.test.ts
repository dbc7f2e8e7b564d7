import * as assert from 'node:assert/strict';
import type { LicenseDefinition } from '../../../src/api/models';
import { type HealthInput, type HealthUser, isIdle, licenseHealth, roleSetKey } from '../../../src/core/licenseHealth';
import { healthCsv, healthJson, healthMarkdown } from '../../../src/core/licenseHealthReport';

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

const user = (id: string, licenses: string[], extra: Partial<HealthUser> = {}): HealthUser => ({
  id,
  licenses,
  state: 'active',
  dateLastLogin: daysAgo(1),
  roleIds: ['agent'],
  ...extra,
});

function input(users: HealthUser[], overrides: Partial<HealthInput> = {}): HealthInput {
  return {
    users,
    definitions,
    inferred: new Map([
      [roleSetKey(['agent']), ['base']],
      [roleSetKey(['agent', 'wfm']), ['base', 'addOn3']],
    ]),
    missing: {},
    idleDays: 90,
    now,
    ...overrides,
  };
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
    assert.deepEqual(of('inactiveHolders'), [
      ['addOn1', ['gone']],
      ['base', ['gone', 'off']],
    ]);
    assert.deepEqual(of('idleHolders'), [['base', ['never', 'old']]]);
    const base = report.byLicense.find((row) => row.licenseId === 'base');
    assert.deepEqual(base, { licenseId: 'base', held: 5, heldByActive: 3, idle: 2, redundant: 0 });
  });

  it('finds an add-on comprised by another held license, through any depth, and a prerequisite missing', () => {
    const report = licenseHealth(input([user('both', ['addOn3', 'addOn1', 'base']), user('lacking', ['addOn2'])]));
    const redundant = report.findings.find((finding) => finding.kind === 'redundant');
    assert.deepEqual(redundant && [redundant.id, redundant.userIds, redundant.fix], [
      'redundant:addOn1:addOn3',
      ['both'],
      { licenseId: 'addOn1', userIdsAdd: [], userIdsRemove: ['both'] },
    ]);
    const prerequisite = report.findings.find((finding) => finding.kind === 'prerequisiteMissing');
    assert.deepEqual(prerequisite && [prerequisite.id, prerequisite.fix], [
      'prerequisiteMissing:addOn2:base',
      { licenseId: 'base', userIdsAdd: ['lacking'], userIdsRemove: [] },
    ]);
  });

  it('compares holdings with what the role set implies, and says nothing of roles it could not read', () => {
    const report = licenseHealth(
      input([user('extra', ['base', 'addOn2']), user('short', ['base'], { roleIds: ['wfm', 'agent'] }), user('unknown', ['addOn2'], { roleIds: undefined })]),
    );
    const of = (kind: string) => report.findings.filter((finding) => finding.kind === kind).map((finding) => [finding.licenseId, finding.userIds, finding.fix]);
    assert.deepEqual(of('notImplied'), [['addOn2', ['extra'], { licenseId: 'addOn2', userIdsAdd: [], userIdsRemove: ['extra'] }]]);
    assert.deepEqual(of('impliedNotHeld'), [['addOn3', ['short'], { licenseId: 'addOn3', userIdsAdd: ['short'], userIdsRemove: [] }]]);
  });

  it('marks the kinds it could not compute with the reason, and still gives the others', () => {
    const report = licenseHealth(
      input([user('gone', ['addOn1', 'addOn3'], { state: 'inactive' })], {
        definitions: undefined,
        inferred: undefined,
        missing: { definitions: 'no A', roles: 'no B' },
      }),
    );
    assert.deepEqual(report.unavailable, [
      { kind: 'redundant', why: 'no A' },
      { kind: 'prerequisiteMissing', why: 'no A' },
      { kind: 'notImplied', why: 'no B' },
      { kind: 'impliedNotHeld', why: 'no B' },
    ]);
    assert.deepEqual(
      report.findings.map((finding) => finding.id),
      ['inactiveHolders:addOn1', 'inactiveHolders:addOn3'],
    );
  });

  it('counts an unreadable last login as never', () => {
    assert.equal(isIdle({ id: 'x', licenses: [], dateLastLogin: 'yesterday' }, 90, now), true);
    assert.equal(isIdle({ id: 'x', licenses: [], dateLastLogin: daysAgo(90) }, 90, now), false);
  });
});

describe('License Health as a document and as files', () => {
  const hostileName = 'Eve [pay here](https://evil.example/) <img src=x> | **boss**\n# Injected';
  const report = licenseHealth(
    input([
      user('aaaaaaaa-0000-0000-0000-000000000001', ['base', 'addOn1', 'addOn3'], { name: hostileName, email: '=cmd|calc', state: 'inactive' }),
      user('aaaaaaaa-0000-0000-0000-000000000002', ['base'], { name: 'Bob', dateLastLogin: undefined }),
    ]),
  );
  const markdown = healthMarkdown(report, { org: 'Acme [x](command:evil)', readAt: now });

  it("shows the summary per license and every finding with its fix, the org's text escaped and never a link", () => {
    assert.match(markdown, /\| `base` +\| 2 +\| 1 +\| 1 +\| 0 +\|/);
    assert.match(markdown, /\| `addOn1` +\| 1 +\| 0 +\| 0 +\| 1 +\|/);
    assert.match(markdown, /remove `addOn1` from 1 user\. Run \*\*Genesys Cloud Licenses: Fix a License Health Finding\*\* and pick `redundant:addOn1:addOn3`/);
    assert.ok(!markdown.includes('[pay here](https://evil'), 'no link from a name');
    assert.ok(!markdown.includes('[x](command:evil)'), 'no link from the org name');
    assert.ok(!/(?<!\\)<img/.test(markdown), 'no raw HTML');
    assert.ok(!/^# Injected/m.test(markdown), 'no heading from a name');
  });

  it('exports one CSV row per user of each finding (formula-looking text defused) and JSON with the fixes', () => {
    const csv = healthCsv(report);
    const rows = csv.trim().split('\r\n');
    assert.equal(rows.length, 1 + report.findings.reduce((sum, finding) => sum + finding.userIds.length, 0));
    assert.ok(csv.includes(",'=cmd|calc,"), 'a formula is not run by a spreadsheet');
    const json = JSON.parse(healthJson(report, 'Acme'));
    assert.deepEqual(json.findings.find((finding: { id: string }) => finding.id === 'redundant:addOn1:addOn3').fix, {
      licenseId: 'addOn1',
      userIdsAdd: [],
      userIdsRemove: ['aaaaaaaa-0000-0000-0000-000000000001'],
    });
    assert.equal(json.findings[0].users[0].name, hostileName, 'JSON keeps the name as data');
  });
});
