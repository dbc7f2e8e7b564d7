import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  type AuthorizationRole,
  GenesysApiError,
  type LicenseDefinition,
  type LicenseOrgToggle,
  type LicenseUser,
  type OrganizationAssignments,
  USERS_LICENSES_BATCH_SIZE,
} from '../api';
import { type ActiveSession, describeConnection, type SessionManager } from '../auth/sessionManager';
import { type DefinitionCatalog, definitionReport, type FetchedUser, fetchReport, inferReport, organizationReport, type Provenance, userLicensesReport } from '../core/licenseReports';
import { count } from '../core/markdown';
import type { ResultDocuments } from '../ui/resultDocuments';
import { licenseColumns, usersCsv, usersJson } from '../core/usersExport';
import type { ToggleHistory } from '../state/toggleHistory';
import { type ExportFormat, idListFromArguments, listBriefly, parseExportRequest, parseIdList, type ParsedIds, requireIds, requireUuid, textFromArgument } from '../core/input';
import { catalogOf, inBatches, type Optional, PERMISSIONS, readCatalog, readPeople, readUsersAndPeople, unlessForbidden } from '../core/orgLookups';
import { askExportTarget, askRoleIds, askUserIds, pickDefinition, pickExportFormat, pickFeatureName, pickRoles, pickUser } from '../ui/pickers';
import { runWithProgress } from '../ui/progress';
import type { CommandRegistry } from '../ui/registry';
import { redactor } from '../core/redact';
import { showInformationMessage, showWarningMessage } from '../ui/messages';
import { CommandIds } from '../core/commandIds';

const TOGGLES_DEPRECATED = 'Genesys has deprecated license toggles: reading one always answers enabled, and flipping one changes nothing on real orgs.';

/** What `fetchUsersLicenses` returns: the table's rows and what was left out, and why. */
export interface FetchUsersLicensesOutcome {
  users: FetchedUser[];
  /** Valid IDs the org did not answer for. */
  notFound: string[];
  /** Entries that are not UUIDs: never sent. */
  invalid: string[];
  duplicates: number;
}

export interface FlipToggleOutcome {
  featureName: string;
  enabledBefore?: boolean;
  enabledAfter?: boolean;
}

export interface InferLicensesOutcome {
  roles: { id: string; name?: string }[];
  licenseIds: string[];
}

export interface ExportOutcome {
  uri: vscode.Uri;
  format: ExportFormat;
  users: number;
  licenseIds: string[];
  namesIncluded: boolean;
}

function toggleState(toggle: LicenseOrgToggle): string {
  return toggle.enabled === undefined ? 'no state' : toggle.enabled ? 'enabled' : 'disabled';
}

/** The export target given as an argument: a `vscode.Uri` (or anything shaped like one), a URI string or a path. */
function exportUri(target: unknown): vscode.Uri {
  if (typeof target === 'object' && target !== null && typeof (target as vscode.Uri).scheme === 'string') {
    return vscode.Uri.from(target as vscode.Uri);
  }
  if (typeof target === 'string' && target.trim() !== '') {
    // Two or more letters before "://" make a scheme; "C:\…" stays a Windows path.
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(target)) {
      return vscode.Uri.parse(target);
    }
    if (path.isAbsolute(target)) {
      return vscode.Uri.file(target);
    }
    // Relative to the workspace, never to the extension host's working directory, which the user cannot see.
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (folder) {
      return vscode.Uri.joinPath(folder, target);
    }
  }
  throw new GenesysApiError({ kind: 'invalid-argument', message: `The export target must be an absolute path, a path in the workspace, or a URI (got ${JSON.stringify(target)}). Nothing was exported.` });
}

/**
 * The palette commands, one per License API operation. Each accepts its input as arguments (an ID, a tree row, a
 * list) and asks for what is missing; slow work runs under cancellable progress; failures are thrown to the
 * registry's one error policy. Each returns what it showed, for tests, keybindings and other extensions.
 */
class LicenseCommands {
  constructor(
    private readonly sessions: SessionManager,
    private readonly toggleHistory: ToggleHistory,
    private readonly results: ResultDocuments,
  ) {}

  /** The signed-in org, or the sign-in error (with its "Sign In" action) before anything is asked. */
  private session(): ActiveSession {
    this.sessions.requireClient();
    return this.sessions.current as ActiveSession;
  }

  private provenance(session: ActiveSession): Provenance {
    return { org: describeConnection(session.connection), readAt: new Date() };
  }

