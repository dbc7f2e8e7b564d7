/**
 * License Health as a document (Markdown) and as files (CSV, JSON). Every string from the org goes through
 * `escapeText` (document) or `csvField` (CSV); IDs through `code`. No link anywhere: a finding is fixed by running
 * "Fix a License Health Finding" with its ID, which opens the batch form prefilled. Pure.
 */
import { FINDING_KINDS, findingTitle, fixSummary, type HealthFinding, type HealthReport, type HealthUser } from './licenseHealth';
import { type Provenance, provenanceLine } from './licenseReports';
import { blocks, code, count, escapeText, table } from './markdown';
import { csvDocument } from './usersExport';

/** Users listed per finding in the document; the export holds them all. */
export const USERS_SHOWN_PER_FINDING = 50;

function userCell(user: HealthUser | undefined, id: string): string {
  const name = user?.name ? escapeText(user.name) : '';
  const email = user?.email ? ` (${escapeText(user.email)})` : '';
  return name || email ? `${name}${email}` : code(id);
}

function lastLogin(user: HealthUser | undefined): string {
  return user?.dateLastLogin ? user.dateLastLogin.slice(0, 10) : 'never';
}

function findingSection(finding: HealthFinding, report: HealthReport): string {
  const shown = finding.userIds.slice(0, USERS_SHOWN_PER_FINDING);
  const rows = shown.map((id) => {
    const user = report.users.get(id);
    return [userCell(user, id), code(id), escapeText(user?.state ?? 'active'), lastLogin(user)];
  });
  const more = finding.userIds.length - shown.length;
  return blocks(
    `### ${code(finding.licenseId)}${finding.relatedLicenseId ? ` ${finding.kind === 'redundant' ? 'inside' : 'without'} ${code(finding.relatedLicenseId)}` : ''} — ${count(finding.userIds.length, 'user')}`,
    `Fix: ${fixSummary(finding, code)}. Run **Genesys Cloud Licenses: Fix a License Health Finding** and pick ${code(finding.id)}: the batch form opens with this change for preview; nothing changes before you confirm there.`,
    table(['User', 'ID', 'State', 'Last login'], rows),
    more > 0 && `…and ${count(more, 'more user')} (all of them are in the CSV and JSON export).`,
  ).trimEnd();
}

/** The whole report; `org` and times on top, a summary table per license, then each kind with its findings. */
export function healthMarkdown(report: HealthReport, provenance: Provenance): string {
  const summary = table(
    ['License', 'Held', 'By active users', 'Idle', 'Redundant'],
    report.byLicense.map((row) => [code(row.licenseId), String(row.held), String(row.heldByActive), String(row.idle), String(row.redundant)]),
  );
  const kinds = FINDING_KINDS.map(({ kind, title }) => {
    const unavailable = report.unavailable.find((entry) => entry.kind === kind);
    const findings = report.findings.filter((finding) => finding.kind === kind);
    const users = new Set(findings.flatMap((finding) => finding.userIds)).size;
    const body = unavailable
      ? `Not checked: ${escapeText(unavailable.why)}.`
      : findings.length === 0
        ? 'None found.'
        : findings.map((finding) => findingSection(finding, report)).join('\n\n');
    return `## ${title}${unavailable ? '' : ` — ${count(users, 'user')}`}\n\n${body}`;
  });
  return blocks(
    '# License Health',
    provenanceLine(provenance),
    `${count(report.users.size, 'user')} checked, every state. Idle means never logged in, or not in the last ${count(report.idleDays, 'day')} (setting \`genesysLicenses.health.idleDays\`). Inactive and deleted users are listed once, under their own finding, not as idle.`,
    '## Per license',
    summary,
    ...kinds,
  );
}

const userFields = (user: HealthUser | undefined, id: string) => ({
  id,
  name: user?.name,
  email: user?.email,
  state: user?.state ?? 'active',
  dateLastLogin: user?.dateLastLogin,
});

/** One row per user of each finding, with what the fix does. */
export function healthCsv(report: HealthReport): string {
  const header = ['finding', 'kind', 'license', 'related license', 'fix', 'user id', 'name', 'email', 'state', 'last login'];
  const rows = report.findings.flatMap((finding) =>
    finding.userIds.map((id) => {
      const user = userFields(report.users.get(id), id);
      return [
        finding.id,
        findingTitle(finding.kind),
        finding.licenseId,
        finding.relatedLicenseId ?? '',
        fixSummary(finding),
        id,
        user.name ?? '',
        user.email ?? '',
        user.state,
        user.dateLastLogin ?? 'never',
      ];
    }),
  );
  return csvDocument([header, ...rows]);
}

export function healthJson(report: HealthReport, organization: string): string {
  const document = {
    organization,
    checkedAt: report.checkedAt.toISOString(),
    idleDays: report.idleDays,
    usersChecked: report.users.size,
    unavailable: report.unavailable,
    byLicense: report.byLicense,
    findings: report.findings.map((finding) => ({
      id: finding.id,
      kind: finding.kind,
      title: findingTitle(finding.kind),
      licenseId: finding.licenseId,
      relatedLicenseId: finding.relatedLicenseId,
      users: finding.userIds.map((id) => userFields(report.users.get(id), id)),
      fix: finding.fix,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
