/**
 * The Markdown of "why does this user hold these licenses" and of "what if their roles change". Every string from
 * the org (names, groups, divisions, descriptions) goes through `escapeText`; IDs and permissions through `code`.
 * Pure: the commands gather the data, these only write it.
 */
import type { HeldLicense, LicenseExplanation, RoleGrantFact, RoleReason, RoleSummary } from './licenseExplanation';
import type { DefinitionCatalog, Provenance } from './licenseReports';
import { blocks, bulletList, code, count, escapeText, type ListItem, table } from './markdown';

/** What `infer` answers and what it cannot know: said under every explanation. */
export const INFER_LIMITS =
  "`infer` answers what a set of roles implies in this org today. It cannot know whether automatic license assignment is on, which licenses were assigned by hand on purpose (a license kept for a coming role, a trial), what the user did with a license during the billing period, or how roles change tomorrow. Permissions shown are those of the role that the license's own definition lists, less what its prerequisites grant: they explain the answer, they do not replace it.";

function provenanceLine({ org, readAt }: Provenance): string {
  return `_${escapeText(org)} · read ${readAt.toISOString().slice(0, 16).replace('T', ' ')} UTC_`;
}

export function licenseLabel(id: string, catalog: DefinitionCatalog): string {
  const description = catalog.get(id)?.description;
  return description ? `${code(id)} — ${escapeText(description)}` : code(id);
}

function roleName(role: { id: string; name?: string }): string {
  return role.name ? `**${escapeText(role.name)}**` : `role ${code(role.id)}`;
}

/** "directly, in Home" or "through the group Tier 2, in EMEA Support". */
function grantRoute(grant: RoleGrantFact): string {
  const via = grant.group ? `through the group ${grant.group.name ? `“${escapeText(grant.group.name)}”` : code(grant.group.id)}` : 'directly';
  const where = grant.divisionName
    ? `, in the division ${escapeText(grant.divisionName)}`
    : grant.divisionId
      ? `, in the division ${code(grant.divisionId)}`
      : '';
  return `${via}${where}`;
}

function routes(grants: readonly RoleGrantFact[]): string {
  return grants.length > 0 ? ` (${grants.map(grantRoute).join('; ')})` : '';
}

function reasonItem(reason: RoleReason): ListItem {
  const triggers =
    reason.triggers === undefined
      ? ''
      : reason.triggers.length > 0
        ? `: its permissions ${reason.triggers.map(code).join(', ')}`
        : ': none of its permissions is listed in the license’s own definition (the org’s infer says so nonetheless)';
  return { text: `Implied by ${roleName({ id: reason.roleId, name: reason.roleName })}${routes(reason.grants)}${triggers}` };
}

function heldItem(license: HeldLicense, catalog: DefinitionCatalog): ListItem {
  const children: ListItem[] = license.impliedBy.map(reasonItem);
  if (license.implied && license.impliedBy.length === 0) {
    children.push({ text: 'Implied by the roles together, by none alone (see add-on precedence below).' });
  }
  if (license.covers.length > 0) {
    children.push({ text: `Also gives what the roles imply of ${license.covers.map(code).join(', ')} (it comprises them).` });
  }
  if (license.comprisedBy.length > 0) {
    children.push({ text: `Redundant: included in the held ${license.comprisedBy.map(code).join(', ')}.` });
  }
  if (license.missingPrerequisites.length > 0) {
    children.push({ text: `Prerequisite missing: ${license.missingPrerequisites.map(code).join(', ')}.` });
  }
  return { text: licenseLabel(license.licenseId, catalog), children };
}

function rolesBlock(roles: readonly RoleSummary[], rolesKnown: boolean): string | undefined {
  if (!rolesKnown) {
    return undefined;
  }
  if (roles.length === 0) {
    return 'The user has no roles.';
  }
  return table(
    ['Role', 'How it reaches the user'],
    roles.map((role) => [roleName(role), role.grants.length > 0 ? role.grants.map(grantRoute).join('; ') : '_not known_']),
  );
}

export interface WhyReport {
  userId: string;
  person?: { name?: string; email?: string };
  explanation: LicenseExplanation;
  rolesKnown: boolean;
  notes: readonly string[];
  catalog: DefinitionCatalog;
  provenance: Provenance;
}