  async getUserLicenses(argument?: unknown): Promise<LicenseUser | undefined> {
    const session = this.session();
    const { client } = session;
    const given = textFromArgument(argument) ?? (await pickUser(client));
    if (given === undefined) {
      return undefined;
    }
    const userId = requireUuid(given, 'user ID');
    return runWithProgress(this.sessions, 'Reading the user’s licenses', async ({ signal }) => {
      const [user, people, catalog] = await Promise.all([client.getUserLicenses(userId, { signal }), readPeople(client, [userId], signal), readCatalog(client, signal)]);
      const person = people.value?.get(userId);
      const markdown = userLicensesReport({ user, person, namesNote: people.missing, catalog: catalog.value ?? new Map(), provenance: this.provenance(session) });
      await this.results.showRendered(`Licenses of ${person?.name ?? userId}`, markdown, userId);
      return user;
    });
  }

  async fetchUsersLicenses(first?: unknown, second?: unknown): Promise<FetchUsersLicensesOutcome | undefined> {
    const session = this.session();
    const { client } = session;
    const input = idListFromArguments(first, second) ?? (await askUserIds());
    if (input === undefined) {
      return undefined;
    }
    const parsed = parseIdList(input);
    const ids = requireIds(parsed, 'user IDs');
    return runWithProgress(this.sessions, `Fetching the licenses of ${count(ids.length, 'user')}`, async (task) => {
      // Two passes of about the same number of requests: licenses for every ID, then names for those found.
      const answers = await inBatches(ids, USERS_LICENSES_BATCH_SIZE, task.signal, (batch, signal) => client.fetchUsersLicenses(batch, { signal }), (done) =>
        task.report(`Licenses: ${done.toLocaleString('en-US')} of ${count(ids.length, 'user')}`, done, 2 * ids.length),
      );
      const found = answers.flatMap((answer) => answer.users);
      const people = await readPeople(client, found.map((user) => user.id), task.signal, (done) =>
        task.report(`Names: ${done.toLocaleString('en-US')} of ${count(found.length, 'user')}`, ids.length + (done / found.length) * ids.length, 2 * ids.length),
      );
      const outcome: FetchUsersLicensesOutcome = {
        users: this.withNames(found, people.value),
        notFound: answers.flatMap((answer) => answer.notFound),
        invalid: parsed.invalid,
        duplicates: parsed.duplicates,
      };
      await this.results.showRendered(`Licenses of ${count(found.length, 'user')}`, fetchReport({ ...outcome, namesNote: people.missing, provenance: this.provenance(session) }));
      return outcome;
    });
  }

  /** Rows with the name where the directory gave one (no `name` key where it did not). */
  private withNames(users: readonly { id: string; licenses: string[] }[], people: ReadonlyMap<string, { name?: string }> | undefined): FetchedUser[] {
    return users.map((user) => {
      const name = people?.get(user.id)?.name;
      return name === undefined ? { id: user.id, licenses: user.licenses } : { id: user.id, name, licenses: user.licenses };
    });
  }

  async showDefinition(argument?: unknown): Promise<LicenseDefinition | undefined> {
    const session = this.session();
    const { client } = session;
    const licenseId = textFromArgument(argument);
    if (licenseId === undefined) {
      const catalog = catalogOf(await runWithProgress(this.sessions, 'Reading the license definitions', ({ signal }) => client.listDefinitions({ signal })));
      const picked = await pickDefinition(catalog);
      return picked && this.showDefinitionDocument(session, picked, catalog);
    }
    return runWithProgress(this.sessions, `Reading the license ${licenseId}`, async ({ signal }) => {
      const [definition, catalog] = await Promise.all([client.getDefinition(licenseId, { signal }), readCatalog(client, signal)]);
      return this.showDefinitionDocument(session, definition, catalog.value ?? new Map());
    });
  }

  private async showDefinitionDocument(session: ActiveSession, definition: LicenseDefinition, catalog: DefinitionCatalog): Promise<LicenseDefinition> {
    await this.results.showRendered(`License ${definition.id ?? ''}`, definitionReport(definition, catalog, this.provenance(session)));
    return definition;
  }

