/**
 * The Markdown of each result document: a user's licenses, a license definition, the fetch table, the infer
 * result and the organization's assignments. Pure: the commands gather the data, these only write it.
 */
import type { OrganizationAssignments } from '../api/client';
import type { DirectoryUser, LicenseDefinition, LicenseUser } from '../api/models';
import { blocks, bulletList, code, count, escapeText, type ListItem, table } from './markdown';

/** The org's definitions by ID: descriptions for licenses that answers name only by ID (prerequisites, infer). */
export type DefinitionCatalog = ReadonlyMap<string, LicenseDefinition>;

/** Which org the data came from and when it was read, said under every title. */
export interface Provenance {
  org: string;
  readAt: Date;
}

export function provenanceLine({ org, readAt }: Provenance): string {
  return `_${escapeText(org)} · read ${readAt.toISOString().slice(0, 16).replace('T', ' ')} UTC_`;
}

function describe(id: string, catalog: DefinitionCatalog, own?: LicenseDefinition): string {
  const description = own?.description ?? catalog.get(id)?.description;
  return description ? `${code(id)} — ${escapeText(description)}` : `${code(id)} _(not among the org's license definitions)_`;
}

/** Its own permissions and those of everything it comprises, at any depth. */
function allPermissions(definition: LicenseDefinition): Set<string> {
  return new Set([...(definition.permissions?.ids ?? []), ...(definition.comprises ?? []).flatMap((part) => [...allPermissions(part)])]);
}

function comprisedItems(parts: readonly LicenseDefinition[], catalog: DefinitionCatalog): ListItem[] {
  return parts.map((part) => {
    const id = part.id ?? '(no ID)';
    return {
      text: `${describe(id, catalog, part)} (${count(part.permissions?.ids.length ?? 0, 'permission')})`,
      children: comprisedItems(part.comprises ?? [], catalog),
    };
  });
}

function prerequisiteIds(definition: LicenseDefinition): string[] {
  return (definition.prerequisites ?? []).flatMap((prerequisite) => (prerequisite.id ? [prerequisite.id] : []));
}

/** Description, permissions, prerequisites and what it comprises (nested), under headings of the given level. */
function definitionBody(definition: LicenseDefinition, catalog: DefinitionCatalog, level: number): (string | undefined)[] {
  const heading = '#'.repeat(level);
  const permissions = definition.permissions?.ids ?? [];
  const prerequisites = prerequisiteIds(definition);
  const parts = definition.comprises ?? [];
  const granted = allPermissions(definition).size;
  return [
    definition.description ? escapeText(definition.description) : '_No description._',
    `${heading} Permissions (${permissions.length})`,
    permissions.length > 0 ? bulletList(permissions.map((permission) => ({ text: code(permission) }))) : '_None of its own._',
    granted > permissions.length ? `With what it comprises it grants ${count(granted, 'permission')} in all.` : undefined,
    `${heading} Prerequisites (${prerequisites.length})`,
    prerequisites.length > 0
      ? `A user must hold these (directly or through a license that comprises them) before this one can be assigned:\n\n${bulletList(prerequisites.map((id) => ({ text: describe(id, catalog) })))}`
      : 'None.',
    `${heading} Comprises (${parts.length})`,
    parts.length > 0 ? `Holding it also gives:\n\n${bulletList(comprisedItems(parts, catalog))}` : 'Nothing else: it stands alone.',
  ];
}

export function definitionReport(definition: LicenseDefinition, catalog: DefinitionCatalog, provenance: Provenance): string {
  return blocks(`# License ${code(definition.id ?? '(no ID)')}`, provenanceLine(provenance), ...definitionBody(definition, catalog, 2));
}

function idList(ids: readonly string[]): string {
  return ids.map(code).join(', ');
}

export interface UserLicensesReport {
  user: LicenseUser;
  /** From the directory, when the sign-in may read it. */
  person?: DirectoryUser;
  /** Why the name is missing, when it could not be read. */
  namesNote?: string;
  catalog: DefinitionCatalog;
  provenance: Provenance;
}

export function userLicensesReport({ user, person, namesNote, catalog, provenance }: UserLicensesReport): string {
  const id = user.id ?? '(no ID)';
  const licenses = user.licenses ?? [];
  const summary = licenses.map((license) => {
    const licenseId = license.id ?? '(no ID)';
    return [
      code(licenseId),
      escapeText(license.description ?? catalog.get(licenseId)?.description ?? ''),
      String(license.permissions?.ids.length ?? 0),
      idList(prerequisiteIds(license)),
      idList((license.comprises ?? []).flatMap((part) => (part.id ? [part.id] : []))),
    ];
  });
  return blocks(
    `# Licenses of ${person?.name ? escapeText(person.name) : `user ${code(id)}`}`,
    `User ID ${code(id)}${person?.email ? ` · ${escapeText(person.email)}` : ''}`,
    provenanceLine(provenance),
    namesNote && `_Name not shown: ${escapeText(namesNote)}._`,
    licenses.length > 0 ? `${count(licenses.length, 'license')} held directly:` : 'This user holds no licenses.',
    licenses.length > 0 && table(['License', 'Description', 'Permissions', 'Prerequisites', 'Comprises'], summary),
    ...licenses.flatMap((license) => [`## ${code(license.id ?? '(no ID)')}`, ...definitionBody(license, catalog, 3)]),
  );
}

