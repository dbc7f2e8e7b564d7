import * as assert from 'node:assert/strict';
import { createLicenseClient, GenesysApiError } from '../../../src/api';
import { readHealthInput } from '../../../src/core/healthLookups';
import { type HealthFindingKind, type HealthReport, licenseHealth } from '../../../src/core/licenseHealth';
import type { CaseName, SandboxOrg } from '../../../src/sandbox';
import { failureOf, useSandbox } from '../api/helpers';
import { call } from '../sandbox/helpers';

const ALL = ['authorization:license:view', 'authorization:grant:view', 'authorization:role:view', 'directory:user:view'];

/** Per license, the users of `ids` who hold it, as the sandbox's own data says: what a finding of that kind must list. */
function holdersAmong(org: SandboxOrg, ids: readonly string[]): Record<string, string[]> {
  const byLicense: Record<string, string[]> = {};
  for (const user of org.users.filter((candidate) => ids.includes(candidate.id))) {
    user.licenses.forEach((licenseId) => (byLicense[licenseId] ??= []).push(user.id));
  }
  return byLicense;
}

/** The report's findings of one kind as `{ subject: users }`, users sorted. */
function usersOf(report: HealthReport, kind: HealthFindingKind): Record<string, string[]> {
  return Object.fromEntries(
    report.findings.filter((finding) => finding.kind === kind).map((finding) => [finding.id.split(':').slice(1).join(':'), [...finding.userIds].sort()]),
  );
}

const sorted = (record: Record<string, string[]>) => Object.fromEntries(Object.entries(record).map(([key, ids]) => [key, [...ids].sort()]));