  /** The toggle the argument names, or one typed or picked among those used before in this org: read, remembered. */
  private async readToggle(argument: unknown, title: string): Promise<{ session: ActiveSession; featureName: string; toggle: LicenseOrgToggle } | undefined> {
    const session = this.session();
    const featureName = textFromArgument(argument) ?? (await pickFeatureName(`${title} (deprecated by Genesys)`, this.toggleHistory.names(session.connection.id)));
    if (featureName === undefined) {
      return undefined;
    }
    const toggle = await runWithProgress(this.sessions, `Reading the license toggle ${featureName}`, ({ signal }) => session.client.getToggle(featureName, { signal }));
    await this.toggleHistory.remember(session.connection.id, featureName);
    return { session, featureName, toggle };
  }

  async getToggle(argument?: unknown): Promise<LicenseOrgToggle | undefined> {
    const read = await this.readToggle(argument, 'Get License Toggle');
    if (read) {
      void showInformationMessage(`License toggle "${read.featureName}": ${toggleState(read.toggle)}. ${TOGGLES_DEPRECATED}`);
    }
    return read?.toggle;
  }

  /** Shows the current value, asks (modal), flips once, shows the new value. A write: never sent again on failure. */
  async flipToggle(argument?: unknown): Promise<FlipToggleOutcome | undefined> {
    const read = await this.readToggle(argument, 'Flip License Toggle');
    if (!read) {
      return undefined;
    }
    const { session, featureName, toggle: before } = read;
    const flip = 'Flip';
    const answer = await showWarningMessage(
      `Flip the license toggle "${featureName}"? It reads ${toggleState(before)} now.`,
      { modal: true, detail: `${TOGGLES_DEPRECATED} The request is sent once.` },
      flip,
    );
    if (answer !== flip) {
      return undefined;
    }
    const after = await runWithProgress(this.sessions, `Flipping the license toggle ${featureName}`, ({ signal }) => session.client.flipToggle(featureName, { signal }));
    const unchanged = after.enabled === before.enabled ? ': unchanged, as Genesys documents for its deprecated toggles' : '';
    void showInformationMessage(`License toggle "${featureName}" now reads ${toggleState(after)} (it read ${toggleState(before)})${unchanged}.`);
    return { featureName, enabledBefore: before.enabled, enabledAfter: after.enabled };
  }

  async inferLicenses(argument?: unknown): Promise<InferLicensesOutcome | undefined> {
    const session = this.session();
    const { client } = session;
    const given = idListFromArguments(argument);
    let picked: AuthorizationRole[] | undefined;
    let pasted: ParsedIds | undefined;
    if (given !== undefined) {
      pasted = parseIdList(given);
    } else {
      const roles = await runWithProgress(this.sessions, 'Reading the org’s roles', ({ signal }) => unlessForbidden(client.listRoles({ signal }), PERMISSIONS.roleView));
      if (roles.value) {
        picked = await pickRoles(roles.value);
        if (picked?.length === 0) {
          throw new GenesysApiError({ kind: 'invalid-argument', message: 'No role was picked: pick one or more roles to infer their licenses.' });
        }
      } else {
        const typed = await askRoleIds(roles.missing);
        pasted = typed === undefined ? undefined : parseIdList(typed);
      }
    }
    if (!picked && !pasted) {
      return undefined;
    }
    if (pasted && pasted.invalid.length > 0) {
      // Inferring from part of the roles would answer a question that was not asked.
      throw new GenesysApiError({ kind: 'invalid-argument', message: `Not role IDs: ${listBriefly(pasted.invalid)}. Role IDs are UUIDs; nothing was sent.` });
    }
    const roleIds = picked?.map((role) => role.id) ?? requireIds(pasted as ParsedIds, 'role IDs');
    return runWithProgress(this.sessions, `Inferring the licenses of ${count(roleIds.length, 'role')}`, async ({ signal }) => {
      // Pasted IDs are named from the roles listing when the sign-in may read it.
      const named: Promise<Optional<AuthorizationRole[]>> = picked ? Promise.resolve({ value: picked }) : unlessForbidden(client.listRoles({ signal }), PERMISSIONS.roleView);
      const [licenseIds, catalog, roleNames] = await Promise.all([client.inferLicenses(roleIds, { signal }), readCatalog(client, signal), named]);
      const nameOf = new Map((roleNames.value ?? []).map((role) => [role.id, role.name]));
      const roles = roleIds.map((id) => (nameOf.get(id) ? { id, name: nameOf.get(id) } : { id }));
      const notes = [roleNames.missing && `role names not shown: ${roleNames.missing}`, catalog.missing && `license descriptions not shown: ${catalog.missing}`].filter(Boolean).join('; ');
      const markdown = inferReport({ roles, rolesNote: notes || undefined, licenseIds, catalog: catalog.value ?? new Map(), provenance: this.provenance(session) });
      await this.results.showRendered(`Licenses implied by ${count(roles.length, 'role')}`, markdown);
      return { roles, licenseIds };
    });
  }