export function whyReport({ userId, person, explanation, rolesKnown, notes, catalog, provenance }: WhyReport): string {
  const held = explanation.held;
  const implied = held.filter((license) => license.implied === true);
  const notImplied = held.filter((license) => license.implied === false);
  const unknown = held.filter((license) => license.implied === undefined);
  const missingPrerequisites = held.filter((license) => license.missingPrerequisites.length > 0);
  const redundant = held.filter((license) => license.comprisedBy.length > 0);
  const section = (title: string, items: readonly HeldLicense[], lead?: string) =>
    items.length > 0 ? [`## ${title} (${items.length})`, lead, bulletList(items.map((license) => heldItem(license, catalog)))] : [];
  const summary = rolesKnown
    ? `${count(held.length, 'license')} held: ${implied.length} implied by the user's roles, ${notImplied.length} implied by no role. ${count(explanation.impliedNotHeld.length, 'license')} implied but not held.`
    : `${count(held.length, 'license')} held.`;
  return blocks(
    `# Why ${person?.name ? escapeText(person.name) : `user ${code(userId)}`} holds these licenses`,
    `User ID ${code(userId)}${person?.email ? ` · ${escapeText(person.email)}` : ''}`,
    provenanceLine(provenance),
    ...notes.map((note) => `> ${escapeText(note)}`),
    summary,
    rolesKnown && `## Roles (${explanation.roles.length})`,
    rolesBlock(explanation.roles, rolesKnown),
    ...section('Held and implied by roles', implied),
    ...section(
      'Held but implied by no role',
      notImplied,
      'No role of this user implies these: assigned by hand, or left over from a role the user no longer has. Candidates to remove, once you know no one relies on them.',
    ),
    ...section('Held', unknown, 'Which roles imply these is not known (see the note above).'),
    ...(explanation.impliedNotHeld.length > 0
      ? [
          `## Implied but not held (${explanation.impliedNotHeld.length})`,
          'The roles need these; the user holds them neither directly nor inside a held license.',
          bulletList(
            explanation.impliedNotHeld.map((license) => ({ text: licenseLabel(license.licenseId, catalog), children: license.impliedBy.map(reasonItem) })),
          ),
        ]
      : []),
    ...(missingPrerequisites.length > 0
      ? [
          `## Prerequisites missing (${missingPrerequisites.length})`,
          bulletList(
            missingPrerequisites.map((license) => ({
              text: `${code(license.licenseId)} needs ${license.missingPrerequisites.map(code).join(' and ')}, which the user holds neither directly nor inside another license.`,
            })),
          ),
        ]
      : []),
    ...(redundant.length > 0
      ? [
          `## Comprised by another held license (${redundant.length})`,
          bulletList(
            redundant.map((license) => ({
              text: `${code(license.licenseId)} is included in ${license.comprisedBy.map(code).join(', ')}: holding it as well adds nothing.`,
            })),
          ),
        ]
      : []),
    ...(explanation.precedence.length > 0
      ? [
          `## Add-on precedence (${explanation.precedence.length})`,
          "The roles together imply something different from each role alone: Genesys Cloud gives a user one add-on of a kind (WEM wins over Speech and Text Analytics, for instance), as this org's `infer` applies it.",
          bulletList(
            explanation.precedence.map((note) => ({
              text:
                note.kind === 'aloneOnly'
                  ? `${note.roles.map(roleName).join(', ')} alone ${note.roles.length === 1 ? 'implies' : 'imply'} ${code(note.licenseId)}; all the user's roles together do not.`
                  : `${code(note.licenseId)} is implied by the roles together, by none alone.`,
            })),
          ),
        ]
      : []),
    '## What `infer` cannot know',
    INFER_LIMITS,
  );
}

export interface WhatIfReport {
  userId: string;
  person?: { name?: string };
  added: readonly { id: string; name?: string }[];
  removed: readonly { id: string; name?: string }[];
  held: readonly string[];
  before: readonly string[];
  after: readonly string[];
  change: { add: readonly string[]; remove: readonly string[] };
  notes: readonly string[];
  catalog: DefinitionCatalog;
  provenance: Provenance;
}

export function whatIfReport({ userId, person, added, removed, held, before, after, change, notes, catalog, provenance }: WhatIfReport): string {
  const ids = [...new Set([...before, ...after, ...held])].sort((a, b) => a.localeCompare(b));
  const mark = (yes: boolean) => (yes ? 'yes' : '—');
  const roleList = (roles: readonly { id: string; name?: string }[]) => (roles.length > 0 ? roles.map(roleName).join(', ') : '_none_');
  const changeItems = [
    ...change.add.map((id) => ({ text: `Give ${licenseLabel(id, catalog)}` })),
    ...change.remove.map((id) => ({ text: `Take ${licenseLabel(id, catalog)}` })),
  ];
  return blocks(
    `# What if the roles of ${person?.name ? escapeText(person.name) : `user ${code(userId)}`} change`,
    `User ID ${code(userId)}`,
    provenanceLine(provenance),
    ...notes.map((note) => `> ${escapeText(note)}`),
    '## Role change',
    bulletList([{ text: `Add: ${roleList(added)}` }, { text: `Remove: ${roleList(removed)}` }]),
    '## Licenses the roles imply, before and after (from `infer`)',
    table(
      ['License', 'Implied now', 'Implied after', 'Held now'],
      ids.map((id) => [code(id), mark(before.includes(id)), mark(after.includes(id)), mark(held.includes(id))]),
    ),
    '## The license side of the change',
    changeItems.length > 0 ? bulletList(changeItems) : 'No license would change.',
    'Nothing was changed. With automatic license assignment on, Genesys Cloud gives the licenses of granted roles by itself; removing a license the roles still imply may be undone by the platform.',
    '## What `infer` cannot know',
    INFER_LIMITS,
  );
}