export interface FetchedUser {
  id: string;
  /** Present when the sign-in may read names. */
  name?: string;
  licenses: string[];
}

export interface FetchReport {
  users: FetchedUser[];
  /** Valid IDs the org did not answer for. */
  notFound: string[];
  /** Entries that were not UUIDs: never sent. */
  invalid: string[];
  duplicates: number;
  namesNote?: string;
  provenance: Provenance;
}

export function fetchReport({ users, notFound, invalid, duplicates, namesNote, provenance }: FetchReport): string {
  const asked = users.length + notFound.length;
  const outcome = [
    `Asked for ${count(asked, 'user ID')}${duplicates > 0 ? ` (${count(duplicates, 'duplicate')} merged)` : ''}`,
    `${users.length.toLocaleString('en-US')} found`,
    notFound.length > 0 && `${notFound.length.toLocaleString('en-US')} not in this org`,
    invalid.length > 0 && `${count(invalid.length, 'entry', 'entries')} not a UUID and not sent`,
  ].filter(Boolean);
  const withNames = namesNote === undefined;
  const rows = users.map((user) => [
    code(user.id),
    ...(withNames ? [escapeText(user.name ?? '')] : []),
    user.licenses.length > 0 ? idList(user.licenses) : '_none_',
  ]);
  return blocks(
    `# Licenses of ${count(users.length, 'user')}`,
    provenanceLine(provenance),
    `${outcome.join(', ')}.`,
    namesNote && `_Names not shown: ${escapeText(namesNote)}._`,
    users.length > 0 && table(['User ID', ...(withNames ? ['Name'] : []), 'Licenses'], rows),
    notFound.length > 0 && `## Not found in this org (${notFound.length.toLocaleString('en-US')})`,
    notFound.length > 0 && bulletList(notFound.map((id) => ({ text: code(id) }))),
    invalid.length > 0 && `## Not sent: not UUIDs (${invalid.length.toLocaleString('en-US')})`,
    invalid.length > 0 && bulletList(invalid.map((entry) => ({ text: code(entry) }))),
  );
}

export interface InferReport {
  roles: { id: string; name?: string }[];
  /** Why role names are missing, when they could not be read. */
  rolesNote?: string;
  licenseIds: string[];
  catalog: DefinitionCatalog;
  provenance: Provenance;
}

export function inferReport({ roles, rolesNote, licenseIds, catalog, provenance }: InferReport): string {
  const rows = licenseIds.map((id) => [
    code(id),
    escapeText(catalog.get(id)?.description ?? "(not among the org's license definitions)"),
    String(catalog.get(id)?.permissions?.ids.length ?? ''),
  ]);
  return blocks(
    `# Licenses implied by ${count(roles.length, 'role')}`,
    provenanceLine(provenance),
    `## Roles (${roles.length})`,
    rolesNote && `_Role names not shown: ${escapeText(rolesNote)}._`,
    bulletList(roles.map((role) => ({ text: role.name ? `**${escapeText(role.name)}** ${code(role.id)}` : code(role.id) }))),
    `## Licenses these roles imply (${licenseIds.length})`,
    licenseIds.length > 0 ? table(['License', 'Description', 'Permissions'], rows) : 'None: these roles grant no permission that a license provides.',
  );
}

export interface OrganizationReport {
  assignments: OrganizationAssignments;
  /** Users read by the scan, when the assignments were rebuilt from it. */
  usersScanned?: number;
  catalog: DefinitionCatalog;
  provenance: Provenance;
}

function sourceText(source: OrganizationAssignments['source'], usersScanned: number | undefined): string {
  return source === 'legacy-endpoint'
    ? 'Source: this org still answers `GET /api/v2/license/organization`, the operation Genesys removed from its public API in 2019; the holders are as it lists them.'
    : `Source: rebuilt from the paged users listing (\`GET /api/v2/license/users\`${usersScanned !== undefined ? `, ${count(usersScanned, 'user')} read` : ''}), because this org answers 404 to \`GET /api/v2/license/organization\`, which Genesys removed in 2019. Holders are the users a license is assigned to directly; users who get it inside another license (one that comprises it) are not counted.`;
}

export function organizationReport({ assignments, usersScanned, catalog, provenance }: OrganizationReport): string {
  const licenseIds = [...new Set([...catalog.keys(), ...Object.keys(assignments.licenses)])].sort((a, b) => a.localeCompare(b));
  const holders = (id: string) => assignments.licenses[id] ?? [];
  const rows = licenseIds.map((id) => [
    code(id),
    holders(id).length.toLocaleString('en-US'),
    escapeText(catalog.get(id)?.description ?? "(not among the org's license definitions)"),
  ]);
  return blocks(
    `# License assignments${assignments.name ? ` of ${escapeText(assignments.name)}` : ''}`,
    provenanceLine(provenance),
    sourceText(assignments.source, usersScanned),
    table(['License', 'Holders', 'Description'], rows),
    ...licenseIds
      .filter((id) => holders(id).length > 0)
      .flatMap((id) => [`## ${code(id)} — ${count(holders(id).length, 'holder')}`, bulletList(holders(id).map((user) => ({ text: code(user.id) })))]),
  );
}