  async showOrganizationAssignments(): Promise<OrganizationAssignments> {
    const session = this.session();
    const { client } = session;
    return runWithProgress(this.sessions, 'Reading the organization’s license assignments', async (task) => {
      let usersScanned: number | undefined;
      const [assignments, catalog] = await Promise.all([
        client.getOrganizationAssignments({
          signal: task.signal,
          onProgress: (scan) => {
            usersScanned = scan.usersLoaded;
            task.report(`Users listing: ${scan.usersLoaded.toLocaleString('en-US')} of ${count(scan.total, 'user')}`, scan.pagesLoaded, scan.pageCount);
          },
        }),
        readCatalog(client, task.signal),
      ]);
      const markdown = organizationReport({ assignments, usersScanned, catalog: catalog.value ?? new Map(), provenance: this.provenance(session) });
      await this.results.showRendered(`License assignments of ${session.connection.orgName ?? 'the organization'}`, markdown);
      return assignments;
    });
  }

  /** Every user and their licenses to a CSV or JSON file; the file is written only once everything was read. */
  async exportUsers(argument?: unknown): Promise<ExportOutcome | undefined> {
    const session = this.session();
    const { client } = session;
    const request = parseExportRequest(argument);
    const format = request.format ?? (await pickExportFormat());
    if (format === undefined) {
      return undefined;
    }
    const uri = request.target !== undefined ? exportUri(request.target) : await askExportTarget(format, session.connection.orgName ?? 'org');
    if (uri === undefined) {
      return undefined;
    }
    const outcome = await runWithProgress(this.sessions, `Exporting users and licenses to ${path.basename(uri.path)}`, async (task) => {
      const { users: listed, people } = await readUsersAndPeople(client, task.signal, (message, done, total) => task.report(message, done, total));
      const users = this.withNames(listed, people.value);
      const text = format === 'csv' ? usersCsv(users, people.value !== undefined) : usersJson(users, describeConnection(session.connection), new Date());
      if (task.signal.aborted) {
        throw new GenesysApiError({ kind: 'cancelled', message: 'The export was cancelled.' }); // after the last request: still no file
      }
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(redactor.redact(text)));
      const result: ExportOutcome = { uri, format, users: users.length, licenseIds: licenseColumns(users), namesIncluded: people.value !== undefined };
      return { result, namesMissing: people.missing };
    });
    const names = outcome.namesMissing ? ` without names (${outcome.namesMissing})` : '';
    void showInformationMessage(`Exported ${count(outcome.result.users, 'user')}${names} to ${path.basename(uri.path)}.`, 'Open').then((choice) => {
      if (choice === 'Open') {
        void vscode.window.showTextDocument(uri);
      }
    });
    return outcome.result;
  }
}

/** Registers the License API commands; the manifest contributes them under "Genesys Cloud Licenses". */
export function registerLicenseCommands(registry: CommandRegistry, sessions: SessionManager, toggleHistory: ToggleHistory, results: ResultDocuments): void {
  const commands = new LicenseCommands(sessions, toggleHistory, results);
  registry.register(CommandIds.getUserLicenses, 'Get user licenses', (argument?: unknown) => commands.getUserLicenses(argument));
  registry.register(CommandIds.fetchUsersLicenses, 'Fetch licenses for users', (first?: unknown, second?: unknown) => commands.fetchUsersLicenses(first, second));
  registry.register(CommandIds.showDefinition, 'Show license definition', (argument?: unknown) => commands.showDefinition(argument));
  registry.register(CommandIds.getToggle, 'Get license toggle', (argument?: unknown) => commands.getToggle(argument));
  registry.register(CommandIds.flipToggle, 'Flip license toggle', (argument?: unknown) => commands.flipToggle(argument));
  registry.register(CommandIds.inferLicenses, 'Infer licenses from roles', (argument?: unknown) => commands.inferLicenses(argument));
  registry.register(CommandIds.showOrganizationAssignments, 'Show organization license assignments', () => commands.showOrganizationAssignments());
  registry.register(CommandIds.exportUsers, 'Export users and licenses', (argument?: unknown) => commands.exportUsers(argument));
}