describe('License Health read through the client, against the sandbox over HTTP', () => {
  const sandbox = useSandbox({ userCount: 120, seed: 15 });
  const clientWith = (permissions = ALL) =>
    createLicenseClient({ environment: sandbox().url, credentials: { accessToken: sandbox().issueToken({ permissions }) } });
  const check = async (permissions = ALL) =>
    licenseHealth(await readHealthInput(clientWith(permissions), { idleDays: 90, signal: new AbortController().signal }));
  const caseUser = (name: CaseName) => sandbox().org.authorization.cases[name] as string;

  it('finds exactly the seeded inactive, deleted, never-logged-in and idle holders, the redundant and the prerequisite-less', async () => {
    const { org } = sandbox();
    const report = await check();
    assert.deepEqual(
      [org.health.inactive.length, org.health.deleted.length, org.health.neverLoggedIn.length, org.health.idle.length],
      [2, 1, 2, 2],
      'the seed',
    );
    assert.deepEqual(usersOf(report, 'inactiveHolders'), sorted(holdersAmong(org, [...org.health.inactive, ...org.health.deleted])));
    assert.deepEqual(usersOf(report, 'idleHolders'), sorted(holdersAmong(org, [...org.health.neverLoggedIn, ...org.health.idle])));
    // The "why" cases: Collaborate inside CX 1; Speech and Text Analytics without its prerequisite CX 1.
    assert.deepEqual(usersOf(report, 'redundant'), { 'collaborate:cloudCX1': [caseUser('comprised')] });
    assert.deepEqual(usersOf(report, 'prerequisiteMissing'), { 'speechAndTextAnalytics:cloudCX1': [caseUser('prerequisiteMissing')] });
    assert.deepEqual(report.unavailable, []);
    const redundant = report.findings.find((finding) => finding.kind === 'redundant');
    assert.deepEqual(redundant?.fix, { licenseId: 'collaborate', userIdsAdd: [], userIdsRemove: [caseUser('comprised')] });
    const prerequisite = report.findings.find((finding) => finding.kind === 'prerequisiteMissing');
    assert.deepEqual(prerequisite?.fix, { licenseId: 'cloudCX1', userIdsAdd: [caseUser('prerequisiteMissing')], userIdsRemove: [] });
  });

  it('sends one infer per distinct role set, and pages the users listing and their licenses 500 at a time', async () => {
    const { org, stats } = sandbox();
    stats.reset();
    await check();
    const roleSets = new Set(org.users.map((user) => org.authorization.effectiveRoleIds(user).sort().join(',')).filter(Boolean));
    assert.equal(stats.byRoute['POST /api/v2/license/infer'], roleSets.size);
    assert.equal(stats.byRoute['GET /api/v2/users'], Math.ceil(org.users.length / 500));
    assert.equal(stats.byRoute['POST /api/v2/license/users'], Math.ceil(org.users.length / 500));
    const token = sandbox().issueToken();
    assert.equal((await call(sandbox(), '/api/v2/users?state=any&pageSize=500', { token })).body.entities.length, org.users.length);
    assert.equal((await call(sandbox(), '/api/v2/users?state=any&pageSize=501', { token })).status, 400);
  });

  it('without the permission to read roles, leaves out only the role findings and names the permission', async () => {
    const full = await check();
    const report = await check(ALL.filter((permission) => permission !== 'authorization:grant:view'));
    assert.deepEqual(
      report.unavailable.map((entry) => [entry.kind, entry.why]),
      [
        ['notImplied', "reading the users' roles needs the permission authorization:grant:view"],
        ['impliedNotHeld', "reading the users' roles needs the permission authorization:grant:view"],
      ],
    );
    assert.deepEqual(
      report.findings.filter((finding) => finding.kind === 'notImplied' || finding.kind === 'impliedNotHeld'),
      [],
    );
    const roleFree = (kind: HealthFindingKind) => kind !== 'notImplied' && kind !== 'impliedNotHeld';
    assert.deepEqual(
      report.findings,
      full.findings.filter((finding) => roleFree(finding.kind)),
    );
  });

  it('cancelled, gives no report at all', async () => {
    const stop = new AbortController();
    const failure = await failureOf(() =>
      readHealthInput(clientWith(), {
        idleDays: 90,
        signal: stop.signal,
        onProgress: () => stop.abort(),
      }),
    );
    assert.ok(failure instanceof GenesysApiError);
    assert.equal(failure.kind, 'cancelled');
  });

  describe('roles against holdings, in an org of the two users seeded for them', () => {
    let saved: SandboxOrg['users'] = [];
    before(() => {
      const { org } = sandbox();
      saved = org.users;
      org.users = saved.filter((user) => user.id === caseUser('heldNotImplied') || user.id === caseUser('impliedNotHeld'));
    });
    after(() => {
      sandbox().org.users = saved;
    });

    it('finds the license no role needs, and the one a role needs that the user lacks, with the fix for each', async () => {
      const report = await check();
      // heldNotImplied: Knowledge assigned by hand; impliedNotHeld: Bot Designer needs Bot Flows.
      assert.deepEqual(usersOf(report, 'notImplied'), { knowledge: [caseUser('heldNotImplied')] });
      assert.deepEqual(usersOf(report, 'impliedNotHeld'), { botFlows: [caseUser('impliedNotHeld')] });
      assert.deepEqual(
        report.findings.map((finding) => finding.fix),
        [
          { licenseId: 'knowledge', userIdsAdd: [], userIdsRemove: [caseUser('heldNotImplied')] },
          { licenseId: 'botFlows', userIdsAdd: [caseUser('impliedNotHeld')], userIdsRemove: [] },
        ],
      );
    });
  });
});

describe('License Health on an org that refuses a page of 120 IDs in one read (413 over its byte limit)', () => {
  const sandbox = useSandbox({ userCount: 120, seed: 15, maxRequestBytes: 4_000 });

  it('reads that page’s licenses again in batches of 100 and finds the same holders', async () => {
    const client = createLicenseClient({ environment: sandbox().url, credentials: { accessToken: sandbox().issueToken({ permissions: ALL }) } });
    sandbox().stats.reset();
    const report = licenseHealth(await readHealthInput(client, { idleDays: 90, signal: new AbortController().signal }));
    assert.equal(sandbox().stats.byRoute['POST /api/v2/license/users'], 3, 'one refused read of 120 IDs, then 100 + 20');
    const { org } = sandbox();
    assert.deepEqual(usersOf(report, 'inactiveHolders'), sorted(holdersAmong(org, [...org.health.inactive, ...org.health.deleted])));
  });
});
