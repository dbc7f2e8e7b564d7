import * as assert from 'node:assert/strict';
import type { LicenseDefinition } from '../../../src/api';
import { definitionReport, fetchReport, inferReport, organizationReport, userLicensesReport } from '../../../src/core/licenseReports';
import { code, escapeText, table } from '../../../src/core/markdown';
import { csvField, usersCsv, usersJson } from '../../../src/core/usersExport';

const provenance = { org: 'Test Org (mypurecloud.ie)', readAt: new Date('2026-01-02T03:04:05Z') };
const communicate: LicenseDefinition = { id: 'communicate', description: 'Calling', permissions: { ids: ['call:a:view', 'call:b:view'] } };
const cx1: LicenseDefinition = { id: 'cloudCX1', description: 'CX 1 | voice', permissions: { ids: ['routing:queue:view'] }, comprises: [communicate] };
const cx2: LicenseDefinition = { id: 'cloudCX2', description: 'CX 2', permissions: { ids: ['x:y:z'] }, comprises: [cx1] };
const wem: LicenseDefinition = { id: 'wem1', description: 'WEM', permissions: { ids: ['wfm:s:view'] }, prerequisites: [{ id: 'cloudCX1' }] };
const catalog = new Map([communicate, cx1, cx2, wem].map((definition) => [definition.id as string, definition]));

