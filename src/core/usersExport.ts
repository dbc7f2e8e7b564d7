/** The files "Export Users and Licenses" writes: CSV for spreadsheets, JSON for scripts. Pure. */
import type { FetchedUser } from './licenseReports';

/** Spreadsheets (Excel above all) read a CSV as UTF-8 only when it starts with a byte order mark. */
const UTF8_BOM = '\uFEFF';

/** Every license anyone holds, sorted: the CSV's license columns, headed by license ID. */
export function licenseColumns(users: readonly FetchedUser[]): string[] {
  return [...new Set(users.flatMap((user) => user.licenses))].sort((a, b) => a.localeCompare(b));
}

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. A field a
 * spreadsheet would run as a formula (a name starting with =, +, - or @) is prefixed with an apostrophe, as OWASP
 * advises for CSV injection: a display name is not to be trusted as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row a user, one column a license (1 when held, empty when not); a name column when names were read. */
export function usersCsv(users: readonly FetchedUser[], withNames: boolean): string {
  const columns = licenseColumns(users);
  const header = ['id', ...(withNames ? ['name'] : []), ...columns];
  const rows = users.map((user) => {
    const held = new Set(user.licenses);
    return [user.id, ...(withNames ? [user.name ?? ''] : []), ...columns.map((id) => (held.has(id) ? '1' : ''))];
  });
  return csvDocument([header, ...rows]);
}

/** Rows of plain values as a CSV file a spreadsheet opens as UTF-8: every field through `csvField`, CRLF line ends. */
export function csvDocument(rows: readonly (readonly string[])[]): string {
  return `${UTF8_BOM}${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export interface UsersJsonExport {
  organization: string;
  exportedAt: string;
  licenseIds: string[];
  users: FetchedUser[];
}

export function usersJson(users: readonly FetchedUser[], organization: string, exportedAt: Date): string {
  const document: UsersJsonExport = { organization, exportedAt: exportedAt.toISOString(), licenseIds: licenseColumns(users), users: [...users] };
  return `${JSON.stringify(document, null, 2)}\n`;
}