describe('Result documents (Markdown)', () => {
  it('escapes text from the org and lines table columns up in the source', () => {
    assert.equal(escapeText('a|b *c* [d](e)\nf (g) 1+1'), 'a\\|b \\*c\\* \\[d\\](e) f (g) 1+1');
    assert.equal(escapeText('# not a heading'), '\\# not a heading');
    assert.equal(escapeText('- not a list'), '\\- not a list');
    assert.equal(table(['A', 'Long header'], [['xxxxx', 'y']]), ['| A     | Long header |', '| ----- | ----------- |', '| xxxxx | y           |'].join('\n'));
  });

  it('keeps hostile IDs inside their code span: no line break, no backtick or pipe closes it early', () => {
    assert.equal(code('cloudCX1'), '`cloudCX1`');
    assert.equal(code('x\n# Heading\r[link](command:genesysLicenses.exportUsers)'), '`x # Heading [link](command:genesysLicenses.exportUsers)`');
    assert.equal(code('a`b``c'), '```a`b``c```');
    assert.equal(code('`edge`'), '`` `edge` ``');
    assert.equal(table(['ID'], [[code('a|b')], [escapeText('c|d')]]), ['| ID     |', '| ------ |', '| `a\\|b` |', '| c\\|d   |'].join('\n'));
  });

  it('escapes every way org text could become Markdown: lone CR, line separators, entities', () => {
    assert.equal(escapeText('a\r# b\u2028- c &amp; d'), 'a # b - c \\&amp; d');
    // The preview's linkify would turn these into links by themselves.
    assert.equal(
      escapeText('see https://evil.example/x, www.evil.example or ann@evil.example; CX 1: 3.5'),
      'see https\\:\\/\\/evil\\.example\\/x, www\\.evil\\.example or ann\\@evil\\.example; CX 1: 3.5',
    );
  });

  it('writes a definition: description, every permission, prerequisites with descriptions, comprises nested', () => {
    const text = definitionReport(cx2, catalog, provenance);
    assert.match(text, /^# License `cloudCX2`\n\n_Test Org \(mypurecloud\\\.ie\) · read 2026-01-02 03:04 UTC_\n\nCX 2\n/);
    assert.match(text, /## Permissions \(1\)\n\n- `x:y:z`/);
    assert.match(text, /With what it comprises it grants 4 permissions in all\./);
    assert.match(text, /## Prerequisites \(0\)\n\nNone\./);
    assert.match(
      text,
      /## Comprises \(1\)\n\nHolding it also gives:\n\n- `cloudCX1` — CX 1 \\\| voice \(1 permission\)\n {2}- `communicate` — Calling \(2 permissions\)\n/,
    );
    const withPrerequisite = definitionReport(wem, catalog, provenance);
    assert.match(withPrerequisite, /## Prerequisites \(1\)\n\nA user must hold these .*\n\n- `cloudCX1` — CX 1 \\\| voice/);
    assert.match(withPrerequisite, /## Comprises \(0\)\n\nNothing else: it stands alone\./);
  });

  it("writes a user's licenses: a summary table, then each definition", () => {
    const text = userLicensesReport({
      user: { id: 'u1', licenses: [cx1, wem] },
      person: { id: 'u1', name: 'Zoë Ødegård', email: 'zoe@example.com' },
      catalog,
      provenance,
    });
    assert.match(text, /^# Licenses of Zoë Ødegård\n\nUser ID `u1` · zoe\\@example\\\.com\n/);
    assert.match(text, /2 licenses held directly:/);
    assert.match(text, /\| `cloudCX1` \| CX 1 \\\| voice \| 1 +\| +\| `communicate` \|/);
    assert.match(text, /\| `wem1` +\| WEM +\| 1 +\| `cloudCX1` +\| +\|/);
    assert.match(text, /## `wem1`\n\nWEM\n\n### Permissions \(1\)/);
    const unnamed = userLicensesReport({
      user: { id: 'u2', licenses: [] },
      namesNote: 'the sign-in lacks the permission directory:user:view',
      catalog,
      provenance,
    });
    assert.match(unnamed, /^# Licenses of user `u2`/);
    assert.match(unnamed, /_Name not shown: the sign-in lacks the permission directory:user:view\._/);
    assert.match(unnamed, /This user holds no licenses\./);
  });

  it('writes the fetch table with names when read, and lists the IDs not found and not sent', () => {
    const text = fetchReport({
      users: [
        { id: 'u1', name: 'Ann', licenses: ['a', 'b'] },
        { id: 'u2', name: 'Bo', licenses: [] },
      ],
      notFound: ['u3'],
      invalid: ['bob'],
      duplicates: 2,
      provenance,
    });
    assert.match(text, /Asked for 3 user IDs \(2 duplicates merged\), 2 found, 1 not in this org, 1 entry not a UUID and not sent\./);
    assert.match(text, /\| User ID \| Name \| Licenses +\|/);
    assert.match(text, /\| `u1` +\| Ann +\| `a`, `b` \|/);
    assert.match(text, /\| `u2` +\| Bo +\| _none_ +\|/);
    assert.match(text, /## Not found in this org \(1\)\n\n- `u3`/);
    assert.match(text, /## Not sent: not UUIDs \(1\)\n\n- `bob`/);
    const withoutNames = fetchReport({
      users: [{ id: 'u1', licenses: ['a'] }],
      notFound: [],
      invalid: [],
      duplicates: 0,
      namesNote: 'no permission',
      provenance,
    });
    assert.match(withoutNames, /\| User ID \| Licenses \|/);
    assert.doesNotMatch(withoutNames, /Not found|Not sent/);
  });

  it('writes the infer result with role names and license descriptions', () => {
    const text = inferReport({ roles: [{ id: 'r1', name: 'Agent' }, { id: 'r2' }], licenseIds: ['cloudCX1', 'gone'], catalog, provenance });
    assert.match(text, /# Licenses implied by 2 roles/);
    assert.match(text, /- \*\*Agent\*\* `r1`\n- `r2`/);
    assert.match(text, /\| `cloudCX1` \| CX 1 \\\| voice +\| 1 +\|/);
    assert.match(text, /\| `gone` +\| \(not among the org's license definitions\) \|/);
    assert.match(
      inferReport({ roles: [{ id: 'r1' }], licenseIds: [], catalog, provenance }),
      /None: these roles grant no permission that a license provides\./,
    );
  });

  it('writes the organization assignments, saying plainly where they came from', () => {
    const licenses = { cloudCX1: [{ id: 'u1' }, { id: 'u2' }], wem1: [{ id: 'u2' }] };
    const rebuilt = organizationReport({ assignments: { licenses, source: 'users-scan' }, usersScanned: 3, catalog, provenance });
    assert.match(rebuilt, /Source: rebuilt from the paged users listing \(`GET \/api\/v2\/license\/users`, 3 users read\), because this org answers 404/);
    assert.match(rebuilt, /\| `cloudCX1` +\| 2 +\| CX 1/);
    assert.match(rebuilt, /\| `communicate` \| 0 +\| Calling/);
    assert.match(rebuilt, /## `cloudCX1` — 2 holders\n\n- `u1`\n- `u2`/);
    assert.doesNotMatch(rebuilt, /## `communicate`/);
    const legacy = organizationReport({ assignments: { name: 'Acme', licenses, source: 'legacy-endpoint' }, catalog, provenance });
    assert.match(legacy, /# License assignments of Acme/);
    assert.match(legacy, /Source: this org still answers `GET \/api\/v2\/license\/organization`, the operation Genesys removed from its public API in 2019/);
  });
});

describe('Users export files', () => {
  const users = [
    { id: 'u1', name: 'Zoë, "the boss"', licenses: ['wem1', 'cloudCX1'] },
    { id: 'u2', name: '=HYPERLINK("x")', licenses: [] },
    { id: 'u3', name: 'Line\nbreak', licenses: ['cloudCX1'] },
  ];

  it('quotes CSV fields per RFC 4180 and defuses formulas', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('-5'), "'-5");
  });

  it('writes one row a user and one column a license, with a BOM and CRLF lines', () => {
    const csv = usersCsv(users, true);
    assert.ok(csv.startsWith('\uFEFFid,name,cloudCX1,wem1\r\n'));
    assert.deepEqual(csv.slice(1).split('\r\n'), [
      'id,name,cloudCX1,wem1',
      'u1,"Zoë, ""the boss""",1,1',
      'u2,"\'=HYPERLINK(""x"")",,',
      'u3,"Line\nbreak",1,',
      '',
    ]);
    assert.equal(usersCsv(users, false).slice(1).split('\r\n')[0], 'id,cloudCX1,wem1');
  });

  it('writes JSON with the organization, the license IDs and every user', () => {
    const parsed = JSON.parse(usersJson(users, 'Test Org', new Date('2026-01-02T03:04:05Z')));
    assert.deepEqual(parsed, { organization: 'Test Org', exportedAt: '2026-01-02T03:04:05.000Z', licenseIds: ['cloudCX1', 'wem1'], users });
  });
});
